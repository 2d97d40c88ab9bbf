package io.fraiseql.backend.vertx;

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
import io.netty.buffer.ByteBuf;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements through vertx-pg-client on a {@link Pool}. Each transaction gets a connection,
 * {@code BEGIN}, the session prelude (only with session variables: sessions start with the
 * timeout and UTC), then its statements in order on that connection, each a
 * cached prepared statement read through a cursor in batches of {@value #FETCH} rows: the next
 * batch is requested only after the sink took the previous one, so memory stays bounded and a slow
 * sink holds the server back. Then commit, or rollback when the work asks for it or anything
 * failed. {@link #stream} is a transaction of one statement, except a small bounded read without
 * session variables, which is one prepared query on a pooled connection.
 *
 * <p>vertx-pg-client decodes {@code jsonb} into {@code JsonObject}; to hand the sink the bytes
 * PostgreSQL wrote, the statement is wrapped so that its first column comes back as
 * {@code convert_to(c::text, 'UTF8')}, a {@code bytea} that the driver keeps as raw bytes. The text
 * form of {@code json} and {@code jsonb} is exactly what pgjdbc receives, so all backends answer
 * the same bytes.
 *
 * <p>Behind a transaction pooler ({@link BackendConfig#transactionPooling()}) sessions start with
 * nothing set (PgBouncer refuses {@code statement_timeout} as a startup parameter), every
 * transaction and every bounded read runs the prelude first, prepared statements are neither cached
 * nor named (the driver's {@code useLayer7Proxy}: each execution parses its unnamed statement
 * again), and a bounded read is a pipelined script ({@code BEGIN} with the prelude, the read,
 * {@code COMMIT}).
 */
final class VertxBackend implements DatabaseBackend {
  private static final Logger LOG = LoggerFactory.getLogger(VertxBackend.class);
  static final int FETCH = 256;
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Pool pool;
  private final long statementTimeoutMillis;
  private final PgConnectOptions probeOptions;
  private final long probeTimeoutMillis;
  private final int maxPoolSize;
  /**
   * Connections asked for and not yet given back: lent out, or waiting for one. Vert.x's pool does
   * not tell how many are in use or waited for, so {@link #poolStatistics()} derives them from this.
   */
  private final AtomicInteger borrowed = new AtomicInteger();
  private final boolean pooled;
  /** {@code BEGIN} with the timeout and UTC, for scripts without session variables behind a pooler. */
  private final String beginWithDefaults;
  private volatile boolean closed;

  VertxBackend(BackendConfig config) {
    DatabaseUrl url = config.url();
    if (url == null) {
      throw new IllegalArgumentException("the vertx backend needs a database URL (postgresql://user:pass@host:port/db)");
    }
    this.statementTimeoutMillis = config.statementTimeoutMillis();
    this.maxPoolSize = config.poolSize();
    this.pooled = config.transactionPooling();
    this.beginWithDefaults = SessionSql.beginWithDefaults(statementTimeoutMillis);
    Object supplied = config.options().get(VertxBackendProvider.VERTX);
    if (supplied != null && !(supplied instanceof Vertx)) {
      throw new IllegalArgumentException("option vertx must be an io.vertx.core.Vertx");
    }
    this.ownsVertx = supplied == null;
    this.vertx = ownsVertx
        ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.min(config.poolSize(), 2 * Runtime.getRuntime().availableProcessors())))
        : (Vertx) supplied;
    int poolTimeout = (int) Math.min(Integer.MAX_VALUE, config.poolTimeout().toMillis());
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(config.poolSize())
        .setConnectionTimeout(poolTimeout)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setName("fraiseql-vertx-" + POOLS.incrementAndGet());
    this.pool = PgBuilder.pool().with(poolOptions).connectingTo(connectOptions(url, statementTimeoutMillis, pooled)).using(vertx).build();
    this.probeTimeoutMillis = Math.max(1, poolTimeout);
    this.probeOptions = connectOptions(url, statementTimeoutMillis, pooled);
    probeOptions.getProperties().put("application_name", "fraiseql-probe");
  }

  /**
   * Connection options. Directly on PostgreSQL every session starts with the statement timeout and
   * UTC (startup parameters, no extra round trip), so a statement without session variables needs
   * no prelude, and prepared statements are cached. Behind a transaction pooler neither: the
   * prelude sets both in every transaction, and statements are unnamed and parsed again each time.
   */
  static PgConnectOptions connectOptions(DatabaseUrl url, long statementTimeoutMillis, boolean pooled) {
    PgConnectOptions o = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setCachePreparedStatements(!pooled)
        .setUseLayer7Proxy(pooled);
    if (!pooled) {
      o.setPreparedStatementCacheMaxSize(256);
      o.getProperties().put("statement_timeout", Long.toString(statementTimeoutMillis));
      o.getProperties().put("TimeZone", "UTC");
    }
    if (url.user() != null) {
      o.setUser(url.user());
    }
    if (url.password() != null) {
      o.setPassword(url.password());
    }
    o.getProperties().put("application_name", "fraiseql");
    for (Map.Entry<String, String> p : url.parameters().entrySet()) {
      if (p.getKey().equals("sslmode")) {
        o.setSslMode(SslMode.of(p.getValue()));
      } else if (p.getKey().equals("application_name") || p.getKey().equals("ApplicationName")) {
        o.getProperties().put("application_name", p.getValue());
      } else {
        LOG.warn("The vertx backend ignores the database URL parameter {}", p.getKey());
      }
    }
    return o;
  }

  @Override
  public String id() {
    return VertxBackendProvider.ID;
  }

  @Override
  public BindStyle bindStyle() {
    return BindStyle.DOLLAR_NUMBERED;
  }

  /**
   * A statement known to return at most {@value #FETCH} rows, without session variables, runs as
   * one pooled prepared query outside a transaction: one round trip, where a cursor in a
   * transaction needs BEGIN, the cursor's reads and closes, and COMMIT. Anything else streams
   * through a cursor in a transaction.
   */
  @Override
  public CompletionStage<Void> stream(SessionSettings settings, SqlStatement statement, RowSink sink) {
    Tuple params;
    try {
      params = tuple(statement.params());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (pooled && statement.boundedBy(FETCH)) {
      return script(settings, List.of(statement), List.of(sink)); // the prelude must share the read's transaction
    }
    String sql = wrap(statement.sql());
    if (settings.isEmpty() && statement.boundedBy(FETCH)) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      query(statement, sql, params, sink, done, true, LogContext.capture());
      return done;
    }
    return begin(settings, statement.sql(), tx -> tx.run(statement, sql, params, sink).map(Boolean.TRUE));
  }

  /**
   * One bounded read on any pooled connection. A connection the server closed while it sat idle
   * fails without an SQLSTATE; the read (it changes nothing) is then tried once more.
   */
  private void query(SqlStatement statement, String sql, Tuple params, RowSink sink, CompletableFuture<Void> done,
      boolean mayRetry, LogContext log) {
    borrowed.incrementAndGet();
    pool.preparedQuery(sql).execute(params).onComplete(ar -> {
      borrowed.decrementAndGet();
      if (ar.failed()) {
        if (mayRetry && !(ar.cause() instanceof PgException) && !closed) {
          log.run(() -> LOG.debug("a pooled connection failed a read; trying another", ar.cause()));
          query(statement, sql, params, sink, done, false, log);
        } else {
          done.completeExceptionally(map(ar.cause(), statement.sql(), log));
        }
        return;
      }
      try {
        deliver(ar.result(), sink);
        done.complete(null);
      } catch (Throwable e) { // the sink's own exception
        done.completeExceptionally(e);
      }
    });
  }

  /** Hands rows to the sink: the bytes of each row's first column, {@code null} for SQL NULL. */
  static void deliver(RowSet<Row> rows, RowSink sink) throws java.io.IOException {
    for (Row row : rows) {
      deliver(row, sink);
    }
  }

  /** Hands one row to the sink. */
  static void deliver(Row row, RowSink sink) throws java.io.IOException {
    Buffer b = row.getBuffer(0);
    if (b == null) {
      sink.onRow(NULL, 0, NULL.length);
    } else if (b instanceof BufferInternal bi && bi.getByteBuf().hasArray()) {
      ByteBuf bb = bi.getByteBuf(); // the driver's own heap copy of the column: no second copy
      sink.onRow(bb.array(), bb.arrayOffset() + bb.readerIndex(), bb.readableBytes());
    } else {
      byte[] bytes = b.getBytes();
      sink.onRow(bytes, 0, bytes.length);
    }
  }

  /**
   * A script of small statements is pipelined: {@code BEGIN} (awaited, so that a pooled connection
   * the server closed is replaced before anything is sent), then the prelude when there are
   * session variables, every statement and {@code COMMIT}, written back to back and answered in one
   * round trip. When a statement fails, PostgreSQL refuses the rest of the transaction and turns
   * the {@code COMMIT} into a rollback; the first failure is what the stage completes with. Rows are
   * handed to the sinks once the script has committed.
   */
  @Override
  public CompletionStage<Void> script(SessionSettings settings, List<SqlStatement> statements, List<RowSink> sinks) {
    if (statements.isEmpty() || statements.size() != sinks.size()
        || !statements.stream().allMatch(st -> st.boundedBy(FETCH))) {
      return DatabaseBackend.super.script(settings, statements, sinks);
    }
    List<SqlStatement> all = new java.util.ArrayList<>();
    if (!settings.isEmpty()) {
      all.add(SessionSql.prelude(BindStyle.DOLLAR_NUMBERED, statementTimeoutMillis, settings));
    }
    all.addAll(statements);
    List<Tuple> params = new java.util.ArrayList<>(all.size());
    try {
      for (SqlStatement st : all) {
        params.add(tuple(st.params()));
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    // behind a transaction pooler without session variables, BEGIN also sets the timeout and UTC
    String begin = pooled && settings.isEmpty() ? beginWithDefaults : "BEGIN";
    pipeline(begin, all, params, sinks, all.size() - statements.size(), settings.role(), done, true, LogContext.capture());
    return done;
  }

  private void pipeline(String begin, List<SqlStatement> all, List<Tuple> params, List<RowSink> sinks, int skipped,
      String role, CompletableFuture<Void> done, boolean mayRetry, LogContext log) {
    borrowed.incrementAndGet();
    pool.getConnection().onComplete(got -> {
      if (got.failed()) {
        borrowed.decrementAndGet();
        done.completeExceptionally(map(got.cause(), "(script)", log));
        return;
      }
      SqlConnection conn = got.result();
      conn.query(begin).execute().onComplete(begun -> {
        if (begun.failed()) {
          giveBack(conn);
          if (mayRetry && !(begun.cause() instanceof PgException) && !closed) {
            log.run(() -> LOG.debug("a pooled connection was dead at BEGIN; taking another", begun.cause()));
            pipeline(begin, all, params, sinks, skipped, role, done, false, log);
          } else {
            done.completeExceptionally(map(begun.cause(), "BEGIN (script)", log));
          }
          return;
        }
        List<Future<RowSet<Row>>> answers = new java.util.ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
          answers.add(conn.preparedQuery(i < skipped ? all.get(i).sql() : wrap(all.get(i).sql())).execute(params.get(i)));
        }
        Future<RowSet<Row>> commit = conn.query("COMMIT").execute();
        List<Future<RowSet<Row>>> every = new java.util.ArrayList<>(answers);
        every.add(commit);
        Future.join(every).onComplete(joined -> {
          giveBack(conn);
          for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).failed()) {
              done.completeExceptionally(i < skipped
                  ? mapPrelude(answers.get(i).cause(), role, "(script)", log)
                  : map(answers.get(i).cause(), all.get(i).sql(), log));
              return;
            }
          }
          if (commit.failed()) {
            done.completeExceptionally(map(commit.cause(), "COMMIT (script)", log));
            return;
          }
          try {
            for (int i = skipped; i < answers.size(); i++) {
              deliver(answers.get(i).result(), sinks.get(i - skipped));
            }
            done.complete(null);
          } catch (Throwable e) { // a sink's own exception
            done.completeExceptionally(e);
          }
        });
      });
    });
  }

  @Override
  public CompletionStage<Void> transaction(SessionSettings settings, TransactionWork work) {
    Objects.requireNonNull(work, "work");
    return begin(settings, "(transaction)", tx -> Future.fromCompletionStage(work.run(tx)));
  }

  /** Takes a connection, begins, runs the prelude, then {@code body}, then commits or rolls back. */
  private CompletionStage<Void> begin(SessionSettings settings, String what, Function<Tx, Future<Boolean>> body) {
    // directly on PostgreSQL and without session variables there is nothing to set: the session
    // started with the timeout and UTC
    SqlStatement prelude = settings.isEmpty() && !pooled
        ? null : SessionSql.prelude(BindStyle.DOLLAR_NUMBERED, statementTimeoutMillis, settings);
    Tuple preludeParams;
    try {
      preludeParams = prelude == null ? null : tuple(prelude.params());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    Tx tx = new Tx(this, what, prelude == null ? null : prelude.sql(), preludeParams, settings.role(), body);
    tx.acquire(true);
    return tx.result;
  }

  /** Returns a connection taken with {@code pool.getConnection()} to the pool. */
  private void giveBack(SqlConnection conn) {
    borrowed.decrementAndGet();
    conn.close();
  }

  /**
   * Derived from Vert.x's pool size (its open connections) and the connections asked for and not
   * given back: those beyond the open connections are waiting.
   */
  @Override
  public java.util.Optional<PoolStatistics> poolStatistics() {
    int open = closed ? 0 : Math.max(0, pool.size());
    int asked = Math.max(0, borrowed.get());
    int active = Math.min(asked, open);
    return java.util.Optional.of(new PoolStatistics(active, open - active, asked - active, maxPoolSize));
  }

  /**
   * The statement with its first column as the UTF-8 bytes of its text form. A query is wrapped
   * as a subquery (kept lazy, so rows stream); a statement that changes data (or starts with its
   * own {@code WITH}) as a common table expression, the only place PostgreSQL accepts it.
   */
  static String wrap(String sql) {
    String body = sql.strip();
    while (body.endsWith(";")) {
      body = body.substring(0, body.length() - 1).stripTrailing();
    }
    String head = body.length() < 8 ? body : body.substring(0, 8);
    String keyword = head.toLowerCase(Locale.ROOT);
    if (keyword.startsWith("select") || keyword.startsWith("values") || keyword.startsWith("table") || keyword.startsWith("(")) {
      return "SELECT convert_to(fraiseql_q.fraiseql_c::text, 'UTF8') FROM (" + body + "\n) fraiseql_q(fraiseql_c)";
    }
    return "WITH fraiseql_q(fraiseql_c) AS (" + body + "\n) SELECT convert_to(fraiseql_q.fraiseql_c::text, 'UTF8') FROM fraiseql_q";
  }

  /** Bind values as vertx-pg-client takes them; every placeholder is already {@code CAST($n AS type)}. */
  static Tuple tuple(List<Object> values) {
    Tuple t = Tuple.tuple();
    for (Object v : values) {
      if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
          || v instanceof Boolean || v instanceof UUID || v instanceof LocalDate || v instanceof OffsetDateTime) {
        t.addValue(v);
      } else if (v instanceof BigDecimal d) {
        t.addValue(Numeric.create(d));
      } else {
        throw new IllegalArgumentException("the vertx backend cannot bind a value of class " + v.getClass().getName());
      }
    }
    return t;
  }

  /**
   * One transaction's life: connection, {@code BEGIN}, prelude, the body's statements in order on
   * that connection, then commit or rollback. Every callback runs on the connection's event loop
   * (or wherever the body completes its stage); nothing blocks.
   */
  private static final class Tx implements io.fraiseql.spi.Transaction {
    final CompletableFuture<Void> result = new CompletableFuture<>();
    final VertxBackend backend;
    final Pool pool;
    final String what;
    final String preludeSql;
    final Tuple preludeParams;
    final String role;
    final Function<Tx, Future<Boolean>> body;
    /** The caller's logging context, for the lines logged on the event loop. */
    final LogContext log = LogContext.capture();
    SqlConnection conn;
    Transaction tx;
    /** The first statement failure: the transaction can then only roll back. */
    volatile Throwable failure;
    volatile boolean ended;

    Tx(VertxBackend backend, String what, String preludeSql, Tuple preludeParams, String role,
        Function<Tx, Future<Boolean>> body) {
      this.backend = backend;
      this.pool = backend.pool;
      this.what = what;
      this.preludeSql = preludeSql;
      this.preludeParams = preludeParams;
      this.role = role;
      this.body = body;
    }

    /**
     * Takes a connection and begins. A pooled connection the server closed while it was idle
     * fails at {@code BEGIN}, before anything ran: it is dropped and a fresh one taken, once.
     */
    void acquire(boolean mayRetry) {
      backend.borrowed.incrementAndGet();
      pool.getConnection().onComplete(got -> {
        if (got.failed()) {
          backend.borrowed.decrementAndGet();
          ended = true;
          result.completeExceptionally(map(got.cause(), what, log));
          return;
        }
        conn = got.result();
        conn.begin().onComplete(begun -> {
          if (begun.succeeded()) {
            tx = begun.result();
            prelude();
          } else if (mayRetry && !(begun.cause() instanceof PgException)) {
            log.run(() -> LOG.debug("a pooled connection was dead at BEGIN; taking another", begun.cause()));
            backend.giveBack(conn);
            acquire(false);
          } else {
            end(map(begun.cause(), what, log));
          }
        });
      });
    }

    void prelude() {
      if (preludeSql == null) {
        work();
        return;
      }
      conn.preparedQuery(preludeSql).execute(preludeParams).onComplete(ar -> {
        if (ar.failed()) {
          end(mapPrelude(ar.cause(), role, what, log));
        } else {
          work();
        }
      });
    }

    void work() {
      Future<Boolean> decided;
      try {
        decided = Objects.requireNonNull(body.apply(this), "the transaction work returned no stage");
      } catch (RuntimeException e) {
        decided = Future.failedFuture(e);
      }
      decided.onComplete(this::decide);
    }

    /** The body's answer: commit on true unless a statement failed; anything else rolls back. */
    void decide(AsyncResult<Boolean> answer) {
      if (answer.failed()) {
        Throwable e = answer.cause();
        end(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      } else if (failure != null) {
        end(failure); // the work went on after a failed statement: never commit that
      } else if (Boolean.TRUE.equals(answer.result())) {
        ended = true;
        tx.commit().onComplete(ar -> {
          backend.giveBack(conn);
          if (ar.failed()) {
            result.completeExceptionally(map(ar.cause(), "COMMIT " + what, log));
          } else {
            result.complete(null);
          }
        });
      } else {
        end(null);
      }
    }

    /** Rolls back (if begun), releases the connection, then completes: normally when {@code error} is null. */
    void end(Throwable error) {
      ended = true;
      Future<Void> rolledBack = tx == null ? Future.succeededFuture() : tx.rollback().otherwiseEmpty();
      rolledBack.onComplete(ar -> {
        backend.giveBack(conn);
        if (error == null) {
          result.complete(null);
        } else {
          result.completeExceptionally(error);
        }
      });
    }

    @Override
    public CompletionStage<Void> stream(SqlStatement statement, RowSink sink) {
      Tuple params;
      try {
        params = tuple(statement.params());
      } catch (IllegalArgumentException e) {
        failure = e;
        return CompletableFuture.failedFuture(e);
      }
      return run(statement, wrap(statement.sql()), params, sink).toCompletionStage();
    }

    /**
     * Runs one statement: as one prepared query when it declares at most {@value #FETCH} rows (one
     * round trip), else through a cursor, batch by batch, handing each row to the sink.
     */
    Future<Void> run(SqlStatement statement, String sql, Tuple params, RowSink sink) {
      if (ended) {
        return Future.failedFuture(new IllegalStateException("the transaction has already ended"));
      }
      if (statement.boundedBy(FETCH)) {
        Promise<Void> done = Promise.promise();
        conn.preparedQuery(sql).execute(params).onComplete(ar -> {
          Throwable error = null;
          if (ar.failed()) {
            error = map(ar.cause(), statement.sql(), log);
          } else {
            try {
              deliver(ar.result(), sink);
            } catch (Throwable e) { // the sink's own exception
              error = e;
            }
          }
          if (error == null) {
            done.complete();
          } else {
            if (failure == null) {
              failure = error;
            }
            done.fail(error);
          }
        });
        return done.future();
      }
      Reader reader = new Reader(this, statement, sink);
      conn.prepare(sql).onComplete(ar -> {
        if (ar.failed()) {
          reader.fail(map(ar.cause(), statement.sql(), log));
        } else {
          reader.prepared = ar.result();
          reader.cursor = reader.prepared.cursor(params);
          reader.start();
        }
      });
      return reader.done.future();
    }
  }

  /**
   * One statement read through a cursor in batches of {@value #FETCH}: the next batch only after the
   * sink took this one. The sink may pause it ({@link FlowControl}): the rows of the current batch
   * not yet handed over then wait in memory, no batch is read, and the connection's event loop is
   * free; {@link #resume()} goes on from there on that event loop. Everything but {@link #pause()}
   * and {@link #resume()} runs on the connection's context.
   */
  private static final class Reader implements FlowControl {
    final Promise<Void> done = Promise.promise();
    final Tx owner;
    final SqlStatement statement;
    final RowSink sink;
    PreparedStatement prepared;
    Cursor cursor;
    private io.vertx.core.Context context;
    private volatile boolean paused;
    /** The fetched rows not yet handed over. */
    private java.util.Iterator<Row> batch;
    private boolean fetching;
    private boolean ended;

    Reader(Tx owner, SqlStatement statement, RowSink sink) {
      this.owner = owner;
      this.statement = statement;
      this.sink = sink;
    }

    /** Called on the connection's context once the cursor is open. */
    void start() {
      context = Vertx.currentContext();
      try {
        sink.onStart(this);
      } catch (RuntimeException e) { // the sink's own exception
        fail(e);
        return;
      }
      fetch();
    }

    private void fetch() {
      fetching = true;
      cursor.read(FETCH).onComplete(ar -> {
        fetching = false;
        if (ar.failed()) {
          fail(map(ar.cause(), statement.sql(), owner.log));
          return;
        }
        batch = ar.result().iterator();
        drain();
      });
    }

    /** Hands over rows until the batch is done or the sink pauses; then fetches, finishes or waits. */
    private void drain() {
      if (ended || fetching) {
        return;
      }
      try {
        while (batch != null && batch.hasNext()) {
          if (paused) {
            return;
          }
          VertxBackend.deliver(batch.next(), sink);
        }
      } catch (Throwable e) { // the sink's own exception: stop reading, complete with it
        fail(e);
        return;
      }
      batch = null;
      if (paused) {
        return;
      }
      if (cursor.hasMore()) {
        fetch();
        return;
      }
      ended = true;
      cursor.close().compose(v -> prepared.close()).onComplete(closed -> {
        if (closed.failed()) {
          failClosed(map(closed.cause(), statement.sql(), owner.log));
        } else {
          done.complete();
        }
      });
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
      io.vertx.core.Context c = context;
      if (c != null) {
        c.runOnContext(v -> drain());
      }
    }

    /** Closes what is open, marks the transaction rollback-only, then fails with {@code error}. */
    void fail(Throwable error) {
      if (ended) {
        return;
      }
      ended = true;
      batch = null;
      if (owner.failure == null) {
        owner.failure = error;
      }
      Future<Void> cleanup = cursor == null ? Future.succeededFuture() : cursor.close().otherwiseEmpty();
      cleanup
          .compose(v -> prepared == null ? Future.<Void>succeededFuture() : prepared.close().otherwiseEmpty())
          .onComplete(ar -> done.fail(error));
    }

    /** A failure after the cursor was closed. */
    private void failClosed(Throwable error) {
      if (owner.failure == null) {
        owner.failure = error;
      }
      done.fail(error);
    }
  }

  /**
   * The one mapping from vertx-pg-client failures to the engine's error model; the line is logged
   * with the caller's logging context (this runs on an event loop).
   */
  static FraiseQLException map(Throwable failure, String sql, LogContext log) {
    PgException pg = pgException(failure);
    FraiseQLException mapped = pg == null
        ? SqlStates.toException(null, null, failure) // no SQLSTATE: the connection or the pool failed
        : SqlStates.toException(pg.getSqlState(), pg.getConstraint(), pg.getColumn(), failure);
    log.run(() -> SqlStates.log(LOG, mapped, failure.getMessage(), sql));
    return mapped;
  }

  /** A failure of the session prelude: a role the database refuses is FORBIDDEN. */
  static FraiseQLException mapPrelude(Throwable failure, String role, String what, LogContext log) {
    PgException pg = pgException(failure);
    if (pg == null) {
      return map(failure, "(session prelude) " + what, log);
    }
    FraiseQLException mapped = SqlStates.toPreludeException(pg.getSqlState(), role, failure);
    log.run(() -> LOG.warn("The session prelude failed ({}, SQLSTATE {}): {} -- {}", mapped.code(), pg.getSqlState(),
        failure.getMessage(), what));
    return mapped;
  }

  private static PgException pgException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException p) {
        return p;
      }
    }
    return null;
  }

  @Override
  public CompletionStage<Boolean> ping() {
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    try {
      pool.query("SELECT 1").execute().onComplete(ar -> {
        if (ar.failed()) {
          LOG.debug("ping failed", ar.cause());
        }
        answer.complete(ar.succeeded());
      });
    } catch (RuntimeException e) {
      LOG.debug("ping failed", e);
      answer.complete(false);
    }
    return answer;
  }

  /** A connection of its own, outside the pool: connect (within the pool timeout), {@code SELECT 1}, close. */
  @Override
  public CompletionStage<Boolean> probe() {
    if (closed) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    try {
      long timer = vertx.setTimer(probeTimeoutMillis, id -> answer.complete(false)); // an unanswered connect
      io.vertx.pgclient.PgConnection.connect(vertx, probeOptions)
          .compose(c -> c.query("SELECT 1").execute().eventually(() -> c.close()))
          .onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.failed()) {
              LOG.debug("probe failed", ar.cause());
            }
            answer.complete(ar.succeeded());
          });
    } catch (RuntimeException e) {
      LOG.debug("probe failed", e);
      answer.complete(false);
    }
    return answer;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    io.vertx.core.Context context = Vertx.currentContext();
    boolean mayBlock = context == null || !context.isEventLoopContext(); // never block an event loop
    Future<Void> poolClosed = pool.close();
    if (mayBlock) {
      awaitQuietly(poolClosed);
    }
    if (ownsVertx) {
      Future<Void> vertxClosed = vertx.close();
      if (mayBlock) {
        awaitQuietly(vertxClosed);
      }
    }
  }

  private static void awaitQuietly(Future<Void> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("closing", e);
    }
  }
}
