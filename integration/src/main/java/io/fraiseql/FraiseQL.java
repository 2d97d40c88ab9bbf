package io.fraiseql;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.Limits;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.internal.CatalogReader;
import io.fraiseql.internal.ConnectionPage;
import io.fraiseql.internal.MutationRunner;
import io.fraiseql.internal.Pacer;
import io.fraiseql.internal.StreamSlots;
import io.fraiseql.internal.ReadRouting;
import io.fraiseql.planner.Catalog;
import io.fraiseql.planner.FraiseSchema;
import io.fraiseql.planner.PlanResult;
import io.fraiseql.planner.Planner;
import io.fraiseql.planner.PlannerOptions;
import io.fraiseql.planner.RootPlan;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.Backends;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.LogContext;
import io.fraiseql.spi.PoolStatistics;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.sql.SqlRenderer;
import io.fraiseql.transform.FieldWriter;
import io.fraiseql.transform.MalformedRowException;
import io.fraiseql.transform.Projection;
import io.fraiseql.transform.ResponseWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FraiseQL engine: GraphQL request in, response bytes out, computed from PostgreSQL views
 * without an object tree in between. Build one per application with {@link #builder()}; it is
 * thread-safe and owns a connection pool, so close it at shutdown.
 *
 * <pre>{@code
 * try (FraiseQL engine = FraiseQL.builder()
 *     .schemaFile(Path.of("schema.graphql"))
 *     .databaseUrl("postgresql://app:secret@localhost:5432/app")
 *     .build()) {
 *   byte[] json = engine.execute(GraphQLRequest.of("{ users(limit: 10) { id email } }"));
 * }
 * }</pre>
 */
public final class FraiseQL implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FraiseQL.class);

  /**
   * The most rows a root field may answer with and still go to the client whole; a field that
   * may answer with more streams (see {@link #executeAsync(GraphQLRequest, ResponseTarget)}).
   * The backends read this many rows per fetch.
   */
  public static final int STREAM_ROWS = 256;

  /** How long {@link #ready()} waits for a pooled connection before it checks outside the pool. */
  static final long READY_POOL_WAIT_MILLIS = 500;
  private static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

  private static final Projection NO_SELECTION = Projection.compile(
      new Selection.ObjectSelection("Query", List.of()));

  private final DatabaseBackend backend;
  private final ReadRouting reads;
  private final Planner planner;
  private final SqlRenderer renderer;
  private final List<SessionVariable> sessionVariables;
  private final Function<GraphQLRequest, String> role;
  private final ExecutorService blockingExecutor;
  private final CursorCodec cursors;
  private final MutationRunner mutations;
  private final StreamSlots streamSlots;
  /** Blocking backends: where readiness checks run, so that one stuck on a busy pool can be timed. */
  private final ExecutorService readyExecutor;
  private final Liveness primaryLiveness;
  private final Liveness replicaLiveness; // null: no replica
  private final boolean replicaRequired;

  private FraiseQL(Builder b, DatabaseBackend backend, DatabaseBackend replica, FraiseSchema schema) {
    this.backend = backend;
    if (b.cursorSecret == null && schema.hasConnections()) {
      LOG.warn("No cursor secret is set: Relay cursors are signed with a random key of this process, so they"
          + " stop working after a restart and on other replicas. Set one secret for all instances"
          + " (builder.cursorSecret; server: --cursor-secret or FRAISEQL_CURSOR_SECRET)");
    }
    this.reads = new ReadRouting(backend, replica, b.readFallbackToPrimary);
    this.cursors = new CursorCodec(b.cursorSecret != null ? b.cursorSecret : CursorCodec.randomSecret());
    this.planner = new Planner(schema,
        new PlannerOptions(b.limits, b.documentCacheSize, b.documentCacheBytes, b.introspection,
            b.templateCacheSize, b.templateCacheBytes), cursors);
    this.renderer = new SqlRenderer(backend.bindStyle());
    this.mutations = new MutationRunner(backend, renderer);
    this.sessionVariables = List.copyOf(b.sessionVariables);
    this.role = b.role;
    this.blockingExecutor = backend.blocking() ? Executors.newFixedThreadPool(b.poolSize, daemonThreads("fraiseql-blocking-")) : null;
    this.streamSlots = new StreamSlots(b.streamSlots());
    this.readyExecutor = backend.blocking() ? Executors.newCachedThreadPool(daemonThreads("fraiseql-ready-")) : null;
    this.primaryLiveness = new Liveness(backend);
    this.replicaLiveness = replica == null ? null : new Liveness(replica);
    // a replica that reads may fall back from need not answer for the engine to serve
    this.replicaRequired = replica != null && !b.readFallbackToPrimary;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The SQL the project ships: the {@code mutation_response} type and its helper functions
   * ({@code mutation_success}, {@code mutation_created}, {@code mutation_validation_error},
   * {@code mutation_not_found}, {@code mutation_conflict}, {@code mutation_noop}). Safe to run
   * again; the engine never runs it by itself.
   */
  public static String shippedSql() {
    try (var in = FraiseQL.class.getResourceAsStream("/fraiseql/mutation_response.sql")) {
      if (in == null) {
        throw new IllegalStateException("fraiseql/mutation_response.sql is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The SDL with everything the engine generates (filter, order, connection inputs, scalars), as
   * introspection shows it. Needs no database: the schema is loaded without a catalog, which
   * changes how filters are rendered to SQL (flat columns), never the GraphQL types.
   *
   * @throws io.fraiseql.planner.SchemaException when the SDL cannot be served
   */
  public static String printSchema(String sdl) {
    return FraiseSchema.load(sdl, Catalog.unknown()).print();
  }

  /**
   * Parses and validates a document ahead of its requests and keeps it for good (outside the
   * bounded document cache), as for the persisted queries a server loads at startup.
   *
   * @return the document's errors; empty when it is valid
   */
  public List<GraphQLErrorEntry> prepare(String query) {
    return planner.prepare(query);
  }

  /**
   * Whether the document is parsed and validated already (a {@linkplain #prepare prepared} one, or
   * one in the document cache): {@link #executeAsync(GraphQLRequest, ResponseTarget)} then plans it
   * in microseconds, without parsing, so an event loop may call it for a non-{@linkplain #blocking()
   * blocking} backend. A new document can take milliseconds or more to parse and validate: run
   * its first request on a worker thread.
   */
  public boolean parsed(String query) {
    return planner.parsed(query);
  }

  /**
   * True when the backend blocks the thread that runs a request (JDBC): callers on an event loop
   * hand every request to a worker thread. False for the non-blocking backends (Vert.x, R2DBC),
   * whose requests never wait on the calling thread.
   */
  public boolean blocking() {
    return blockingExecutor != null;
  }

  /** The backend's connection pool right now, for metrics; empty when the backend cannot tell. */
  public java.util.Optional<PoolStatistics> poolStatistics() {
    return backend.poolStatistics();
  }

  /** The loaded schema (with the generated inputs). */
  public FraiseSchema schema() {
    return planner.schema();
  }

  /** Plan templates kept for requests with variables, and their estimated heap in bytes. */
  long[] templateCacheUsage() {
    return planner.templateCacheUsage();
  }

  /** The id of the backend in use. */
  public String backendId() {
    return backend.id();
  }

  /** Runs a request and returns the whole response. */
  public byte[] execute(GraphQLRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      execute(request, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * Runs a request, writing the response to {@code out} as rows arrive; memory stays bounded
   * however large the answer. Throws only when {@code out} fails.
   *
   * @return what the request did (operation, error codes, rows), for logs and metrics
   */
  public ExecutionSummary execute(GraphQLRequest request, OutputStream out) throws IOException {
    Tally tally = new Tally();
    try {
      run(request, out, tally).toCompletableFuture().join();
      return tally.summary();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Runs a request without blocking the caller; blocking backends run on the engine's threads. */
  public CompletionStage<byte[]> executeAsync(GraphQLRequest request) {
    if (blockingExecutor != null) {
      return CompletableFuture.supplyAsync(() -> execute(request), blockingExecutor);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    return run(request, out, new Tally()).thenApply(v -> out.toByteArray());
  }

  /**
   * Runs a request without ever waiting for {@code target}'s consumer: for servers whose clients
   * may read slowly, or not at all. The request is planned on the calling thread. An answer that
   * may have more than {@value #STREAM_ROWS} rows streams: it waits for one of the
   * {@linkplain Builder#streamSlots(int) stream slots} (holding no thread and no connection
   * meanwhile), then its rows are paused whenever the target is behind and resumed when it calls
   * back, so a client that stops reading holds only that slot's connection. Every other answer
   * (small lists, reads by id, connection pages, mutations) goes to the target whole as soon as
   * the database has answered, releasing its connection at once.
   *
   * <p>With a blocking backend (JDBC) small answers run on the calling thread, which must be
   * allowed to block for the database as with {@link #execute(GraphQLRequest, OutputStream)};
   * streams run on the engine's own threads, at most as many as there are stream slots.
   *
   * @return completes with what the request did (operation, error codes, rows) once the whole
   *     response was handed to the target, or fails (with an {@link IOException} when the
   *     target's consumer went away)
   */
  public CompletionStage<ExecutionSummary> executeAsync(GraphQLRequest request, ResponseTarget target) {
    PlanResult plan;
    boolean streams;
    try {
      plan = plan(request);
      streams = plan instanceof PlanResult.Operation op && streams(op);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Pacer out = new Pacer(target, streams);
    Tally tally = new Tally();
    if (!streams) {
      return run(request, plan, out, out, tally).thenApply(v -> tally.summary());
    }
    Executor runner = blockingExecutor != null ? blockingExecutor : Runnable::run;
    return streamSlots.acquire().thenComposeAsync(v -> runInSlot(request, plan, out, tally), runner)
        .thenApply(v -> tally.summary());
  }

  /** Runs a stream that holds a slot, and releases the slot when it is done (or fails to start). */
  private CompletionStage<Void> runInSlot(GraphQLRequest request, PlanResult plan, Pacer out, Tally tally) {
    CompletionStage<Void> done;
    try {
      done = run(request, plan, out, out, tally);
    } catch (RuntimeException e) {
      streamSlots.release();
      throw e;
    }
    return done.whenComplete((v, failure) -> streamSlots.release());
  }

  /** Whether a request may answer with more than {@value #STREAM_ROWS} rows in one field (a list or groups). */
  private boolean streams(PlanResult.Operation op) {
    Prepared prepared = prepared(op);
    for (int i = 0; i < op.fields().size(); i++) {
      RootPlan field = op.fields().get(i);
      try {
        PreparedField pf = field instanceof RootPlan.Data data ? preparedQuery(data, i, prepared)
            : field instanceof RootPlan.Aggregate a ? preparedAggregate(a, i, prepared) : null;
        if (pf != null && !pf.statement().boundedBy(STREAM_ROWS)) {
          return true;
        }
      } catch (RuntimeException e) {
        // the field fails again, alone, when it runs
      }
    }
    return false;
  }

  /**
   * Completes with true when the engine can serve: the database answers, and so does the read
   * replica when one is configured (unless reads may fall back to the primary). Never fails. A
   * pool whose connections are all busy is not a database that is down: when a pooled connection
   * does not answer within {@value #READY_POOL_WAIT_MILLIS} ms, the backend checks with a
   * connection of its own ({@link DatabaseBackend#probe()}, at most about once a second).
   * Concurrent calls share one check per database (with {@link #replicaReady()} too), so a flood
   * of readiness probes costs each database one query at a time.
   */
  public CompletionStage<Boolean> ready() {
    CompletionStage<Boolean> primary = primaryLiveness.check();
    return replicaRequired ? primary.thenCombine(replicaLiveness.check(), (p, r) -> p && r) : primary;
  }

  /**
   * Completes with whether the read replica answers (checked like the primary in {@link #ready()});
   * empty when none is configured. Never fails.
   */
  public CompletionStage<Optional<Boolean>> replicaReady() {
    return replicaLiveness == null
        ? CompletableFuture.completedFuture(Optional.empty())
        : replicaLiveness.check().thenApply(Optional::of);
  }

  /**
   * How far the read replica's data may lag behind the primary: zero when it has replayed all the
   * changes it received, else the age of the last transaction it replayed. Empty when no replica is
   * configured, or while it cannot tell (nothing replayed since it started); fails with
   * {@code CONNECTION_ERROR} when the replica is down. For a metrics gauge or a health check.
   */
  public CompletionStage<Optional<Duration>> replicaLag() {
    return reads.replicaLag();
  }

  /** Whether one database answers: a pooled connection first, else a connection of its own. */
  private final class Liveness {
    private final DatabaseBackend database;
    private final AtomicReference<CompletableFuture<Boolean>> running = new AtomicReference<>();
    private volatile long probedAt;
    private volatile boolean probed;

    Liveness(DatabaseBackend database) {
      this.database = database;
    }

    /** Whether the database answers; concurrent calls (from ready() and replicaReady() too) share one check. */
    CompletionStage<Boolean> check() {
      while (true) {
        CompletableFuture<Boolean> current = running.get();
        if (current != null) {
          return current.thenApply(up -> up);
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        if (running.compareAndSet(null, mine)) {
          checkNow().whenComplete((up, failure) -> {
            running.compareAndSet(mine, null);
            mine.complete(failure == null && Boolean.TRUE.equals(up));
          });
          return mine.thenApply(up -> up);
        }
      }
    }

    private CompletionStage<Boolean> checkNow() {
      CompletableFuture<Boolean> pooled = call(database::ping);
      return pooled.completeOnTimeout(false, READY_POOL_WAIT_MILLIS, TimeUnit.MILLISECONDS)
          .thenCompose(up -> up ? CompletableFuture.completedFuture(true) : probe());
    }

    /** The database checked outside the pool; a result less than a second old is reused. */
    private CompletionStage<Boolean> probe() {
      long now = System.nanoTime();
      long at = probedAt;
      if (at != 0 && now - at < PROBE_INTERVAL_NANOS) {
        return CompletableFuture.completedFuture(probed);
      }
      return call(database::probe).whenComplete((up, failure) -> {
        probed = failure == null && Boolean.TRUE.equals(up);
        probedAt = now == 0 ? 1 : now;
      });
    }
  }

  /** A backend check, off the caller's thread when the backend blocks; false when it throws. */
  private CompletableFuture<Boolean> call(java.util.function.Supplier<CompletionStage<Boolean>> check) {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    Runnable run = () -> {
      try {
        check.get().whenComplete((up, failure) -> answer.complete(failure == null && Boolean.TRUE.equals(up)));
      } catch (RuntimeException e) {
        answer.complete(false);
      }
    };
    if (readyExecutor == null) {
      run.run();
    } else {
      try {
        readyExecutor.execute(run);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        answer.complete(false); // closed
      }
    }
    return answer;
  }

  private CompletionStage<Void> run(GraphQLRequest request, OutputStream out, Tally tally) {
    return run(request, plan(request), out, null, tally);
  }

  /**
   * The plan of a request. A plan served from a plan template holds parameters that each field's
   * rendered statements bind to the request's values; should the SQL builder refuse to render a
   * template (its fields are rendered before its first request), the request is planned on its
   * own instead, and so is every request of that template.
   */
  private PlanResult plan(GraphQLRequest request) {
    PlanResult plan = planner.plan(request.query(), request.operationName(), request.variables());
    if (plan instanceof PlanResult.Operation op && op.parameters() != null && !renders(op)) {
      return planner.planOnItsOwn(request.query(), request.operationName(), request.variables());
    }
    return plan;
  }

  /** Whether every field of a plan template renders (see {@code Prepared.renders}). */
  boolean renders(PlanResult.Operation template) {
    return prepared(template).renders(template, renderer, mutations);
  }

  private Prepared prepared(PlanResult.Operation op) {
    return op.memo().get(Prepared.class, () -> new Prepared(op, planner));
  }

  /** Runs a planned request; with a pacer, streamed rows are held back while its target is behind. */
  private CompletionStage<Void> run(GraphQLRequest request, PlanResult plan, OutputStream out, Pacer pacer,
      Tally tally) {
    try {
      if (plan instanceof PlanResult.Rejected rejected) {
        tally.errors(rejected.errors());
        new ResponseWriter(out).errorsOnly(rejected.errors());
        return CompletableFuture.completedFuture(null);
      }
      PlanResult.Operation op = (PlanResult.Operation) plan;
      tally.operation(op);
      SessionSettings settings;
      try {
        settings = settings(request);
      } catch (FraiseQLException e) { // a role that cannot be used: nothing runs
        List<GraphQLErrorEntry> errors = List.of(GraphQLErrorEntry.of(e.code(), e.getMessage(), List.of()));
        tally.errors(errors);
        new ResponseWriter(out).errorsOnly(errors);
        return CompletableFuture.completedFuture(null);
      }
      ResponseWriter writer = new ResponseWriter(out, ResponseWriter.DEFAULT_FLUSH_THRESHOLD, op.rootTypeName());
      Prepared prepared = prepared(op);
      LogContext log = LogContext.capture();
      writer.startData();
      // the first field starts now (chaining it after a completed stage would only allocate),
      // each further one once the one before it has ended
      CompletionStage<Void> chain;
      if (op.fields().isEmpty()) {
        chain = CompletableFuture.completedFuture(null);
      } else {
        try {
          chain = runField(op.fields().get(0), 0, prepared, op.parameters(), writer, settings, pacer, tally, log);
        } catch (RuntimeException e) {
          chain = CompletableFuture.failedFuture(e); // as it would fail inside thenCompose
        }
      }
      for (int i = 1; i < op.fields().size(); i++) {
        int index = i;
        chain = chain.thenCompose(v -> runField(op.fields().get(index), index, prepared, op.parameters(), writer,
            settings, pacer, tally, log));
      }
      return chain.thenRun(() -> {
        try {
          writer.finish();
          tally.errors(writer.errors());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * What a request did, gathered as it runs: the root fields run one after the other (each
   * stage completes before the next starts), so plain fields are enough.
   */
  private static final class Tally {
    private String operationType;
    private String operationName;
    private List<GraphQLErrorEntry> errors = List.of();
    private long rows;

    void operation(PlanResult.Operation op) {
      operationType = op.mutation() ? "mutation" : "query";
      operationName = op.operationName();
      if (operationName == null) {
        List<graphql.language.OperationDefinition> ops =
            op.document().getDefinitionsOfType(graphql.language.OperationDefinition.class);
        operationName = ops.size() == 1 ? ops.get(0).getName() : null;
      }
    }

    void errors(List<GraphQLErrorEntry> entries) {
      errors = entries;
    }

    void rows(long n) {
      rows += n;
    }

    ExecutionSummary summary() {
      List<ErrorCode> codes = new ArrayList<>(errors.size());
      for (GraphQLErrorEntry e : errors) {
        codes.add(e.code());
      }
      return new ExecutionSummary(operationType, operationName, codes, rows);
    }
  }

  /**
   * Runs one root field. {@code parameters} are the request's values for a plan template (null
   * for a plan of its own): the field's rendered statements are the template's, bound to them.
   */
  private CompletionStage<Void> runField(RootPlan field, int index, Prepared prepared, Object[] parameters,
      ResponseWriter writer, SessionSettings settings, Pacer pacer, Tally tally, LogContext log) {
    if (field instanceof RootPlan.Typename t) {
      writer.valueField(t.responseKey(), t.typeName());
    } else if (field instanceof RootPlan.Introspection i) {
      writer.valueField(i.responseKey(), prepared.introspection.get(i.responseKey()));
    } else if (field instanceof RootPlan.Mutation m) {
      return runMutation(m, index, prepared, parameters, writer, settings, tally, log);
    } else if (field instanceof RootPlan.Connection c) {
      return runConnection(c, prepared.field(index, field, renderer).bind(parameters), writer, settings, tally, log);
    } else if (field instanceof RootPlan.Aggregate a) {
      var def = a.query();
      return stream(def.responseKey(), preparedAggregate(a, index, prepared).bind(parameters), def.grouped(),
          def.nonNull(),
          def.itemsNonNull(), a.locations(), writer, settings, pacer, tally, log);
    } else if (field instanceof RootPlan.Failed f) {
      // through a field writer, so a non-null field's null propagates to data
      writer.startField(f.responseKey(), NO_SELECTION, false, f.nonNull(), false).fail(f.error());
    } else {
      RootPlan.Data data = (RootPlan.Data) field;
      var def = data.query();
      return stream(def.responseKey(), preparedQuery(data, index, prepared).bind(parameters),
          def.shape() == io.fraiseql.api.plan.QueryDef.Shape.LIST,
          def.nonNull(), def.itemsNonNull(), data.locations(), writer, settings, pacer, tally, log);
    }
    return CompletableFuture.completedFuture(null);
  }

  /** A query field's compiled projection and statement, from the plan's memo. */
  private PreparedField preparedQuery(RootPlan.Data data, int index, Prepared prepared) {
    return prepared.field(index, data, renderer);
  }

  /** An aggregate field's compiled projection and statement, from the plan's memo. */
  private PreparedField preparedAggregate(RootPlan.Aggregate a, int index, Prepared prepared) {
    return prepared.field(index, a, renderer);
  }

  /**
   * A root field answered by one statement whose rows are projected as they stream: a list, a row
   * by id, an aggregate (one row) or groups (a list). With a pacer, its rows are held back while
   * the pacer's target is behind.
   */
  private CompletionStage<Void> stream(String key, PreparedField prepared, boolean list, boolean nonNull,
      boolean itemsNonNull, List<GraphQLErrorEntry.Location> locations, ResponseWriter writer,
      SessionSettings settings, Pacer pacer, Tally tally, LogContext log) {
    FieldWriter fw = writer.startField(key, prepared.projection(), list, nonNull, itemsNonNull);
    return reads.stream(settings, prepared.statement(), pacer == null ? fw : pacer.sink(fw)).handle((v, failure) -> {
        tally.rows(fw.rowsReceived());
        if (failure == null) {
          fw.end();
          return null;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof MalformedRowException) {
          return null; // the writer already failed the field and recorded the error
        }
        if (cause instanceof IOException io) {
          throw new UncheckedIOException(io); // the client's output failed: nothing more to write
        }
        fw.fail(GraphQLErrorEntry.of(fieldError(cause, log), locations, List.of(key)));
        return null;
    });
  }

  /**
   * A connection: the total (when selected), then one bounded page, assembled into the
   * connection document and projected like a single row.
   */
  private CompletionStage<Void> runConnection(RootPlan.Connection c, PreparedField prepared, ResponseWriter writer,
      SessionSettings settings, Tally tally, LogContext log) {
    ConnectionPage page = new ConnectionPage(c, cursors);
    ByteArrayOutputStream total = new ByteArrayOutputStream(16);
    CompletionStage<Void> counted = prepared.count() == null
        ? CompletableFuture.completedFuture(null)
        : reads.stream(settings, prepared.count(), (b, off, len) -> total.write(b, off, len));
    return counted
        .thenCompose(v -> reads.stream(settings, prepared.statement(), page))
        .handle((v, failure) -> {
          tally.rows(page.rows());
          FieldWriter fw = writer.startField(c.responseKey(), prepared.projection(), false, c.nonNull(), false);
          if (failure == null) {
            try {
              byte[] doc = page.document(c.count() == null ? null : total.toByteArray());
              fw.row(doc, 0, doc.length);
              fw.end();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return null;
          }
          fw.fail(GraphQLErrorEntry.of(fieldError(failure, log), c.locations(), List.of(c.responseKey())));
          return null;
        });
  }

  /**
   * A mutation field: its transaction completes before anything of it is written. {@code parameters}
   * are the request's values for a plan template (null for a plan of its own).
   */
  private CompletionStage<Void> runMutation(RootPlan.Mutation m, int index, Prepared prepared,
      Object[] parameters, ResponseWriter writer, SessionSettings settings, Tally tally, LogContext log) {
    CompletionStage<MutationRunner.Outcome> run;
    try {
      run = mutations.run(prepared.mutation(index, m, mutations), parameters, settings);
    } catch (RuntimeException e) { // a statement that does not render fails its field alone
      run = CompletableFuture.failedFuture(e);
    }
    return run.handle((outcome, failure) -> {
      if (failure == null) {
        FieldWriter fw = writer.startField(m.responseKey(), outcome.projection(), false, m.nonNull(), false);
        try {
          if (outcome.document() != null) {
            tally.rows(1);
            fw.row(outcome.document(), 0, outcome.length());
          }
          fw.end();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      }
      writer.startField(m.responseKey(), NO_SELECTION, false, m.nonNull(), false)
          .fail(GraphQLErrorEntry.of(fieldError(failure, log), m.locations(), List.of(m.responseKey())));
      return null;
    });
  }

  /**
   * What the engine derives from one plan, kept in the plan's memo: the introspection answers
   * (computed with the plan) and, per root field read from SQL, its compiled projection and
   * rendered statements (computed when the field first runs; a field whose rendering fails keeps
   * nothing and fails again the next time, alone). For a plan template the statements hold
   * parameters, bound to each request's values when the field runs.
   */
  private static final class Prepared {
    final Map<String, Object> introspection;
    private final java.util.concurrent.atomic.AtomicReferenceArray<PreparedField> fields;
    private final java.util.concurrent.atomic.AtomicReferenceArray<MutationRunner.Prepared> mutations;
    /** For a template: every field read from SQL was rendered (see {@link #renders}). */
    private volatile boolean rendered;

    Prepared(PlanResult.Operation op, Planner planner) {
      this.introspection = op.hasIntrospection() ? planner.introspect(op) : Map.of();
      this.fields = new java.util.concurrent.atomic.AtomicReferenceArray<>(op.fields().size());
      this.mutations = new java.util.concurrent.atomic.AtomicReferenceArray<>(op.mutation() ? op.fields().size() : 0);
    }

    /** The compiled projections and rendered statements of the mutation field at {@code index}. */
    MutationRunner.Prepared mutation(int index, RootPlan.Mutation field, MutationRunner runner) {
      MutationRunner.Prepared m = mutations.get(index);
      if (m == null) {
        m = runner.prepare(field.mutation());
        mutations.set(index, m); // a race prepares the same value twice: harmless
      }
      return m;
    }

    /** The projection and statements of the field at {@code index}, rendered the first time. */
    PreparedField field(int index, RootPlan field, SqlRenderer renderer) {
      PreparedField f = fields.get(index);
      if (f == null) {
        f = render(field, renderer);
        fields.set(index, f); // a race computes the same immutable value twice: harmless
      }
      return f;
    }

    /**
     * Whether every field of a template read from SQL or written renders. A plan template holds
     * parameters in place of values; should the SQL builder refuse one, the request is planned on
     * its own instead of failing (and the next request tries again).
     */
    boolean renders(PlanResult.Operation template, SqlRenderer renderer, MutationRunner runner) {
      if (rendered) {
        return true;
      }
      try {
        for (int i = 0; i < template.fields().size(); i++) {
          RootPlan f = template.fields().get(i);
          if (f instanceof RootPlan.Data || f instanceof RootPlan.Aggregate || f instanceof RootPlan.Connection) {
            field(i, f, renderer);
          } else if (f instanceof RootPlan.Mutation m) {
            mutation(i, m, runner);
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("A plan template did not render; its requests are planned one by one: {}", e.toString());
        return false;
      }
      rendered = true;
      return true;
    }

    private static PreparedField render(RootPlan field, SqlRenderer renderer) {
      if (field instanceof RootPlan.Connection c) {
        return new PreparedField(Projection.compile(c.selection()),
            c.count() == null ? null : renderer.count(c.count()), renderer.selectPage(c.page()));
      }
      if (field instanceof RootPlan.Aggregate a) {
        return new PreparedField(Projection.compile(a.query().selection()), null, renderer.aggregate(a.query()));
      }
      QueryDef def = ((RootPlan.Data) field).query();
      return new PreparedField(Projection.compile(def.selection()), null, renderer.select(def));
    }
  }

  /** A root field's compiled projection, its statement and, for a connection, its count. */
  private record PreparedField(Projection projection, SqlStatement count, SqlStatement statement) {
    /** The field for one request of a template: its statements bound to the request's values. */
    PreparedField bind(Object[] parameters) {
      if (parameters == null || !(statement.parameterized() || (count != null && count.parameterized()))) {
        return this;
      }
      return new PreparedField(projection, count == null ? null : count.bind(parameters), statement.bind(parameters));
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /**
   * The client-safe error of a failed field: the engine's own, or an internal error (logged with
   * the request's logging context: this may run on a backend's I/O thread).
   */
  private static FraiseQLException fieldError(Throwable failure, LogContext log) {
    Throwable cause = unwrap(failure);
    return cause instanceof FraiseQLException fe ? fe : internal(cause, log);
  }

  private static FraiseQLException internal(Throwable cause, LogContext log) {
    if (cause instanceof UnsupportedOperationException) {
      return new FraiseQLException(ErrorCode.INTERNAL_ERROR, cause.getMessage(), null, null, cause);
    }
    log.run(() -> LOG.error("Unexpected failure while executing a query", cause));
    return new FraiseQLException(ErrorCode.INTERNAL_ERROR, "Internal error", null, null, cause);
  }

  /**
   * The request's session variables and role. {@code none} is not a role ({@code SET ROLE none}
   * would return to the login role): a request naming it is FORBIDDEN before any SQL.
   */
  private SessionSettings settings(GraphQLRequest request) {
    String roleName = role == null ? null : role.apply(request);
    if (roleName != null && (roleName.isEmpty() || roleName.equals("none"))) {
      throw new FraiseQLException(ErrorCode.FORBIDDEN, "The role of this request is not allowed");
    }
    if (sessionVariables.isEmpty()) {
      return roleName == null ? SessionSettings.empty() : SessionSettings.of(Map.of(), roleName);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (SessionVariable v : sessionVariables) {
      String value = v.provider().apply(request);
      if (value != null) {
        values.put(v.name(), value);
      }
    }
    return SessionSettings.of(values, roleName);
  }

  @Override
  public void close() {
    streamSlots.close();
    if (readyExecutor != null) {
      readyExecutor.shutdown();
    }
    if (blockingExecutor != null) {
      blockingExecutor.shutdown();
    }
    reads.closeReplica();
    backend.close();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Settings of an engine; validated once by {@link #build()}. */
  public static final class Builder {
    private String sdl;
    private Path schemaFile;
    private DatabaseUrl databaseUrl;
    private Object dataSource;
    private String backendId;
    private int poolSize = 2 * Runtime.getRuntime().availableProcessors();
    private Duration statementTimeout = Duration.ofSeconds(30);
    private Duration poolTimeout = Duration.ofSeconds(5);
    private Limits limits = Limits.DEFAULTS;
    private int documentCacheSize = PlannerOptions.DEFAULT_DOCUMENT_CACHE_SIZE;
    private int streamSlots;
    private long documentCacheBytes = PlannerOptions.DEFAULT_DOCUMENT_CACHE_BYTES;
    private boolean introspection = true;
    private int templateCacheSize = PlannerOptions.DEFAULT_TEMPLATE_CACHE_SIZE;
    private long templateCacheBytes = PlannerOptions.DEFAULT_TEMPLATE_CACHE_BYTES;
    private final List<SessionVariable> sessionVariables = new ArrayList<>();
    private Function<GraphQLRequest, String> role;
    private final Map<String, Object> backendOptions = new LinkedHashMap<>();
    private byte[] cursorSecret;
    private DatabaseUrl readDatabaseUrl;
    private Object readDataSource;
    private boolean readFallbackToPrimary;
    private boolean pgBouncer;

    private Builder() {}

    /**
     * A read replica ({@code FRAISEQL_READ_DATABASE_URL}): queries run there, mutations and their
     * re-reads on {@link #databaseUrl(String) the primary}. It gets a pool of its own of
     * {@link #poolSize(int)} connections. A replica lags behind: a read right after a mutation may
     * not see it yet.
     */
    public Builder readDatabaseUrl(String url) {
      this.readDatabaseUrl = DatabaseUrl.parse(url);
      return this;
    }

    public Builder readDatabaseUrl(DatabaseUrl url) {
      this.readDatabaseUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** A connection source for the read replica, like {@link #dataSource(Object)} for the primary. */
    public Builder readDataSource(Object dataSource) {
      this.readDataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * When the read replica cannot be reached, run the read on the primary instead (logged) rather
     * than failing it with {@code CONNECTION_ERROR} ({@code FRAISEQL_READ_FALLBACK_TO_PRIMARY});
     * default false. Only connection failures fall back, never query errors.
     */
    public Builder readFallbackToPrimary(boolean fallback) {
      this.readFallbackToPrimary = fallback;
      return this;
    }

    /**
     * Set when the databases are reached through PgBouncer in {@code pool_mode = transaction} (or
     * another pooler that hands out server connections per transaction) ({@code FRAISEQL_PGBOUNCER});
     * default false. The backends then keep nothing in the session: the statement timeout and the
     * time zone are set in every transaction (never as startup parameters, which PgBouncer
     * refuses), and no server-side prepared statement is expected to outlive its transaction.
     */
    public Builder pgBouncer(boolean pgBouncer) {
      this.pgBouncer = pgBouncer;
      return this;
    }

    /**
     * The secret that signs Relay cursors (at least 16 bytes). Set the same secret on every
     * instance of a deployment; without one, the engine signs with a random key of its own (and
     * logs a warning when the schema has a connection): cursors then stop working after a
     * restart and on other replicas, but nobody can forge one.
     */
    public Builder cursorSecret(byte[] secret) {
      if (secret == null || secret.length < 16) {
        throw new IllegalArgumentException("the cursor secret needs at least 16 bytes");
      }
      this.cursorSecret = secret.clone();
      return this;
    }

    /** The SDL text. */
    public Builder schema(String sdl) {
      this.sdl = Objects.requireNonNull(sdl, "sdl");
      return this;
    }

    /** The SDL file ({@code FRAISEQL_SCHEMA}). */
    public Builder schemaFile(Path file) {
      this.schemaFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** {@code postgresql://user:pass@host:port/db} ({@code FRAISEQL_DATABASE_URL}). */
    public Builder databaseUrl(String url) {
      this.databaseUrl = DatabaseUrl.parse(url);
      return this;
    }

    public Builder databaseUrl(DatabaseUrl url) {
      this.databaseUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** A connection source the backend understands (a {@code javax.sql.DataSource} for jdbc). */
    public Builder dataSource(Object dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** The backend id; wins over {@code FRAISEQL_DB_BACKEND}. */
    public Builder backend(String id) {
      this.backendId = id;
      return this;
    }

    /** Maximum connections ({@code FRAISEQL_POOL_SIZE}); default 2 x cores. */
    public Builder poolSize(int size) {
      this.poolSize = size;
      return this;
    }

    /** Per-statement timeout ({@code FRAISEQL_STATEMENT_TIMEOUT}); default 30 s. */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How long a request waits for a free connection; default 5 s. */
    public Builder poolTimeout(Duration timeout) {
      this.poolTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Parsed and validated documents kept, by query text; default 1,000 (0: none). */
    public Builder documentCacheSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("documentCacheSize must not be negative");
      }
      this.documentCacheSize = size;
      return this;
    }

    /**
     * How many responses may stream a large answer at once through
     * {@link FraiseQL#executeAsync(GraphQLRequest, ResponseTarget)} (each holds a connection while
     * its client reads); the others wait their turn without holding one. Default: half the pool
     * size, at least 1. At most the pool size.
     */
    public Builder streamSlots(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("streamSlots must be at least 1, got " + slots);
      }
      this.streamSlots = slots;
      return this;
    }

    int streamSlots() {
      return streamSlots > 0 ? streamSlots : Math.max(1, poolSize / 2);
    }

    /**
     * The estimated heap the kept documents and their plans may take together; default 64 MiB. A
     * document heavier than that is planned but not kept.
     */
    public Builder documentCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("documentCacheBytes must not be negative");
      }
      this.documentCacheBytes = bytes;
      return this;
    }

    /**
     * Whether {@code __schema} and {@code __type} are answered; default true. When false they are
     * refused with {@code GRAPHQL_VALIDATION_FAILED}; {@code __typename} keeps working.
     */
    public Builder introspection(boolean enabled) {
      this.introspection = enabled;
      return this;
    }

    /**
     * Plan templates kept for queries and mutations with variables, by document, operation and the
     * shape of the variables (which are absent or null, list lengths, input fields given, and the
     * values that change the plan: orderBy, limit, offset, first, last, cursors,
     * {@code @skip}/{@code @include}, {@code isnull}...); at most 16 per operation. Default 1,000; 0 plans each such request on
     * its own.
     */
    public Builder templateCacheSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("templateCacheSize must not be negative");
      }
      this.templateCacheSize = size;
      return this;
    }

    /** The estimated heap the plan templates may take in all; default 32 MiB (0 keeps none). */
    public Builder templateCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("templateCacheBytes must not be negative");
      }
      this.templateCacheBytes = bytes;
      return this;
    }

    public Builder sessionVariable(SessionVariable variable) {
      sessionVariables.add(Objects.requireNonNull(variable, "variable"));
      return this;
    }

    /**
     * The database role each request's transactions run under ({@code SET LOCAL ROLE}, so
     * row-level security policies written {@code TO role} apply), computed from the request;
     * {@code null} from the provider keeps the connection's own role. A role the database refuses
     * is {@code FORBIDDEN}. The server takes it from a verified token claim
     * ({@code r -> r.attributes().get("claim:role")}).
     */
    public Builder role(Function<GraphQLRequest, String> provider) {
      this.role = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * A backend-specific option ({@link BackendConfig#options()}), e.g.
     * {@link BackendConfig#METER_REGISTRY} for a Micrometer registry the backend registers its
     * pool's own meters with.
     */
    public Builder backendOption(String name, Object value) {
      backendOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Starts the backend, reads the sources' columns from the catalog and loads the schema. Fails
     * with a message naming what is wrong; the pool is closed again on failure.
     */
    public FraiseQL build() {
      String text = sdl;
      if (text == null) {
        if (schemaFile == null) {
          throw new IllegalStateException("No schema: call schema(sdl) or schemaFile(path)");
        }
        try {
          text = Files.readString(schemaFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IllegalStateException("Cannot read the schema file " + schemaFile + ": " + e.getMessage(), e);
        }
      }
      if (databaseUrl == null && dataSource == null) {
        throw new IllegalStateException("No database: call databaseUrl(url) or dataSource(ds)");
      }
      if (streamSlots > poolSize) {
        throw new IllegalStateException("streamSlots (" + streamSlots + ") must not exceed poolSize (" + poolSize + ")");
      }
      boolean replicated = readDatabaseUrl != null || readDataSource != null;
      if (readFallbackToPrimary && !replicated) {
        throw new IllegalStateException("readFallbackToPrimary needs a read replica: call readDatabaseUrl(url) or readDataSource(ds)");
      }
      var relations = FraiseSchema.sourceRelations(text);
      BackendProvider provider = Backends.select(backendId);
      DatabaseBackend backend = provider.create(config(databaseUrl, dataSource, backendOptions));
      DatabaseBackend replica = null;
      try {
        replica = replicated ? provider.create(config(readDatabaseUrl, readDataSource)) : null;
        // the primary is the source of truth, and the engine starts while a replica is down;
        // a streaming replica has the very same catalog
        Catalog catalog = CatalogReader.read(backend, relations);
        FraiseSchema schema = FraiseSchema.load(text, catalog);
        LOG.info("FraiseQL ready: backend {}, pool size {}, database {}{}{}", backend.id(), poolSize,
            databaseUrl == null ? "(data source)" : databaseUrl,
            replicated ? ", reads from " + (readDatabaseUrl == null ? "(data source)" : readDatabaseUrl)
                + (readFallbackToPrimary ? " (falling back to the primary when it is unreachable)" : "") : "",
            pgBouncer ? ", through PgBouncer in transaction mode" : "");
        return new FraiseQL(this, backend, replica, schema);
      } catch (RuntimeException e) {
        if (replica != null) {
          replica.close();
        }
        backend.close();
        if (e instanceof CompletionException && e.getCause() instanceof FraiseQLException fe) {
          throw new IllegalStateException("Cannot read the database catalog: " + fe.getMessage(), fe);
        }
        throw e;
      }
    }

    private BackendConfig config(DatabaseUrl url, Object source) {
      return config(url, source, Map.of());
    }

    /** The backend options given to the primary only (a meter registry names one pool). */
    private BackendConfig config(DatabaseUrl url, Object source, Map<String, Object> extra) {
      Map<String, Object> options = new LinkedHashMap<>(extra);
      if (source != null) {
        options.put("dataSource", source);
      }
      return new BackendConfig(url, poolSize, statementTimeout, poolTimeout, options, pgBouncer);
    }
  }
}
