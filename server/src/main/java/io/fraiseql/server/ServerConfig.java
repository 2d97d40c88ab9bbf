package io.fraiseql.server;

import io.fraiseql.SessionVariable;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@link FraiseQLServer} needs, validated once (by {@link Cli} or the caller) and
 * immutable afterwards.
 *
 * @param schema the SDL text
 * @param schemaSource where the SDL came from, for logs (a file name)
 * @param databaseUrl the database; its password is never logged
 * @param host the address to bind ({@code 0.0.0.0} for all interfaces)
 * @param port the HTTP port; 0 picks a free one
 * @param backend the backend id handed to the engine
 * @param backendDefaulted true when neither {@code --backend} nor {@code FRAISEQL_DB_BACKEND} was
 *     given and the server chose its documented default ({@code jdbc})
 * @param poolSize database connections, also the number of request worker threads
 * @param statementTimeout per statement
 * @param poolTimeout how long a request waits for a free connection
 * @param sessionVariables {@code app.x=header:H} specifications
 * @param maxBodyBytes largest POST body accepted (413 above)
 * @param limits query length, depth, root fields and fields (BAD_USER_INPUT above)
 * @param maxQueuedRequests GraphQL requests waiting for a worker beyond which the server answers 503
 * @param shutdownTimeout how long a shutdown waits for in-flight requests
 * @param writeTimeout how long a response waits for a client that stopped reading
 * @param clientLimits idle and request read timeouts, the connection cap, concurrent streams
 * @param engineOptions introspection, cursor secret and document cache
 * @param routing the read replica and whether PgBouncer (transaction mode) sits in between
 * @param production tokens and roles, GraphiQL, CORS, metrics and the log format
 */
