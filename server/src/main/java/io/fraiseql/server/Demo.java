package io.fraiseql.server;

import io.fraiseql.api.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code demo} command: an embedded PostgreSQL 17 (or the database named by
 * {@code --database-url} / {@code FRAISEQL_DATABASE_URL}), the example blog loaded into it, and
 * the server on top.
 */
final class Demo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

  static final String SCHEMA_RESOURCE = "fraiseql/demo/blog.graphql";
  static final String DATA_RESOURCE = "fraiseql/demo/blog.sql";

  /** The filtered and ordered query of the first printed example (POST). */
  static final String EXAMPLE_POST_QUERY =
      "{ posts(where: {title: {icontains: \\\"jsonb\\\"}, published: {eq: true}}, orderBy: [{createdAt: DESC}], limit: 3)"
          + " { id title createdAt author { fullName } commentCount } }";

  /** The query of the second printed example (GET). */
  static final String EXAMPLE_GET_QUERY = "{ user(id: \"42\") { fullName email createdAt postCount } }";

  private final FraiseQLServer server;
  private final EmbeddedPostgres postgres;

  private Demo(FraiseQLServer server, EmbeddedPostgres postgres) {
    this.server = server;
    this.postgres = postgres;
  }

  /** The demo's cursor secret when none is given: derived from its SDL, the same on every run. */
  static CursorSecret demoCursorSecret() {
    return CursorSecret.of(java.util.HexFormat.of().formatHex(
        io.fraiseql.api.plan.CursorCodec.deriveSecret(schema())));
  }

  /** The bundled example SDL. */
  static String schema() {
    return SqlScripts.resource(SCHEMA_RESOURCE);
  }

  /**
   * Starts the demo. With no database URL in the configuration an embedded PostgreSQL is started
   * and the example always loaded; with one, the example is loaded only when {@code loadExample}.
   */
  static Demo start(ServerConfig config, boolean loadExample, PrintStream out) {
    EmbeddedPostgres postgres = null;
    DatabaseUrl url = config.databaseUrl();
    try {
      if (url == null) {
        out.println("Starting an embedded PostgreSQL 17 (the first start unpacks it, a few seconds)...");
        postgres = EmbeddedPostgres.builder().setServerConfig("timezone", "UTC").start();
        url = DatabaseUrl.of("localhost", postgres.getPort(), "postgres", "postgres", null);
      }
      if (loadExample) {
        LOG.info("Loading the example blog and the mutation_response SQL into {}", url);
        SqlScripts.run(url, SqlScripts.resource(SqlScripts.MUTATION_RESPONSE));
        SqlScripts.run(url, SqlScripts.resource(DATA_RESOURCE));
      }
      ServerConfig demoConfig = config.withDatabaseUrl(url);
      if (demoConfig.engineOptions().cursorSecret() == null) {
        // a fixed key, so that cursors survive restarts of the demo; anyone with the SDL can
        // sign cursors with it: serve never does this
        demoConfig = demoConfig.withEngineOptions(demoConfig.engineOptions().withCursorSecret(demoCursorSecret()));
      }
      FraiseQLServer server;
      try {
        server = FraiseQLServer.start(demoConfig);
      } catch (RuntimeException e) {
        throw loadExample ? e : new IllegalStateException(e.getMessage()
            + " (the example schema is not in this database: run the demo with --load-example to create it)", e);
      }
      Demo demo = new Demo(server, postgres);
      demo.printWelcome(out, config.host(), postgres != null, config.production());
      return demo;
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(postgres);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException((postgres == null && config.databaseUrl() == null
          ? "Could not start the embedded PostgreSQL: " : "Could not load the example: ") + e.getMessage(), e);
    }
  }

  private void printWelcome(PrintStream out, String host, boolean embedded, ProductionOptions production) {
    String base = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.port();
    out.println();
    out.println("FraiseQL demo: GraphQL at " + base + "/graphql");
    out.println("  " + (embedded ? "embedded PostgreSQL 17, " : "") + "example blog: 100 users, 1,000 posts, 5,000 comments"
        + " (SDL: unzip -p fraiseql-server.jar " + SCHEMA_RESOURCE + ")");
    out.println();
    for (String line : curlCommands(base)) {
      out.println(line);
    }
    out.println();
    if (production.graphiql()) {
      out.println("GraphiQL: open " + base + "/graphql in a browser.");
    }
    out.println("Health: " + base + "/health, readiness: " + base + "/ready"
        + (production.metrics() ? ", metrics: " + base + "/metrics" : "") + ". Stop with Ctrl+C.");
    out.flush();
  }

  /** The two example commands, each preceded by a comment line. */
  static List<String> curlCommands(String base) {
    return List.of(
        "# the three newest published posts about JSONB (POST, a filter and an order):",
        "curl -s " + base + "/graphql -H 'Content-Type: application/json' -d '{\"query\": \"" + EXAMPLE_POST_QUERY + "\"}'",
        "# one user by id (GET works for queries):",
        "curl -s -G " + base + "/graphql --data-urlencode 'query=" + EXAMPLE_GET_QUERY + "'");
  }

  /** The server of the demo. */
  FraiseQLServer server() {
    return server;
  }

  /** Stops the server, then the embedded PostgreSQL. */
  @Override
  public void close() {
    server.close();
    closeQuietly(postgres);
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        LOG.warn("Could not stop the embedded PostgreSQL: {}", e.getMessage());
      }
    }
  }
}
