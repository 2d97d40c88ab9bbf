package io.fraiseql.backend.r2dbc;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.SqlStates;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.FlowControl;
import io.fraiseql.spi.LogContext;
import io.fraiseql.spi.PoolStatistics;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.spi.TransactionWork;
import io.fraiseql.sql.SessionSql;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.ValidationDepth;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * Runs statements through r2dbc-postgresql on an r2dbc-pool {@link ConnectionPool}. Each
 * transaction: a pooled connection, {@code BEGIN}, the session prelude, then its statements in
 * order on that connection, each with a fetch size (a portal read in batches) and its rows as a
 * {@link Flux} whose demand is limited to {@value #FETCH} rows at a time, then commit or rollback.
 * {@link #stream} is a transaction of one statement, without the work's completion stages. The
 * JSON column is decoded straight to {@code byte[]} (the driver's buffers are released by the
 * driver, once, after each row); the sink is called inside the row mapping, on the connection's
 * event loop.
 *
 * <p>Behind a transaction pooler ({@link BackendConfig#transactionPooling()}) sessions start with
 * nothing set (PgBouncer refuses {@code statement_timeout} as a startup parameter), every read and
 * every transaction runs in a transaction that starts with the prelude (without session variables
 * {@code BEGIN} and the settings go as one simple query: one round trip), and the driver's statement
 * cache is off ({@code preparedStatementCacheQueries = 0}: each statement is an unnamed one, parsed
 * in the same exchange that runs it).
 */
final class R2dbcBackend implements DatabaseBackend {
  private static final Logger LOG = LoggerFactory.getLogger(R2dbcBackend.class);
  static final int FETCH = 256;
  /** Rows asked of the driver ahead of the sink: one fetch, asked for again when three quarters are in. */
  static final int DEMAND = FETCH;
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final ConnectionPool pool;
  private final PostgresqlConnectionFactory factory;
  /** The event loops of this backend's connections, spread over them (see the constructor). */
  private final LoopResources loops;
  private final Duration poolTimeout;
  private final long statementTimeoutMillis;
  private final boolean pooled;
  /** {@code BEGIN} with the timeout and UTC, for transactions without session variables behind a pooler. */
  private final String beginWithDefaults;
  private volatile boolean closed;

  R2dbcBackend(BackendConfig config) {
    DatabaseUrl url = config.url();
    if (url == null) {
      throw new IllegalArgumentException("the r2dbc backend needs a database URL (postgresql://user:pass@host:port/db)");
    }
    this.statementTimeoutMillis = config.statementTimeoutMillis();
    this.poolTimeout = config.poolTimeout();
    this.pooled = config.transactionPooling();
    this.beginWithDefaults = SessionSql.beginWithDefaults(statementTimeoutMillis);
    // reactor-netty's shared loops colocate: a connection opened from an event loop (the pool opens
    // one when a request is released there) lands on that same loop, until every connection of the
    // pool is served by one thread. Our own loops without colocation spread them.
    this.loops = LoopResources.create("fraiseql-r2dbc", 1,
        Math.max(1, Math.min(config.poolSize(), 2 * Runtime.getRuntime().availableProcessors())), true, false);
    this.factory = new PostgresqlConnectionFactory(
        configuration(url, config.poolTimeout(), statementTimeoutMillis, pooled).loopResources(loops).build());
    this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
        .name("fraiseql-r2dbc")
        .initialSize(0)
        .maxSize(config.poolSize())
        .maxCreateConnectionTime(config.poolTimeout())
        .maxIdleTime(Duration.ofMinutes(10))
        .validationDepth(ValidationDepth.LOCAL)
        // an idle connection the server terminated fails validation at acquire; walk past every such one
        .acquireRetry(config.poolSize())
        .build());
  }

  /**
   * The connection configuration. Directly on PostgreSQL every session starts with the statement
   * timeout and UTC (startup parameters, no extra round trip), so a statement without session
   * variables needs no prelude. Behind a transaction pooler the session starts with nothing set and
   * no statement is cached.
   */
  static PostgresqlConnectionConfiguration connectionConfiguration(DatabaseUrl url, Duration connectTimeout,
      long statementTimeoutMillis, boolean pooled) {
    return configuration(url, connectTimeout, statementTimeoutMillis, pooled).build();
  }

  private static PostgresqlConnectionConfiguration.Builder configuration(DatabaseUrl url, Duration connectTimeout,
      long statementTimeoutMillis, boolean pooled) {
    PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
        .host(url.host())
        .port(url.port())
        .database(url.database())
        .applicationName("fraiseql")
        .connectTimeout(connectTimeout);
    if (pooled) {
      b.preparedStatementCacheQueries(0);
    } else {
      b.options(Map.of("statement_timeout", Long.toString(statementTimeoutMillis), "TimeZone", "UTC"));
    }
    if (url.user() != null) {
      b.username(url.user());
    }
    if (url.password() != null) {
      b.password(url.password());
    }
    for (Map.Entry<String, String> p : url.parameters().entrySet()) {
      if (p.getKey().equals("sslmode")) {
        b.sslMode(SSLMode.fromValue(p.getValue()));
      } else if (p.getKey().equals("application_name") || p.getKey().equals("ApplicationName")) {
        b.applicationName(p.getValue());
      } else {
        LOG.warn("The r2dbc backend ignores the database URL parameter {}", p.getKey());
      }
    }
    return b;
  }

  @Override
  public String id() {
    return R2dbcBackendProvider.ID;
  }

  @Override
  public BindStyle bindStyle() {
    return BindStyle.DOLLAR_NUMBERED;
  }

  /**
   * A statement known to return at most {@value #FETCH} rows, without session variables, runs on a
   * pooled connection outside a transaction and without a fetch size: one round trip, where a
   * transaction needs BEGIN and COMMIT around it. Anything else streams in a transaction.
   */
  @Override
  public CompletionStage<Void> stream(SessionSettings settings, SqlStatement statement, RowSink sink) {
    try {
      statement.params().forEach(R2dbcBackend::checkBindable);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    LogContext log = LogContext.capture();
    if (settings.isEmpty() && !pooled && statement.boundedBy(FETCH)) {
      CompletableFuture<Void> result = new CompletableFuture<>();
      boundedRead(statement, sink, true, log)
          .subscribe(null,
              error -> result.completeExceptionally(error instanceof Passed p ? p.getCause() : map(error, statement.sql(), log)),
              () -> result.complete(null));
      return result;
    }
    return inTransaction(settings, statement.sql(), log, c -> rows(c, statement, sink, log).thenReturn(Boolean.TRUE));
  }

  /**
   * A bounded read on a pooled connection in autocommit. When the connection turns out to be dead
   * (the server closed it while it sat idle) before any row reached the sink, the read, which
   * changes nothing, is tried once more on another connection.
   */
  private Mono<Void> boundedRead(SqlStatement statement, RowSink sink, boolean mayRetry, LogContext log) {
    boolean[] delivered = {false};
    RowSink tracking = (json, offset, length) -> {
      delivered[0] = true;
      sink.onRow(json, offset, length);
    };
    return Mono.usingWhen(acquire(), c -> rows(c, statement, tracking, log), Connection::close)
        .onErrorResume(e -> mayRetry && !delivered[0] && !closed && connectionLost(e), e -> {
          log.run(() -> LOG.debug("a pooled connection failed a read; trying another", e));
          return boundedRead(statement, sink, false, log);
        });
  }

  /**
   * A pooled connection, or a failure once none came free within the pool timeout. r2dbc-pool's own
   * {@code maxAcquireTime} puts a Reactor timeout on every acquire, which schedules a task and
   * builds a description string each time (a quarter of a small read's allocation); this timer is
   * armed only when the pool has no connection to hand over at once.
   */
  private Mono<Connection> acquire() {
    return Mono.<Connection>create(sink -> {
      AtomicBoolean settled = new AtomicBoolean();
      Disposable.Swap timer = Disposables.swap();
      Disposable acquiring = pool.create().subscribe(c -> {
        if (settled.compareAndSet(false, true)) {
          timer.dispose();
          sink.success(c);
        } else {
          release(c); // it came after the timeout
        }
      }, e -> {
        if (settled.compareAndSet(false, true)) {
          timer.dispose();
          sink.error(e);
        }
      });
      if (!settled.get()) {
        timer.update(Schedulers.parallel().schedule(() -> {
          if (settled.compareAndSet(false, true)) {
            acquiring.dispose();
            sink.error(new TimeoutException("No pooled connection came free within " + poolTimeout.toMillis() + " ms"));
          }
        }, poolTimeout.toMillis(), TimeUnit.MILLISECONDS));
      }
      sink.onCancel(() -> {
        if (settled.compareAndSet(false, true)) {
          timer.dispose();
          acquiring.dispose();
        }
      });
    }).doOnDiscard(Connection.class, R2dbcBackend::release); // delivered just as the caller cancelled
  }

  private static void release(Connection c) {
    Mono.from(c.close()).subscribe(null, e -> LOG.debug("returning a connection to the pool", e));
  }

  private static boolean connectionLost(Throwable e) {
    Throwable cause = e instanceof Passed p ? p.getCause() : e;
    return cause instanceof FraiseQLException fe && fe.code() == io.fraiseql.api.error.ErrorCode.CONNECTION_ERROR;
  }

  @Override
  public CompletionStage<Void> transaction(SessionSettings settings, TransactionWork work) {
    Objects.requireNonNull(work, "work");
    LogContext log = LogContext.capture();
    return inTransaction(settings, "(transaction)", log, c -> {
      Tx tx = new Tx(c, log);
      return Mono.defer(() -> Mono.fromCompletionStage(work.run(tx)))
          .onErrorMap(e -> !(e instanceof Passed), e -> new Passed(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e))
          .defaultIfEmpty(Boolean.FALSE)
          .map(commit -> {
            if (tx.failure != null) {
              throw new Passed(tx.failure); // the work went on after a failed statement: never commit that
            }
            return commit;
          })
          .doFinally(signal -> tx.ended = true);
    });
  }

  /**
   * One pooled connection, {@code BEGIN}, the prelude, {@code body}, then commit when it answers
   * true, rollback when it answers false or fails. Failures of {@code body} arrive as
   * {@link Passed} (already mapped, or the sink's or the work's own exception) and are completed
   * with as they are; everything else is mapped here.
   */
  private CompletionStage<Void> inTransaction(SessionSettings settings, String what, LogContext log,
      Function<Connection, Mono<Boolean>> body) {
    // directly on PostgreSQL and without session variables there is nothing to set: the session
    // started with the timeout and UTC
    SqlStatement prelude = settings.isEmpty() && !pooled
        ? null : SessionSql.prelude(BindStyle.DOLLAR_NUMBERED, statementTimeoutMillis, settings);
    // behind a transaction pooler without session variables: BEGIN and the settings in one round trip
    boolean constantPrelude = pooled && settings.isEmpty();
    CompletableFuture<Void> result = new CompletableFuture<>();
    Mono.usingWhen(
            acquire(),
            c -> (constantPrelude
                    ? Flux.from(c.createStatement(beginWithDefaults).execute()).concatMap(r -> r.getRowsUpdated()).then()
                    : Mono.from(c.beginTransaction()))
                .then(prelude == null || constantPrelude ? Mono.<Void>empty()
                    : Flux.from(bind(c.createStatement(prelude.sql()), prelude.params()).execute())
                        .concatMap(r -> r.map((row, meta) -> Boolean.TRUE))
                        .then()
                        .onErrorMap(e -> new Passed(mapPrelude(e, settings.role(), what, log))))
                .then(Mono.defer(() -> body.apply(c)))
                .flatMap(commit -> Mono.from(commit ? c.commitTransaction() : c.rollbackTransaction())),
            Connection::close,
            (c, error) -> rollbackAndClose(c),
            R2dbcBackend::rollbackAndClose)
        .subscribe(null,
            error -> result.completeExceptionally(error instanceof Passed p ? p.getCause() : map(error, what, log)),
            () -> result.complete(null));
    return result;
  }

  /**
   * One statement on {@code c}, its rows streamed to the sink with back-pressure, read from the
   * server {@value #FETCH} rows at a time, or all in one go when the statement declares at most
   * that many; failures as {@link Passed}. The sink may pause it ({@link Demand}).
   */
  static Mono<Void> rows(Connection c, SqlStatement statement, RowSink sink, LogContext log) {
    int fetch = statement.boundedBy(FETCH) ? 0 : FETCH;
    Flux<byte[]> rows = Flux.from(bind(c.createStatement(statement.sql()), statement.params()).fetchSize(fetch).execute())
        .concatMap(r -> r.map((row, meta) -> {
          byte[] json = row.get(0, byte[].class);
          return json == null ? NULL : json;
        }));
    return Mono.<Void>create(result -> {
      Demand demand = new Demand(sink, result, statement, log);
      result.onCancel(demand::dispose);
      rows.subscribe(demand);
    });
  }

  /**
   * Hands the rows of one statement to a sink, asking the driver for at most {@value #DEMAND} rows
   * ahead of it. The sink may pause it: rows that arrive meanwhile (at most that many) wait in a
   * queue, no more are asked for, and the driver stops reading from the server; {@link #resume()}
   * hands them over (on the calling thread, when some wait) and asks for more. Rows go to the sink
   * from one thread at a time, in order.
   */
  private static final class Demand extends reactor.core.publisher.BaseSubscriber<byte[]> implements FlowControl {
    private final RowSink sink;
    private final reactor.core.publisher.MonoSink<Void> result;
    private final SqlStatement statement;
    private final LogContext log;
    private final java.util.Queue<byte[]> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger wip = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean paused;
    private volatile boolean completed;
    private volatile Throwable error;
    /** Rows asked for and not yet handed over; only in {@link #drain()}. */
    private long outstanding;
    private boolean started;
    private boolean terminated;

    Demand(RowSink sink, reactor.core.publisher.MonoSink<Void> result, SqlStatement statement, LogContext log) {
      this.sink = sink;
      this.result = result;
      this.statement = statement;
      this.log = log;
    }

    @Override
    protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
      drain();
    }

    @Override
    protected void hookOnNext(byte[] row) {
      queue.offer(row);
      drain();
    }

    @Override
    protected void hookOnComplete() {
      completed = true;
      drain();
    }

    @Override
    protected void hookOnError(Throwable failure) {
      error = failure;
      completed = true;
      drain();
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
      drain();
    }

    /** One thread at a time: rows to the sink, the end to the result, more demand to the driver. */
    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      while (true) {
        if (!terminated) {
          step();
        }
        missed = wip.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private void step() {
      try {
        if (!started) {
          started = true;
          sink.onStart(this);
        }
        byte[] row;
        while (!paused && (row = queue.poll()) != null) {
          outstanding--;
          sink.onRow(row, 0, row.length);
        }
      } catch (IOException | RuntimeException e) { // the sink's own exception: stop reading, complete with it
        terminated = true;
        queue.clear();
        cancel();
        result.error(new Passed(e));
        return;
      }
      if (completed && queue.isEmpty()) {
        terminated = true;
        Throwable e = error;
        if (e == null) {
          result.success();
        } else {
          result.error(new Passed(map(e, statement.sql(), log)));
        }
        return;
      }
      if (!paused && !completed && outstanding <= DEMAND / 4) {
        long more = DEMAND - outstanding;
        outstanding += more;
        request(more);
      }
    }
  }

  /** The {@link io.fraiseql.spi.Transaction} handed to the work: statements in order on one connection. */
  private static final class Tx implements io.fraiseql.spi.Transaction {
    final Connection connection;
    final LogContext log;
    /** The first statement failure: the transaction can then only roll back. */
    volatile Throwable failure;
    volatile boolean ended;

    Tx(Connection connection, LogContext log) {
      this.connection = connection;
      this.log = log;
    }

    @Override
    public CompletionStage<Void> stream(SqlStatement statement, RowSink sink) {
      if (ended) {
        return CompletableFuture.failedFuture(new IllegalStateException("the transaction has already ended"));
      }
      try {
        statement.params().forEach(R2dbcBackend::checkBindable);
      } catch (IllegalArgumentException e) {
        failure = e;
        return CompletableFuture.failedFuture(e);
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      rows(connection, statement, sink, log).subscribe(null, e -> {
        Throwable cause = e instanceof Passed p ? p.getCause() : e;
        if (failure == null) {
          failure = cause;
        }
        done.completeExceptionally(cause);
      }, () -> done.complete(null));
      return done;
    }
  }

  private static Mono<Void> rollbackAndClose(Connection c) {
    return Mono.from(c.rollbackTransaction())
        .onErrorResume(e -> {
          LOG.debug("rollback failed", e);
          return Mono.empty();
        })
        .then(Mono.from(c.close()));
  }

  private static void checkBindable(Object v) {
    if (v != null && !(v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
        || v instanceof BigDecimal || v instanceof Boolean || v instanceof UUID || v instanceof LocalDate
        || v instanceof OffsetDateTime)) {
      throw new IllegalArgumentException("the r2dbc backend cannot bind a value of class " + v.getClass().getName());
    }
  }

  /** Binds by index; every placeholder is {@code CAST($n AS type)}, so a null's class only needs to be bindable. */
  static Statement bind(Statement s, List<Object> params) {
    for (int i = 0; i < params.size(); i++) {
      Object v = params.get(i);
      if (v == null) {
        s.bindNull(i, String.class);
      } else {
        s.bind(i, v);
      }
    }
    return s;
  }

  private static R2dbcException r2dbcException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof R2dbcException e && e.getSqlState() != null) {
        return e;
      }
    }
    return null;
  }

  /** A failure of the session prelude: a role the database refuses is FORBIDDEN. */
  static FraiseQLException mapPrelude(Throwable failure, String role, String what, LogContext log) {
    R2dbcException r2dbc = r2dbcException(failure);
    if (r2dbc == null) {
      return map(failure, "(session prelude) " + what, log);
    }
    FraiseQLException mapped = SqlStates.toPreludeException(r2dbc.getSqlState(), role, failure);
    log.run(() -> LOG.warn("The session prelude failed ({}, SQLSTATE {}): {} -- {}", mapped.code(), r2dbc.getSqlState(),
        failure.getMessage(), what));
    return mapped;
  }

  /**
   * The one mapping from r2dbc failures to the engine's error model; the line is logged with the
   * caller's logging context (this runs on an I/O thread).
   */
  static FraiseQLException map(Throwable failure, String sql, LogContext log) {
    R2dbcException r2dbc = r2dbcException(failure);
    FraiseQLException mapped;
    if (r2dbc == null) {
      mapped = SqlStates.toException(null, null, failure); // no SQLSTATE: the connection or the pool failed
    } else {
      String constraint = null;
      String column = null;
      if (r2dbc instanceof PostgresqlException pe) {
        constraint = pe.getErrorDetails().getConstraintName().orElse(null);
        column = pe.getErrorDetails().getColumnName().orElse(null);
      }
      mapped = SqlStates.toException(r2dbc.getSqlState(), constraint, column, failure);
    }
    log.run(() -> SqlStates.log(LOG, mapped, failure.getMessage(), sql));
    return mapped;
  }

  /** r2dbc-pool's own counts. */
  @Override
  public java.util.Optional<PoolStatistics> poolStatistics() {
    return pool.getMetrics().map(m -> new PoolStatistics(Math.max(0, m.acquiredSize()), Math.max(0, m.idleSize()),
        Math.max(0, m.pendingAcquireSize()), Math.max(0, m.getMaxAllocatedSize())));
  }

  @Override
  public CompletionStage<Boolean> ping() {
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    Mono.usingWhen(acquire(),
            c -> Mono.from(c.validate(ValidationDepth.REMOTE)),
            Connection::close)
        .subscribe(answer::complete, e -> {
          LOG.debug("ping failed", e);
          answer.complete(false);
        }, () -> answer.complete(false));
    return answer;
  }

  /** A connection of its own, outside the pool: connect (within the pool timeout), validate remotely, close. */
  @Override
  public CompletionStage<Boolean> probe() {
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    Mono.usingWhen(factory.create(), c -> Mono.from(c.validate(ValidationDepth.REMOTE)), c -> Mono.from(c.close()))
        .timeout(poolTimeout.plus(poolTimeout))
        .subscribe(answer::complete, e -> {
          LOG.debug("probe failed", e);
          answer.complete(false);
        }, () -> answer.complete(false));
    return answer;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pool.disposeLater().block(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.debug("closing the pool", e);
    }
    try {
      loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.debug("closing the event loops", e);
    }
  }

  /** Carries a failure that is already what the caller gets (mapped, or the sink's or the work's own) to the end of the chain. */
  private static final class Passed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Passed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