public record ServerConfig(
    String schema,
    String schemaSource,
    DatabaseUrl databaseUrl,
    String host,
    int port,
    String backend,
    boolean backendDefaulted,
    int poolSize,
    Duration statementTimeout,
    Duration poolTimeout,
    List<String> sessionVariables,
    long maxBodyBytes,
    Limits limits,
    int maxQueuedRequests,
    Duration shutdownTimeout,
    Duration writeTimeout,
    ClientLimits clientLimits,
    EngineOptions engineOptions,
    Routing routing,
    ProductionOptions production) {

  /**
   * Beyond {@code --database-url}: where queries go and how the databases are reached.
   *
   * @param readDatabaseUrl the read replica queries go to ({@code null}: the primary)
   * @param readFallbackToPrimary reads that cannot reach the replica run on the primary instead
   * @param pgBouncer the databases are reached through PgBouncer in transaction mode
   */
  public record Routing(DatabaseUrl readDatabaseUrl, boolean readFallbackToPrimary, boolean pgBouncer) {
    /** Straight to the one database. */
    public static final Routing DIRECT = new Routing(null, false, false);

    public Routing {
      if (readFallbackToPrimary && readDatabaseUrl == null) {
        throw new IllegalArgumentException("falling back to the primary needs a read replica (--read-database-url)");
      }
    }
  }

  /** The backend the server uses when none is named. */
  public static final String DEFAULT_BACKEND = "jdbc";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_QUEUED_REQUESTS = 1000;
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

  public ServerConfig {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(schemaSource, "schemaSource");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(poolTimeout, "poolTimeout");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    Objects.requireNonNull(clientLimits, "clientLimits");
    Objects.requireNonNull(engineOptions, "engineOptions");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(production, "production");
    sessionVariables = List.copyOf(sessionVariables);
    for (String spec : sessionVariables) {
      SessionVariable.parse(spec); // fails early with the expected syntax
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be from 0 to 65535");
    }
    if (poolSize < 1 || maxQueuedRequests < 1 || maxBodyBytes < 1) {
      throw new IllegalArgumentException("poolSize, maxQueuedRequests and maxBodyBytes must be positive");
    }
    if (clientLimits.maxStreams() > poolSize) {
      throw new IllegalArgumentException("maxStreams (" + clientLimits.maxStreams() + ") must not exceed poolSize ("
          + poolSize + ")");
    }
  }

  /**
   * A configuration that reaches its one database directly, with the default client limits and
   * engine options and the production features off.
   */
  public ServerConfig(String schema, String schemaSource, DatabaseUrl databaseUrl, String host, int port, String backend,
      boolean backendDefaulted, int poolSize, Duration statementTimeout, Duration poolTimeout,
      List<String> sessionVariables, long maxBodyBytes, Limits limits, int maxQueuedRequests,
      Duration shutdownTimeout, Duration writeTimeout) {
    this(schema, schemaSource, databaseUrl, host, port, backend, backendDefaulted, poolSize, statementTimeout,
        poolTimeout, sessionVariables, maxBodyBytes, limits, maxQueuedRequests, shutdownTimeout, writeTimeout,
        ClientLimits.DEFAULTS, EngineOptions.DEFAULTS, Routing.DIRECT, ProductionOptions.DEFAULTS);
  }

  /** The default pool size: 2 x cores, like the engine's. */
  public static int defaultPoolSize() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  /** A copy for another database. */
  public ServerConfig withDatabaseUrl(DatabaseUrl url) {
    return new ServerConfig(schema, schemaSource, url, host, port, backend, backendDefaulted, poolSize,
        statementTimeout, poolTimeout, sessionVariables, maxBodyBytes, limits, maxQueuedRequests, shutdownTimeout,
        writeTimeout, clientLimits, engineOptions, routing, production);
  }

  /** A copy with other engine options. */
  public ServerConfig withEngineOptions(EngineOptions options) {
    return new ServerConfig(schema, schemaSource, databaseUrl, host, port, backend, backendDefaulted, poolSize,
        statementTimeout, poolTimeout, sessionVariables, maxBodyBytes, limits, maxQueuedRequests, shutdownTimeout,
        writeTimeout, clientLimits, options, routing, production);
  }

  /** A copy with other production options. */
  public ServerConfig withProduction(ProductionOptions options) {
    return new ServerConfig(schema, schemaSource, databaseUrl, host, port, backend, backendDefaulted, poolSize,
        statementTimeout, poolTimeout, sessionVariables, maxBodyBytes, limits, maxQueuedRequests, shutdownTimeout,
        writeTimeout, clientLimits, engineOptions, routing, options);
  }

  /** A copy with another schema. */
  public ServerConfig withSchema(String sdl, String source) {
    return new ServerConfig(sdl, source, databaseUrl, host, port, backend, backendDefaulted, poolSize,
        statementTimeout, poolTimeout, sessionVariables, maxBodyBytes, limits, maxQueuedRequests, shutdownTimeout,
        writeTimeout, clientLimits, engineOptions, routing, production);
  }

  /** A copy with another read replica and PgBouncer setting. */
  public ServerConfig withRouting(Routing other) {
    return new ServerConfig(schema, schemaSource, databaseUrl, host, port, backend, backendDefaulted,
        poolSize, statementTimeout, poolTimeout, sessionVariables, maxBodyBytes, limits, maxQueuedRequests,
        shutdownTimeout, writeTimeout, clientLimits, engineOptions, other, production);
  }

  /** A copy with another write timeout. */
  public ServerConfig withWriteTimeout(Duration timeout) {
    return new ServerConfig(schema, schemaSource, databaseUrl, host, port, backend, backendDefaulted,
        poolSize, statementTimeout, poolTimeout, sessionVariables, maxBodyBytes, limits, maxQueuedRequests,
        shutdownTimeout, timeout, clientLimits, engineOptions, routing, production);
  }

  /** A copy with other client limits. */
  public ServerConfig withClientLimits(ClientLimits limits) {
    return new ServerConfig(schema, schemaSource, databaseUrl, host, port, backend, backendDefaulted,
        poolSize, statementTimeout, poolTimeout, sessionVariables, maxBodyBytes, this.limits, maxQueuedRequests,
        shutdownTimeout, writeTimeout, limits, engineOptions, routing, production);
  }
}
