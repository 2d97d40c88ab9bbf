package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.Limits;
import io.fraiseql.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: flags, environment variables, help, errors and exit codes. */
class CliTest {
  static Path schema;
  static DatabaseUrl url;

  @BeforeAll
  static void setUp() {
    schema = Fixture.schemaFile();
    url = Fixture.database("cli");
  }

  /** Runs Main with captured output. */
  record Result(Main.Running running, String out, String err) {}

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.Running r = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(r, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static ServerConfig serve(Map<String, String> env, String... args) {
    return ((Cli.Serve) Cli.parse(List.of(args), env)).config();
  }

  @Test
  void defaults() {
    ServerConfig c = serve(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://u:p@db:5433/app");
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.backend()).isEqualTo("jdbc");
    assertThat(c.backendDefaulted()).isTrue();
    assertThat(c.poolSize()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
    assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.sessionVariables()).isEmpty();
    assertThat(c.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(c.limits()).isEqualTo(Limits.DEFAULTS);
    assertThat(c.maxQueuedRequests()).isEqualTo(1000);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.clientLimits()).isEqualTo(new ClientLimits(Duration.ofSeconds(60), Duration.ofSeconds(30),
        ClientLimits.defaultMaxConnections(), 0));
    assertThat(ClientLimits.defaultMaxConnections()).isBetween(64, ClientLimits.MAX_CONNECTIONS_CAP);
    assertThat(c.databaseUrl().toString()).isEqualTo("postgresql://u:REDACTED@db:5433/app");
    assertThat(c.schema()).contains("type Query");
    assertThat(c.schemaSource()).isEqualTo(schema.toString());
  }

  @Test
  void everyOptionFromTheEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("FRAISEQL_SCHEMA", schema.toString());
    env.put("FRAISEQL_DATABASE_URL", "postgresql://u:p@db/app");
    env.put("FRAISEQL_HOST", "127.0.0.1");
    env.put("FRAISEQL_PORT", "9000");
    env.put("FRAISEQL_DB_BACKEND", "VERTX");
    env.put("FRAISEQL_POOL_SIZE", "7");
    env.put("FRAISEQL_STATEMENT_TIMEOUT", "500ms");
    env.put("FRAISEQL_POOL_TIMEOUT", "2s");
    env.put("FRAISEQL_SESSION_VARIABLES", "app.tenant_id=header:X-Tenant-Id, app.user_id=header:X-User-Id,");
    env.put("FRAISEQL_MAX_BODY_SIZE", "512k");
    env.put("FRAISEQL_MAX_QUERY_LENGTH", "1000");
    env.put("FRAISEQL_MAX_DEPTH", "5");
    env.put("FRAISEQL_MAX_ROOT_FIELDS", "4");
    env.put("FRAISEQL_MAX_FIELDS", "300");
    env.put("FRAISEQL_MAX_QUEUED_REQUESTS", "10");
    env.put("FRAISEQL_SHUTDOWN_TIMEOUT", "1m");
    env.put("FRAISEQL_IDLE_TIMEOUT", "75s");
    env.put("FRAISEQL_REQUEST_READ_TIMEOUT", "10s");
    env.put("FRAISEQL_MAX_CONNECTIONS", "500");
    env.put("FRAISEQL_WRITE_TIMEOUT", "20s");
    env.put("FRAISEQL_MAX_STREAMS", "3");
    ServerConfig c = serve(env, "serve");
    assertThat(c.clientLimits()).isEqualTo(new ClientLimits(Duration.ofSeconds(75), Duration.ofSeconds(10), 500, 3));
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.backend()).isEqualTo("vertx");
    assertThat(c.backendDefaulted()).isFalse();
    assertThat(c.poolSize()).isEqualTo(7);
    assertThat(c.statementTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.poolTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.sessionVariables()).containsExactly("app.tenant_id=header:X-Tenant-Id", "app.user_id=header:X-User-Id");
    assertThat(c.maxBodyBytes()).isEqualTo(512 * 1024);
    assertThat(c.limits()).isEqualTo(new Limits(1000, 5, 4, 300));
    assertThat(c.maxQueuedRequests()).isEqualTo(10);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));

    // flags win over the environment, also in --flag=value form; session variables repeat
    ServerConfig f = serve(env, "serve", "--port=9001", "--backend", "jdbc", "--pool-size", "3",
        "--statement-timeout", "5s", "--session-variable", "app.a=header:A", "--session-variable=app.b=header:B",
        "--max-body-size", "2m", "--host", "localhost");
    assertThat(f.port()).isEqualTo(9001);
    assertThat(f.backend()).isEqualTo("jdbc");
    assertThat(f.poolSize()).isEqualTo(3);
    assertThat(f.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(f.sessionVariables()).containsExactly("app.a=header:A", "app.b=header:B");
    assertThat(f.maxBodyBytes()).isEqualTo(2 * 1024 * 1024);
    assertThat(f.host()).isEqualTo("localhost");
    assertThat(f.maxQueuedRequests()).isEqualTo(10);
    ServerConfig g = serve(env, "serve", "--idle-timeout", "2m", "--request-read-timeout=500ms", "--max-connections", "20",
        "--write-timeout", "1s", "--max-streams", "1");
    assertThat(g.clientLimits()).isEqualTo(new ClientLimits(Duration.ofMinutes(2), Duration.ofMillis(500), 20, 1));
    assertThat(g.writeTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(g.withClientLimits(ClientLimits.DEFAULTS).clientLimits()).isEqualTo(ClientLimits.DEFAULTS);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--port|abc|--port: expected an integer, got 'abc'",
      "--port|70000|--port: expected an integer from 0 to 65535, got 70000",
      "--pool-size|0|--pool-size: expected an integer from 1 to 10000, got 0",
      "--statement-timeout|5 minutes|--statement-timeout: expected a duration like 500ms, 5s, 1m or 2h, got '5 minutes'",
      "--max-body-size|lots|--max-body-size: expected a size in bytes like 1048576, 512k or 1m, got 'lots'",
      "--max-body-size|0|--max-body-size: expected a positive size, got '0'",
      "--session-variable|app.x=cookie:y|--session-variable: Session variable must look like app.tenant_id=header:X-Tenant-Id or app.user_id=claim:sub, got: app.x=cookie:y",
      "--session-variable|tenant=header:X|--session-variable: Session variable names must be qualified like app.tenant_id: tenant",
      "--database-url|mysql://u:secret@h/db|--database-url: The database URL must start with postgresql:// (got scheme mysql)",
      "--idle-timeout|0s|--idle-timeout: expected a duration above zero, got '0s'",
      "--request-read-timeout|soon|--request-read-timeout: expected a duration like 500ms, 5s, 1m or 2h, got 'soon'",
      "--max-connections|0|--max-connections: expected an integer from 1 to 1000000, got 0",
      "--write-timeout|0ms|--write-timeout: expected a duration above zero, got '0ms'",
      "--max-streams|9|--max-streams: 9 streams cannot exceed the pool size (4)"})
  void badFlagValuesExitWithStatus2AndAClearMessage(String flag, String value, String message) {
    Result r = flag.equals("--database-url")
        ? run(Map.of(), "serve", "--schema", schema.toString(), flag, value)
        : flag.equals("--max-streams")
        ? run(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db", "--pool-size", "4", flag, value)
        : run(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db", flag, value);
    assertThat(r.running().exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("fraiseql-server: " + message).contains("--help").doesNotContain("secret");
  }

  @Test
  void badEnvironmentValuesNameTheVariable() {
    Result r = run(Map.of("FRAISEQL_PORT", "http"), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db");
    assertThat(r.running().exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("FRAISEQL_PORT: expected an integer, got 'http'");
    Result s = run(Map.of("FRAISEQL_SESSION_VARIABLES", "app.x"), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db");
    assertThat(s.err()).contains("FRAISEQL_SESSION_VARIABLES: Session variable must look like");
    Result m = run(Map.of("FRAISEQL_MAX_STREAMS", "99"), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db");
    assertThat(m.err()).contains("FRAISEQL_MAX_STREAMS: 99 streams cannot exceed the pool size");
    Result l = run(Map.of("FRAISEQL_LOAD_EXAMPLE", "maybe"), "demo");
    assertThat(l.err()).contains("FRAISEQL_LOAD_EXAMPLE: expected true or false, got 'maybe'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "|No command given",
      "launch|Unknown command 'launch'",
      "serve --nope|Unknown option '--nope' for serve",
      "serve --load-example|Unknown option '--load-example' for serve",
      "demo --schema x|Unknown option '--schema' for demo",
      "serve --port|--port needs a value (N)",
      "serve --port --host x|--port needs a value (N)",
      "serve --port 1 --port 2|--port is given twice",
      "demo --load-example=maybe|--load-example: expected true or false, got 'maybe'",
      "sql extra|sql takes no options",
      "serve --database-url postgresql://h/db|serve needs --schema FILE",
      "serve --schema /nonexistent/schema.graphql --database-url postgresql://h/db|Cannot read the schema file /nonexistent/schema.graphql (NoSuchFileException"})
  void usageErrors(String args, String message) {
    String[] argv = args == null ? new String[0] : args.split(" ");
    Result r = run(Map.of(), argv);
    assertThat(r.running().exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }

  @Test
  void productionOptionsFromFlagsAndTheEnvironment() {
    ServerConfig d = serve(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db");
    assertThat(d.production()).isEqualTo(ProductionOptions.DEFAULTS);
    Map<String, String> env = new HashMap<>();
    env.put("FRAISEQL_JWT_SECRET", Tokens.SECRET);
    env.put("FRAISEQL_JWT_ISSUER", "https://issuer.test");
    env.put("FRAISEQL_JWT_AUDIENCE", "api");
    env.put("FRAISEQL_JWT_REQUIRED", "yes");
    env.put("FRAISEQL_JWT_ROLE_CLAIM", "app.role");
    env.put("FRAISEQL_JWT_CLOCK_SKEW", "5s");
    env.put("FRAISEQL_DEFAULT_ROLE", "anonymous");
    env.put("FRAISEQL_GRAPHIQL", "true");
    env.put("FRAISEQL_CORS_ORIGINS", "https://a.example, HTTPS://B.example:8443");
    env.put("FRAISEQL_CORS_ALLOW_CREDENTIALS", "true");
    env.put("FRAISEQL_METRICS", "false");
    env.put("FRAISEQL_LOG_FORMAT", "JSON");
    env.put("FRAISEQL_SESSION_VARIABLES", "app.user_id=claim:sub,app.org=claim:org.id");
    ServerConfig c = serve(env, "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db");
    ProductionOptions p = c.production();
    assertThat(p.jwt().secret()).isEqualTo(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(p.jwt().toString()).contains("secret=REDACTED").doesNotContain(Tokens.SECRET);
    assertThat(p.jwt().issuer()).isEqualTo("https://issuer.test");
    assertThat(p.jwt().audience()).isEqualTo("api");
    assertThat(p.jwt().required()).isTrue();
    assertThat(p.jwt().roleClaim()).isEqualTo("app.role");
    assertThat(p.jwt().clockSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.defaultRole()).isEqualTo("anonymous");
    assertThat(p.graphiql()).isTrue();
    assertThat(p.corsOrigins()).containsExactly("https://a.example", "https://b.example:8443");
    assertThat(p.corsCredentials()).isTrue();
    assertThat(p.metrics()).isFalse();
    assertThat(p.logFormat()).isEqualTo(ProductionOptions.LogFormat.JSON);
    assertThat(c.sessionVariables()).containsExactly("app.user_id=claim:sub", "app.org=claim:org.id");
    // flags win; flags take =false; the demo has GraphiQL on unless told otherwise
    ServerConfig f = serve(env, "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db",
        "--graphiql=false", "--metrics", "--log-format", "text", "--cors-origin", "https://c.example",
        "--cors-origin=https://d.example");
    assertThat(f.production().graphiql()).isFalse();
    assertThat(f.production().metrics()).isTrue();
    assertThat(f.production().logFormat()).isEqualTo(ProductionOptions.LogFormat.TEXT);
    assertThat(f.production().corsOrigins()).containsExactly("https://c.example", "https://d.example");
    assertThat(((Cli.DemoRun) Cli.parse(List.of("demo"), Map.of())).config().production().graphiql()).isTrue();
    assertThat(((Cli.DemoRun) Cli.parse(List.of("demo", "--graphiql=no"), Map.of())).config().production().graphiql()).isFalse();
    // keys from files
    Path secretFile = Tokens.file(Tokens.SECRET + "\n", ".secret");
    ServerConfig fromFile = serve(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db",
        "--jwt-secret-file", secretFile.toString());
    assertThat(fromFile.production().jwt().secret()).isEqualTo(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
    Path cert = Tokens.file("-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder().encodeToString(
        Tokens.ec().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n", ".pem");
    assertThat(serve(Map.of("FRAISEQL_JWT_PUBLIC_KEY", cert.toString()), "serve", "--schema", schema.toString(),
        "--database-url", "postgresql://h/db").production().jwt().publicKey().getAlgorithm()).isEqualTo("EC");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--jwt-secret short|--jwt-secret: the JWT secret must have at least 32 bytes (256 bits, for HS256), got 5",
      "--jwt-secret-file /nonexistent/secret|--jwt-secret-file: cannot read /nonexistent/secret (NoSuchFileException)",
      "--jwt-public-key /nonexistent/key.pem|--jwt-public-key: cannot read /nonexistent/key.pem",
      "--jwt-issuer https://x|--jwt-issuer needs a key to verify tokens with",
      "--jwt-required|--jwt-required needs a key to verify tokens with",
      "--jwt-role-claim role|--jwt-role-claim needs a key",
      "--session-variable app.user_id=claim:sub|--session-variable: app.user_id=claim:sub reads a token claim: give --jwt-secret",
      "--cors-origin https://a.example/path|--cors-origin: expected an origin like https://app.example.com",
      "--cors-origin * --cors-allow-credentials|--cors-allow-credentials: browsers refuse credentials with the origin *",
      "--log-format xml|--log-format: expected json or text, got 'xml'",
      "--default-role none|--default-role: expected a database role name",
      "--graphiql=maybe|--graphiql: expected true or false, got 'maybe'"})
  void badProductionOptionsAreUsageErrors(String args, String message) {
    List<String> argv = new java.util.ArrayList<>(List.of("serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db"));
    argv.addAll(List.of(args.split(" ")));
    Result r = run(Map.of(), argv.toArray(new String[0]));
    assertThat(r.running().exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("fraiseql-server: " + message);
  }

  @Test
  void keyProblemsAreUsageErrors() {
    Path notPem = Tokens.file("hello", ".pem");
    assertThat(run(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db",
        "--jwt-public-key", notPem.toString()).err()).contains("expected a PEM block '-----BEGIN PUBLIC KEY-----'");
    Path badBase64 = Tokens.file("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n", ".pem");
    assertThat(run(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db",
        "--jwt-public-key", badBase64.toString()).err()).contains("the PEM block is not valid base64");
    Path notAKey = Tokens.file("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", ".pem");
    assertThat(run(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db",
        "--jwt-public-key", notAKey.toString()).err()).contains("holds neither an RSA nor an EC public key");
    Path badCert = Tokens.file("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", ".pem");
    assertThat(run(Map.of(), "serve", "--schema", schema.toString(), "--database-url", "postgresql://h/db",
        "--jwt-public-key", badCert.toString()).err()).contains("is not a PEM public key or certificate");
    Result two = run(Map.of("FRAISEQL_JWT_SECRET", Tokens.SECRET), "serve", "--schema", schema.toString(),
        "--database-url", "postgresql://h/db", "--jwt-public-key", notPem.toString());
    assertThat(two.err()).contains("give only one of --jwt-secret, --jwt-secret-file and --jwt-public-key");
  }

  @Test
  void versionAndSchemaCommands() {
    Result v = run(Map.of(), "--version");
    assertThat(v.running().exitCode()).isZero();
    assertThat(v.out()).matches("fraiseql-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)\\n");
    Result s = run(Map.of(), "schema", "--schema", schema.toString());
    assertThat(s.running().exitCode()).isZero();
    assertThat(s.out()).contains("input UserWhereInput {", "enum OrderDirection {", "type PageInfo {", "scalar DateTime");
    assertThat(run(Map.of("FRAISEQL_SCHEMA", schema.toString()), "schema").out()).isEqualTo(s.out());
    assertThat(run(Map.of(), "schema", "--schema=" + schema).out()).isEqualTo(s.out());
    Result bad = run(Map.of(), "schema", "--schema", Tokens.file("type Query { a: Int }", ".graphql").toString());
    assertThat(bad.running().exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("fraiseql-server: the schema cannot be served: ", "Query.a returns Int");
    assertThat(run(Map.of(), "schema").err()).contains("schema needs --schema FILE (or FRAISEQL_SCHEMA)");
    assertThat(run(Map.of(), "schema", "--port", "1").err()).contains("schema takes only --schema FILE");
    assertThat(run(Map.of(), "schema", "--schema", "/nonexistent.graphql").err()).contains("Cannot read the schema file");
  }

  @Test
  void serveWithoutDatabaseUrl() {
    Result r = run(Map.of(), "serve", "--schema", schema.toString());
    assertThat(r.running().exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("serve needs --database-url URL (or FRAISEQL_DATABASE_URL)");
  }

  @Test
  void helpDocumentsEveryOptionWithItsVariableAndDefault() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}, {"serve", "--help"}, {"demo", "-h"}}) {
      Result r = run(Map.of(), args);
      assertThat(r.running().exitCode()).isZero();
      assertThat(r.out()).isEqualTo(Cli.help());
    }
    String help = Cli.help();
    for (Cli.Option o : Cli.Option.values()) {
      assertThat(help).contains(o.flag, o.env, "default: " + o.defaultText);
    }
    assertThat(help).contains("serve", "demo", "sql", "default: 8080", "default: jdbc", "default: 30s",
        "default: 1m (1 MiB)", "default: 100000", "default: 15", "default: 20", "default: 2000",
        "default: 2 x cores", "default: serve: 0.0.0.0, demo: 127.0.0.1", "/health", "/ready", "Exit status");
  }

  @Test
  void sqlPrintsTheShippedSql() {
    Result r = run(Map.of(), "sql");
    assertThat(r.running().exitCode()).isZero();
    assertThat(r.out()).isEqualTo(SqlScripts.resource(SqlScripts.MUTATION_RESPONSE))
        .contains("CREATE TYPE mutation_response", "mutation_success", "mutation_created", "mutation_validation_error",
            "mutation_not_found", "mutation_conflict", "mutation_noop");
  }

  @Test
  void serveFromTheEnvironmentRunsUntilClosed() throws Exception {
    Map<String, String> env = Map.of(
        "FRAISEQL_SCHEMA", schema.toString(),
        "FRAISEQL_DATABASE_URL", TestDatabase.urlString(url),
        "FRAISEQL_HOST", "127.0.0.1",
        "FRAISEQL_PORT", "0",
        "FRAISEQL_POOL_SIZE", "2",
        "FRAISEQL_DB_BACKEND", "jdbc",
        "FRAISEQL_SESSION_VARIABLES", "app.tenant_id=header:X-Tenant-Id");
    Result r = run(env, "serve");
    assertThat(r.running().exitCode()).isZero();
    FraiseQLServer server = r.running().server();
    try {
      assertThat(server.engine().backendId()).isEqualTo("jdbc");
      HttpResponse<String> answer = Fixture.send(Fixture.request(server.port(), "/graphql")
          .header("Content-Type", "application/json").header("X-Tenant-Id", "t-9")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Fixture.body("{ whoami { tenant } }"))).build());
      assertThat(answer.body()).isEqualTo("{\"data\":{\"whoami\":[{\"tenant\":\"t-9\"}]}}");
    } finally {
      Thread closer = new Thread(() -> {
        try {
          r.running().resource().close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      closer.start();
      r.running().awaitStop();
      closer.join();
    }
  }

  @Test
  void startupFailuresExitWith1AndNeverShowThePassword() {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Result r = run(Map.of("FRAISEQL_POOL_TIMEOUT", "1s"), "serve", "--schema", schema.toString(),
        "--database-url", "postgresql://app:s3cr3t-pw@127.0.0.1:" + closedPort + "/app", "--port", "0");
    assertThat(r.running().exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("fraiseql-server: cannot start: ").doesNotContain("s3cr3t-pw");

    Result unknown = run(Map.of(), "serve", "--schema", schema.toString(),
        "--database-url", TestDatabase.urlString(url), "--port", "0", "--backend", "nosuch");
    assertThat(unknown.running().exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("Unknown database backend 'nosuch'. Found: ", "jdbc");
  }
}
