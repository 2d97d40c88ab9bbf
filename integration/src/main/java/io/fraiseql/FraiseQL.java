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
import io.fraiseql.planner.Catalog;
import io.fraiseql.planner.FraiseSchema;
import io.fraiseql.planner.PlanResult;
import io.fraiseql.planner.Planner;
import io.fraiseql.planner.RootPlan;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.Backends;
import io.fraiseql.spi.DatabaseBackend;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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

  private static final Projection NO_SELECTION = Projection.compile(
      new Selection.ObjectSelection("Query", List.of()));

  private final DatabaseBackend backend;
  private final Planner planner;
  private final SqlRenderer renderer;
  private final List<SessionVariable> sessionVariables;
  private final ExecutorService blockingExecutor;
  private final CursorCodec cursors;
  private final MutationRunner mutations;

  private FraiseQL(Builder b, DatabaseBackend backend, FraiseSchema schema) {
    this.backend = backend;
    this.cursors = new CursorCodec(b.cursorSecret != null ? b.cursorSecret : CursorCodec.deriveSecret(schema.print()));
    this.planner = new Planner(schema, b.limits, b.documentCacheSize, cursors, b.templateCacheSize,
        b.templateCacheBytes);
    this.renderer = new SqlRenderer(backend.bindStyle());
    this.mutations = new MutationRunner(backend, renderer);
    this.sessionVariables = List.copyOf(b.sessionVariables);
    this.blockingExecutor = backend.blocking() ? Executors.newFixedThreadPool(b.poolSize, daemonThreads()) : null;
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
   */
  public void execute(GraphQLRequest request, OutputStream out) throws IOException {
    try {
      run(request, out).toCompletableFuture().join();
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
    return run(request, out).thenApply(v -> out.toByteArray());
  }

  /** Completes with true when the database answers. */
  public CompletionStage<Boolean> ready() {
    return backend.ping();
  }

  private CompletionStage<Void> run(GraphQLRequest request, OutputStream out) {
    PlanResult plan = planner.plan(request.query(), request.operationName(), request.variables());
    try {
      if (plan instanceof PlanResult.Rejected rejected) {
        new ResponseWriter(out).errorsOnly(rejected.errors());
        return CompletableFuture.completedFuture(null);
      }
      PlanResult.Operation planned = (PlanResult.Operation) plan;
      Prepared ready = prepared(planned);
      if (planned.parameters() != null && !ready.renders(planned, renderer)) {
        // a template the SQL builder cannot render: this request is planned on its own
        PlanResult own = planner.planOnItsOwn(request.query(), request.operationName(), request.variables());
        if (own instanceof PlanResult.Rejected rejected) {
          new ResponseWriter(out).errorsOnly(rejected.errors());
          return CompletableFuture.completedFuture(null);
        }
        planned = (PlanResult.Operation) own;
        ready = prepared(planned);
      }
      PlanResult.Operation op = planned;
      Prepared prepared = ready;
      ResponseWriter writer = new ResponseWriter(out, ResponseWriter.DEFAULT_FLUSH_THRESHOLD, op.rootTypeName());
      SessionSettings settings = settings(request);
      writer.startData();
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (int i = 0; i < op.fields().size(); i++) {
        int index = i;
        chain = chain.thenCompose(v -> runField(op.fields().get(index), index, prepared, op.parameters(), writer,
            settings));
      }
      return chain.thenRun(() -> {
        try {
          writer.finish();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Whether every field of a plan template renders (see {@code Prepared.renders}); for tests. */
  boolean renders(PlanResult.Operation template) {
    return prepared(template).renders(template, renderer);
  }

  private Prepared prepared(PlanResult.Operation op) {
    return op.memo().get(Prepared.class, () -> new Prepared(op, planner));
  }

  /**
   * Runs one root field. {@code parameters} are the request's values for a plan template (null
   * for a plan of its own): the field's rendered statements are the template's, bound to them.
   */
  private CompletionStage<Void> runField(RootPlan field, int index, Prepared prepared, Object[] parameters,
      ResponseWriter writer, SessionSettings settings) {
    if (field instanceof RootPlan.Typename t) {
      writer.valueField(t.responseKey(), t.typeName());
    } else if (field instanceof RootPlan.Introspection i) {
      writer.valueField(i.responseKey(), prepared.introspection.get(i.responseKey()));
    } else if (field instanceof RootPlan.Mutation m) {
      return runMutation(m, writer, settings);
    } else if (field instanceof RootPlan.Connection c) {
      return runConnection(c, prepared.field(index, field, renderer).bind(parameters), writer, settings);
    } else if (field instanceof RootPlan.Aggregate a) {
      var def = a.query();
      PreparedField pf = prepared.field(index, field, renderer);
      return stream(def.responseKey(), pf.projection(), pf.statement().bind(parameters), def.grouped(),
          def.nonNull(), def.itemsNonNull(), a.locations(), writer, settings);
    } else if (field instanceof RootPlan.Failed f) {
      // through a field writer, so a non-null field's null propagates to data
      writer.startField(f.responseKey(), NO_SELECTION, false, f.nonNull(), false).fail(f.error());
    } else {
      var def = ((RootPlan.Data) field).query();
      PreparedField pf = prepared.field(index, field, renderer);
      return stream(def.responseKey(), pf.projection(), pf.statement().bind(parameters),
          def.shape() == io.fraiseql.api.plan.QueryDef.Shape.LIST, def.nonNull(), def.itemsNonNull(),
          ((RootPlan.Data) field).locations(), writer, settings);
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * A root field answered by one statement whose rows are projected as they stream: a list, a row
   * by id, an aggregate (one row) or groups (a list). {@code statement} is bound to the request.
   */
  private CompletionStage<Void> stream(String key, Projection projection, SqlStatement statement, boolean list,
      boolean nonNull, boolean itemsNonNull, List<GraphQLErrorEntry.Location> locations, ResponseWriter writer,
      SessionSettings settings) {
    FieldWriter fw = writer.startField(key, projection, list, nonNull, itemsNonNull);
    return backend.stream(settings, statement, fw).handle((v, failure) -> {
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
        fw.fail(GraphQLErrorEntry.of(fieldError(cause), locations, List.of(key)));
        return null;
    });
  }

  /**
   * A connection: the total (when selected), then one bounded page, assembled into the
   * connection document and projected like a single row.
   */
  private CompletionStage<Void> runConnection(
      RootPlan.Connection c, PreparedField prepared, ResponseWriter writer, SessionSettings settings) {
    ConnectionPage page = new ConnectionPage(c, cursors);
    ByteArrayOutputStream total = new ByteArrayOutputStream(16);
    CompletionStage<Void> counted = prepared.count() == null
        ? CompletableFuture.completedFuture(null)
        : backend.stream(settings, prepared.count(), (b, off, len) -> total.write(b, off, len));
    return counted
        .thenCompose(v -> backend.stream(settings, prepared.statement(), page))
        .handle((v, failure) -> {
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
          fw.fail(GraphQLErrorEntry.of(fieldError(failure), c.locations(), List.of(c.responseKey())));
          return null;
        });
  }

  /** A mutation field: its transaction completes before anything of it is written. */
  private CompletionStage<Void> runMutation(RootPlan.Mutation m, ResponseWriter writer, SessionSettings settings) {
    return mutations.run(m.mutation(), settings).handle((outcome, failure) -> {
      if (failure == null) {
        FieldWriter fw = writer.startField(m.responseKey(), outcome.selection(), false, m.nonNull(), false);
        try {
          if (outcome.document() != null) {
            fw.row(outcome.document(), 0, outcome.document().length);
          }
          fw.end();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      }
      writer.startField(m.responseKey(), NO_SELECTION, false, m.nonNull(), false)
          .fail(GraphQLErrorEntry.of(fieldError(failure), m.locations(), List.of(m.responseKey())));
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
    /** For a template: every field read from SQL was rendered (see {@link #renders}). */
    private volatile boolean rendered;

    Prepared(PlanResult.Operation op, Planner planner) {
      this.introspection = op.hasIntrospection() ? planner.introspect(op) : Map.of();
      this.fields = new java.util.concurrent.atomic.AtomicReferenceArray<>(op.fields().size());
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
     * Whether every field of a template read from SQL renders. A plan template holds parameters
     * in place of values; should the SQL builder refuse one, the request is planned on its own
     * instead of failing (and the next request tries again).
     */
    boolean renders(PlanResult.Operation template, SqlRenderer renderer) {
      if (rendered) {
        return true;
      }
      try {
        for (int i = 0; i < template.fields().size(); i++) {
          RootPlan f = template.fields().get(i);
          if (f instanceof RootPlan.Data || f instanceof RootPlan.Aggregate || f instanceof RootPlan.Connection) {
            field(i, f, renderer);
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

  /** The client-safe error of a failed field: the engine's own, or an internal error (logged). */
  private static FraiseQLException fieldError(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause instanceof FraiseQLException fe ? fe : internal(cause);
  }

  private static FraiseQLException internal(Throwable cause) {
    if (cause instanceof UnsupportedOperationException) {
      return new FraiseQLException(ErrorCode.INTERNAL_ERROR, cause.getMessage(), null, null, cause);
    }
    LOG.error("Unexpected failure while executing a query", cause);
    return new FraiseQLException(ErrorCode.INTERNAL_ERROR, "Internal error", null, null, cause);
  }

  private SessionSettings settings(GraphQLRequest request) {
    if (sessionVariables.isEmpty()) {
      return SessionSettings.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (SessionVariable v : sessionVariables) {
      String value = v.provider().apply(request);
      if (value != null) {
        values.put(v.name(), value);
      }
    }
    return SessionSettings.of(values);
  }

  @Override
  public void close() {
    if (blockingExecutor != null) {
      blockingExecutor.shutdown();
    }
    backend.close();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "fraiseql-blocking-" + n.incrementAndGet());
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
    private int documentCacheSize = 1_000;
    private int templateCacheSize = Planner.DEFAULT_TEMPLATE_CACHE_SIZE;
    private long templateCacheBytes = Planner.DEFAULT_TEMPLATE_CACHE_BYTES;
    private final List<SessionVariable> sessionVariables = new ArrayList<>();
    private byte[] cursorSecret;

    private Builder() {}

    /**
     * The secret that signs Relay cursors (at least 16 bytes). Set the same secret on every
     * instance of a deployment; without one, a secret derived from the schema is used, which
     * keeps cursors valid across restarts but does not stop someone who knows the schema from
     * forging one (a forged cursor can only select rows the filter allows anyway).
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

    /** Parsed and validated documents kept, by query text; default 1,000. */
    public Builder documentCacheSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("documentCacheSize must not be negative");
      }
      this.documentCacheSize = size;
      return this;
    }

    /**
     * Plan templates kept for queries with variables, by document, operation and the shape of the
     * variables (which are absent or null, list lengths, input fields given, and the values that
     * change the plan: orderBy, limit, offset, first, last, cursors, {@code @skip}/{@code @include},
     * {@code isnull}...); at most 16 per operation. Default 1,000; 0 plans each such request on
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
      var relations = FraiseSchema.sourceRelations(text);
      BackendProvider provider = Backends.select(backendId);
      Map<String, Object> options = dataSource == null ? Map.of() : Map.of("dataSource", dataSource);
      BackendConfig config = new BackendConfig(databaseUrl, poolSize, statementTimeout, poolTimeout, options);
      DatabaseBackend backend = provider.create(config);
      try {
        Catalog catalog = CatalogReader.read(backend, relations);
        FraiseSchema schema = FraiseSchema.load(text, catalog);
        LOG.info("FraiseQL ready: backend {}, pool size {}, database {}", backend.id(), poolSize,
            databaseUrl == null ? "(data source)" : databaseUrl);
        return new FraiseQL(this, backend, schema);
      } catch (RuntimeException e) {
        backend.close();
        if (e instanceof CompletionException && e.getCause() instanceof FraiseQLException fe) {
          throw new IllegalStateException("Cannot read the database catalog: " + fe.getMessage(), fe);
        }
        throw e;
      }
    }
  }
}
