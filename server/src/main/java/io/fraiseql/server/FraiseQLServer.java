package io.fraiseql.server;

import io.fraiseql.FraiseQL;
import io.fraiseql.SessionVariable;
import io.fraiseql.backend.vertx.VertxBackendProvider;
import io.fraiseql.http.PersistedQueries;
import io.fraiseql.spi.BackendConfig;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraphQL over HTTP on Vert.x: {@code POST /graphql}, {@code GET /graphql} (queries only),
 * {@code GET /health}, {@code GET /ready}. Requests are decoded on the event loop. With a
 * non-blocking backend they also run there once their document is parsed, and the vertx backend
 * shares the server's Vert.x; everything else runs on a pool of worker threads as large as the
 * connection pool, so a blocking backend never runs on an event loop. Answers are streamed to the
 * socket with back-pressure.
 *
 * <pre>{@code
 * try (FraiseQLServer server = FraiseQLServer.start(config)) {
 *   server.awaitStop();
 * }
 * }</pre>
 */
public final class FraiseQLServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FraiseQLServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_URL_LENGTH = 64 * 1024;
  private static final String JSON = MediaTypes.withCharset(MediaTypes.JSON);

  private final ServerConfig config;
  private final FraiseQL engine;
  private final ServerMetrics metrics;
  private final Vertx vertx;
  private final ConnectionGuard guard;
  private final ThreadPoolExecutor workers;
  private final GraphQLHandler graphql;
  private final GraphiQL graphiql;
  /** One HTTP server per processor, sharing the port: Vert.x hands each new connection to the next. */
  private final java.util.List<HttpServer> http = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private FraiseQLServer(ServerConfig config, ConnectionGuard guard, Vertx vertx, FraiseQL engine, ServerMetrics metrics,
      PersistedQueries persisted) {
    this.config = config;
    this.engine = engine;
    this.metrics = metrics;
    this.graphiql = config.production().graphiql() ? new GraphiQL() : null;
    this.workers = new ThreadPoolExecutor(config.poolSize(), config.poolSize(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(config.maxQueuedRequests()), threads("fraiseql-request-"));
    this.guard = guard;
    this.vertx = vertx;
    this.graphql = new GraphQLHandler(vertx, engine, config, workers, authenticator(config), persisted);
    if (metrics != null) {
      metrics.bindPool(engine.backendId(), engine::poolStatistics);
      metrics.bindInFlight(graphql::inFlight);
      if (config.routing().readDatabaseUrl() != null) {
        metrics.bindReplica(engine::replicaReady, engine::replicaLag);
      }
    }
    try {
      // servers on one port, each on an event loop of its own: a server listening from one context
      // serves all of its connections on that one thread, which caps the requests that run on the
      // event loop at one core. For port 0, Vert.x's shared random port (a negative port: the
      // servers given the same one share the free port the first one binds)
      listen(config.port() == 0 ? -1 : config.port(), HTTP_SERVERS);
      guard.start(vertx);
    } catch (ExecutionException | TimeoutException e) {
      stopResources();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Cannot listen on " + config.host() + ":" + config.port() + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopResources();
      throw new IllegalStateException("Interrupted while starting", e);
    }
  }

  /**
   * Builds the engine (which connects and reads the catalog), then listens. Fails with a message
   * naming the problem; nothing is left running on failure.
   */
  public static FraiseQLServer start(ServerConfig config) {
    Objects.requireNonNull(config.databaseUrl(), "databaseUrl");
    if (config.backendDefaulted()) {
      LOG.info("No --backend or FRAISEQL_DB_BACKEND given: the server uses its default backend '{}'",
          ServerConfig.DEFAULT_BACKEND);
    }
    FraiseQL.Builder builder = FraiseQL.builder()
        .schema(config.schema())
        .databaseUrl(config.databaseUrl())
        .backend(config.backend())
        .poolSize(config.poolSize())
        .statementTimeout(config.statementTimeout())
        .poolTimeout(config.poolTimeout())
        .limits(config.limits())
        .introspection(config.engineOptions().introspection())
        .documentCacheSize(config.engineOptions().documentCacheSize())
        .documentCacheBytes(config.engineOptions().documentCacheBytes())
        .pgBouncer(config.routing().pgBouncer());
    if (config.clientLimits().maxStreams() > 0) {
      builder.streamSlots(config.clientLimits().maxStreams());
    }
    if (config.engineOptions().cursorSecret() != null) {
      builder.cursorSecret(config.engineOptions().cursorSecret().bytes());
    }
    if (config.routing().readDatabaseUrl() != null) {
      builder.readDatabaseUrl(config.routing().readDatabaseUrl())
          .readFallbackToPrimary(config.routing().readFallbackToPrimary());
    }
    for (String spec : config.sessionVariables()) {
      builder.sessionVariable(SessionVariable.parse(spec));
    }
    if (config.production().roles()) {
      builder.role(r -> r.attributes().get(JwtAuthenticator.ROLE_ATTRIBUTE));
    }
    ServerMetrics metrics = config.production().metrics() ? new ServerMetrics() : null;
    if (metrics != null) {
      builder.backendOption(BackendConfig.METER_REGISTRY, metrics.registry());
    }
    FraiseQL engine;
    FraiseQLServer server;
    // created last, so that nothing before it can fail and leave its threads running; offered to
    // the backend: the vertx backend runs its connections on the server's event loops, so a request
    // and its rows stay on one thread (other backends ignore it)
    ConnectionGuard guard = new ConnectionGuard(config.clientLimits());
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setFileSystemOptions(
            new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)))
        .withTransport(guard.transport())
        .build();
    builder.backendOption(VertxBackendProvider.VERTX, vertx);
    try {
      engine = builder.build();
    } catch (RuntimeException e) {
      closeQuietly(metrics);
      close(vertx);
      throw e;
    }
    try {
      server = new FraiseQLServer(config, guard, vertx, engine, metrics,
          persistedQueries(config.production().persisted(), engine));
    } catch (RuntimeException e) {
      engine.close();
      closeQuietly(metrics);
      close(vertx);
      throw e;
    }
    LOG.info("FraiseQL server listening on http://{}:{}/graphql (backend {}, pool size {}, statement timeout {},"
            + " schema {}, database {}{}{})",
        config.host(), server.port(), engine.backendId(), config.poolSize(),
        Values.format(config.statementTimeout()), config.schemaSource(), config.databaseUrl(),
        config.routing().readDatabaseUrl() == null ? "" : ", reads from " + config.routing().readDatabaseUrl()
            + (config.routing().readFallbackToPrimary() ? " or else the primary" : ""),
        config.routing().pgBouncer() ? ", through PgBouncer (transaction mode)" : "");
    ProductionOptions p = config.production();
    LOG.info("Bearer tokens: {}; GraphiQL: {}; CORS: {}; metrics: {}",
        p.jwt() == null ? "not read" : (p.jwt().required() ? "required, " : "optional, ") + (p.jwt().secret() != null
            ? "HMAC secret" : p.jwt().publicKey().getAlgorithm() + " public key")
            + (p.jwt().roleClaim() == null ? "" : ", role from claim " + p.jwt().roleClaim()),
        p.graphiql() ? "on" : "off", p.corsOrigins().isEmpty() ? "off" : String.join(" ", p.corsOrigins())
            + (p.corsCredentials() ? " (with credentials)" : ""), metrics != null ? "/metrics" : "off");
    ClientLimits limits = config.clientLimits();
    LOG.info("Client limits: idle timeout {}, request read timeout {}, write timeout {}, {} connections, {} streams at once",
        Values.format(limits.idleTimeout()), Values.format(limits.requestReadTimeout()), Values.format(config.writeTimeout()),
        limits.maxConnections(), limits.maxStreams() > 0 ? limits.maxStreams() : Math.max(1, config.poolSize() / 2));
    return server;
  }

  /**
   * The persisted documents of {@code --persisted-queries}, each parsed and validated now: one that
   * cannot be read or does not validate stops the startup, naming it.
   */
  static PersistedQueries persistedQueries(ProductionOptions.Persisted options, FraiseQL engine) {
    java.util.Map<java.nio.file.Path, String> documents = java.util.Map.of();
    if (options.directory() != null) {
      try {
        documents = PersistedQueries.readDirectory(options.directory());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("Cannot load the persisted queries: " + e.getMessage(), e);
      }
      for (var d : documents.entrySet()) {
        var errors = engine.prepare(d.getValue());
        if (!errors.isEmpty()) {
          throw new IllegalStateException("The persisted query " + d.getKey() + " is not valid: " + errors.get(0).message());
        }
      }
      LOG.info("{} persisted queries loaded from {}{}", documents.size(), options.directory(),
          options.only() ? "; nothing else runs" : "");
    }
    return new PersistedQueries(documents.values(), options.only(), options.apqCacheSize());
  }

  private static JwtAuthenticator authenticator(ServerConfig config) {
    java.util.List<String> claims = new java.util.ArrayList<>();
    for (String spec : config.sessionVariables()) {
      String path = SessionVariable.claimPath(spec);
      if (path != null) {
        claims.add(path);
      }
    }
    return new JwtAuthenticator(config.production().jwt(), config.production().defaultRole(), claims);
  }

  private static void closeQuietly(ServerMetrics metrics) {
    if (metrics != null) {
      metrics.close();
    }
  }

  /**
   * HTTP servers sharing the port, each on an event loop of its own: one per processor (the
   * server's Vert.x has twice as many event loops; on 2 cores one, two and four servers measured
   * the same within the noise).
   */
  static final int HTTP_SERVERS = Runtime.getRuntime().availableProcessors();

  /** Starts {@code instances} HTTP servers on {@code port}, each on an event loop of its own, and waits for them. */
  private void listen(int port, int instances) throws ExecutionException, TimeoutException, InterruptedException {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(port)
        .setMaxInitialLineLength(MAX_URL_LENGTH);
    vertx.deployVerticle(() -> context -> {
      HttpServer server = vertx.createHttpServer(options).requestHandler(router());
      return server.listen().onSuccess(http::add);
    }, new io.vertx.core.DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture()
        .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port the server listens on (the real one when the configuration asked for 0). */
  public int port() {
    return http.get(0).actualPort();
  }

  /** The port of each HTTP server (all the same: they share it); for tests in this package. */
  java.util.List<Integer> ports() {
    return http.stream().map(HttpServer::actualPort).toList();
  }

  /** The GraphQL handler, for tests in this package. */
  GraphQLHandler graphql() {
    return graphql;
  }

  /** GraphQL requests queued or running. */
  int inFlight() {
    return graphql.inFlight();
  }

  /** Client connections open now. */
  public int openConnections() {
    return guard.openConnections();
  }

  /** Connections refused since the start because {@code --max-connections} were open. */
  public long refusedConnections() {
    return guard.refusedConnections();
  }

  /** The engine behind the server. */
  public FraiseQL engine() {
    return engine;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Graceful shutdown: stops accepting connections and GraphQL requests (503 from then on), waits
   * up to the shutdown timeout for in-flight requests, then closes the workers, the engine and its
   * pool. Idempotent; safe from a shutdown hook.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    LOG.info("Shutting down: {} request(s) in flight, waiting up to {}", graphql.inFlight(),
        Values.format(config.shutdownTimeout()));
    graphql.drain();
    Future<Void> shutdown = Future.all(http.stream()
            .map(server -> server.shutdown(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)).toList())
        .mapEmpty();
    try {
      while (graphql.inFlight() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      await(shutdown, deadline);
      if (graphql.inFlight() > 0) {
        LOG.warn("{} request(s) still running after {}; closing anyway", graphql.inFlight(),
            Values.format(config.shutdownTimeout()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopResources();
      LOG.info("FraiseQL server stopped");
      stopped.countDown();
    }
  }

  private static void await(Future<Void> future, long deadlineNanos) throws InterruptedException {
    long left = Math.max(1, deadlineNanos - System.nanoTime());
    try {
      future.toCompletionStage().toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("HTTP shutdown did not complete cleanly: {}", e.toString());
    }
  }

  /** Stops the workers, then the engine (whose vertx backend runs on the server's Vert.x), then Vert.x. */
  private void stopResources() {
    guard.stop();
    workers.shutdownNow();
    engine.close();
    close(vertx);
    closeQuietly(metrics);
  }

  private static void close(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Vert.x did not close cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------------------------ routes

  private Router router() {
    Router router = Router.router(vertx);
    RequestLog requestLog = new RequestLog(metrics);
    router.route().handler(ctx -> {
      guard.onRequest(ctx);
      requestLog.handle(ctx);
    });
    if (!config.production().corsOrigins().isEmpty()) {
      router.route().handler(new Cors(config.production().corsOrigins(), config.production().corsCredentials())::handle);
    }
    router.get("/health").handler(ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
    router.get("/ready").handler(this::ready);
    if (metrics != null) {
      router.get("/metrics").handler(this::metrics);
    }
    if (graphiql != null) {
      router.get(GraphiQL.ASSETS + "*").handler(graphiql::asset);
    }
    router.post("/graphql")
        .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
        .handler(graphql::post);
    router.get("/graphql").handler(this::getGraphql);
    router.route("/graphql").handler(graphql::otherMethod);
    router.route().handler(this::notFound);
    router.route().failureHandler(this::failure);
    return router;
  }

  /** A browser gets GraphiQL (when it is on), a GraphQL client the answer. */
  private void getGraphql(RoutingContext ctx) {
    if (graphiql != null && GraphiQL.wanted(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
      RequestLog.exchange(ctx).page();
      graphiql.page(ctx);
    } else {
      graphql.get(ctx);
    }
  }

  /** The Prometheus text, rendered off the event loop (gauges read the pool). */
  private void metrics(RoutingContext ctx) {
    vertx.<String>executeBlocking(metrics::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
    });
  }

  /** Unknown paths: a GraphQL-shaped 404; another method on a known path: 405. */
  private void notFound(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.equals("/health") || path.equals("/ready") || (path.equals("/metrics") && metrics != null)) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET");
      json(ctx, 405, GraphQLHandler.errorBody(path + " answers GET", io.fraiseql.api.error.ErrorCode.BAD_USER_INPUT));
      return;
    }
    json(ctx, 404, GraphQLHandler.errorBody("Nothing at " + printable(path) + "; GraphQL is served at /graphql",
        io.fraiseql.api.error.ErrorCode.NOT_FOUND));
  }

  private static String printable(String path) {
    String cut = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private void ready(RoutingContext ctx) {
    if (closing.get()) {
      json(ctx, 503, "{\"status\":\"SHUTTING_DOWN\"}");
      return;
    }
    // the engine checks off the event loop, and outside the pool when the pool is busy
    engine.ready().toCompletableFuture().completeOnTimeout(false, 10, TimeUnit.SECONDS)
        .thenCombine(engine.replicaReady().toCompletableFuture()
            .completeOnTimeout(java.util.Optional.of(false), 10, TimeUnit.SECONDS), (up, replica) -> {
              String body = "{\"status\":\"" + (up ? "READY" : "UNAVAILABLE") + "\""
                  + replica.map(r -> ",\"replica\":\"" + (r ? "UP" : "DOWN") + "\"").orElse("") + "}";
              return java.util.Map.entry(up, body);
            })
        .whenComplete((answer, failure) -> {
          boolean up = failure == null && answer.getKey();
          json(ctx, up ? 200 : 503, failure == null ? answer.getValue() : "{\"status\":\"UNAVAILABLE\"}");
        });
  }

  private void failure(RoutingContext ctx) {
    Throwable cause = ctx.failure();
    if (cause instanceof io.vertx.core.http.HttpClosedException || cause instanceof io.vertx.core.http.StreamResetException
        || ctx.response().closed()) {
      // the client went away (or was cut by a read timeout) before its request was read: not our error
      LOG.debug("{} {}: the connection closed before the request was read: {}", ctx.request().method(), ctx.request().path(),
          cause == null ? "closed" : cause.getMessage());
      return;
    }
    int status = ctx.statusCode();
    String message;
    if (status == 413) {
      message = "The request body is larger than the limit of " + config.maxBodyBytes() + " bytes";
    } else if (status >= 400 && status < 500) {
      message = HttpResponseStatus.valueOf(status).reasonPhrase();
    } else {
      RequestLog.withContext(ctx, () ->
          LOG.error("Request failed: {} {}", ctx.request().method(), ctx.request().path(), ctx.failure()));
      status = 500;
      message = "Internal error";
    }
    if (!ctx.response().ended() && !ctx.response().headWritten()) {
      io.fraiseql.api.error.ErrorCode code = status == 500
          ? io.fraiseql.api.error.ErrorCode.INTERNAL_ERROR : io.fraiseql.api.error.ErrorCode.BAD_USER_INPUT;
      RequestLog.exchange(ctx).refused(code);
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(GraphQLHandler.errorBody(message, code));
    }
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
