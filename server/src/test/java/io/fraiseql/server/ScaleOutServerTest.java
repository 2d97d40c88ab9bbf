package io.fraiseql.server;

import static io.fraiseql.server.Fixture.body;
import static io.fraiseql.server.Fixture.post;
import static io.fraiseql.server.Fixture.request;
import static io.fraiseql.server.Fixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.PgBouncer;
import io.fraiseql.tck.StreamingReplica;
import io.fraiseql.tck.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server with a read replica ({@code --read-database-url}, {@code --read-fallback-to-primary})
 * and behind PgBouncer ({@code --pgbouncer}): options, {@code /ready}, and where statements run,
 * against a real streaming replica and a real PgBouncer in transaction mode.
 */
class ScaleOutServerTest {
  static final String SQL = """
      CREATE TABLE tb_note (id integer PRIMARY KEY, body text NOT NULL);
      CREATE VIEW v_note AS SELECT id, jsonb_build_object('id', id, 'body', body,
          'served_by', CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END) AS data FROM tb_note;
      INSERT INTO tb_note VALUES (1, 'one');
      """;
  static final String SDL = """
      type Note @sqlSource(name: "v_note") { id: ID! body: String! servedBy: String! }
      type Query { note(id: ID!): Note notes: [Note!]! }
      input UpdateNoteInput { body: String }
      type Mutation { updateNote(id: ID!, input: UpdateNoteInput!): Note @update(table: "tb_note") }
      """;

  static ServerConfig serve(Map<String, String> env, String... args) {
    return ((Cli.Serve) Cli.parse(List.of(args), env)).config();
  }

  static Path schemaFile() throws Exception {
    Path f = Files.createTempFile("fraiseql-scaleout", ".graphql");
    Files.writeString(f, SDL);
    f.toFile().deleteOnExit();
    return f;
  }

  static String ready(int port) {
    HttpResponse<String> r = send(request(port, "/ready").GET().build());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void optionsComeFromFlagsOrTheEnvironment() throws Exception {
    String schema = schemaFile().toString();
    ServerConfig plain = serve(Map.of(), "serve", "--schema", schema, "--database-url", "postgresql://u:p@db/app");
    assertThat(plain.routing()).isEqualTo(ServerConfig.Routing.DIRECT);

    Map<String, String> env = Map.of("FRAISEQL_SCHEMA", schema, "FRAISEQL_DATABASE_URL", "postgresql://u:p@db/app",
        "FRAISEQL_READ_DATABASE_URL", "postgresql://r:secret@replica:5433/app",
        "FRAISEQL_READ_FALLBACK_TO_PRIMARY", "true", "FRAISEQL_PGBOUNCER", "true");
    ServerConfig fromEnv = serve(env, "serve");
    assertThat(fromEnv.routing().readDatabaseUrl().toString()).isEqualTo("postgresql://r:REDACTED@replica:5433/app");
    assertThat(fromEnv.routing().readFallbackToPrimary()).isTrue();
    assertThat(fromEnv.routing().pgBouncer()).isTrue();

    ServerConfig flags = serve(Map.of(), "serve", "--schema", schema, "--database-url", "postgresql://u:p@db/app",
        "--read-database-url=postgresql://r@replica/app", "--pgbouncer");
    assertThat(flags.routing().readDatabaseUrl().toString()).isEqualTo("postgresql://r@replica:5432/app");
    assertThat(flags.routing().readFallbackToPrimary()).isFalse();
    assertThat(flags.routing().pgBouncer()).isTrue();

    assertThatThrownBy(() -> serve(Map.of(), "serve", "--schema", schema, "--database-url", "postgresql://u@db/app",
        "--read-fallback-to-primary"))
        .isInstanceOf(Cli.UsageException.class)
        .hasMessage("--read-fallback-to-primary (FRAISEQL_READ_FALLBACK_TO_PRIMARY) needs --read-database-url"
            + " (FRAISEQL_READ_DATABASE_URL)");
    assertThatThrownBy(() -> serve(Map.of("FRAISEQL_PGBOUNCER", "perhaps"), "serve", "--schema", schema,
        "--database-url", "postgresql://u@db/app"))
        .isInstanceOf(Cli.UsageException.class).hasMessageStartingWith("FRAISEQL_PGBOUNCER: ");
    assertThatThrownBy(() -> serve(Map.of(), "serve", "--schema", schema, "--database-url", "postgresql://u@db/app",
        "--read-database-url", "mysql://x/y"))
        .isInstanceOf(Cli.UsageException.class).hasMessageStartingWith("--read-database-url: ");
    assertThatThrownBy(() -> new ServerConfig.Routing(null, true, false)).isInstanceOf(IllegalArgumentException.class);
    assertThat(plain.withRouting(fromEnv.routing()).routing()).isEqualTo(fromEnv.routing());
    assertThat(Cli.help()).contains("--read-database-url URL", "FRAISEQL_READ_DATABASE_URL", "--read-fallback-to-primary",
        "FRAISEQL_READ_FALLBACK_TO_PRIMARY", "--pgbouncer", "FRAISEQL_PGBOUNCER");
  }

  @Test
  void queriesGoToTheReplicaMutationsToThePrimaryAndReadyChecksBoth() throws Exception {
    StreamingReplica pair = StreamingReplica.shared();
    DatabaseUrl primary = pair.createDatabase("server_replica");
    TestDatabase.execute(primary, SQL);
    pair.awaitReplay();
    String replica = TestDatabase.urlString(pair.replicaOf(primary));
    Path schema = schemaFile();
    try (FraiseQLServer strict = FraiseQLServer.start(Fixture.config(schema, primary, "--backend", "vertx",
            "--read-database-url", replica, "--pool-timeout", "1s"));
        FraiseQLServer lenient = FraiseQLServer.start(Fixture.config(schema, primary, "--backend", "r2dbc",
            "--read-database-url", replica, "--read-fallback-to-primary", "--pool-timeout", "1s"))) {
      assertThat(post(strict.port(), body("{ note(id: 1) { body servedBy } }"), null).body())
          .isEqualTo("{\"data\":{\"note\":{\"body\":\"one\",\"servedBy\":\"replica\"}}}");
      assertThat(post(strict.port(), body("mutation { updateNote(id: 1, input: {body: \"two\"}) { body servedBy } }"), null).body())
          .isEqualTo("{\"data\":{\"updateNote\":{\"body\":\"two\",\"servedBy\":\"primary\"}}}");
      assertThat(ready(strict.port())).isEqualTo("200 {\"status\":\"READY\",\"replica\":\"UP\"}");
      assertThat(ready(lenient.port())).isEqualTo("200 {\"status\":\"READY\",\"replica\":\"UP\"}");

      pair.stopReplica();
      try {
        assertThat(ready(strict.port())).isEqualTo("503 {\"status\":\"UNAVAILABLE\",\"replica\":\"DOWN\"}");
        assertThat(post(strict.port(), body("{ notes { body } }"), null).body()).contains("\"CONNECTION_ERROR\"");
        assertThat(ready(lenient.port())).as("reads fall back, so the server can serve")
            .isEqualTo("200 {\"status\":\"READY\",\"replica\":\"DOWN\"}");
        assertThat(post(lenient.port(), body("{ note(id: 1) { body servedBy } }"), null).body())
            .isEqualTo("{\"data\":{\"note\":{\"body\":\"two\",\"servedBy\":\"primary\"}}}");
      } finally {
        pair.startReplica();
      }
      pair.awaitReplay();
      ReadyWait.until(() -> ready(strict.port()).startsWith("200"));
      assertThat(post(strict.port(), body("{ note(id: 1) { body servedBy } }"), null).body())
          .isEqualTo("{\"data\":{\"note\":{\"body\":\"two\",\"servedBy\":\"replica\"}}}");
    }
  }

  @Test
  void everyBackendServesThroughPgBouncerInTransactionMode() throws Exception {
    PgBouncer bouncer = PgBouncer.shared();
    DatabaseUrl db = TestDatabase.get().createDatabase("server_pgbouncer");
    TestDatabase.execute(db, SQL);
    DatabaseUrl routed = bouncer.route(db);
    Path schema = schemaFile();
    for (String backend : List.of("jdbc", "vertx", "r2dbc")) {
      try (FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, routed, "--backend", backend, "--pgbouncer",
          "--statement-timeout", "3s"))) {
        assertThat(post(server.port(), body("{ note(id: 1) { body servedBy } }"), null).body()).as(backend)
            .isEqualTo("{\"data\":{\"note\":{\"body\":\"one\",\"servedBy\":\"primary\"}}}");
        assertThat(post(server.port(), body("mutation { updateNote(id: 1, input: {body: \"one\"}) { body } }"), null).body())
            .as(backend).isEqualTo("{\"data\":{\"updateNote\":{\"body\":\"one\"}}}");
        assertThat(ready(server.port())).isEqualTo("200 {\"status\":\"READY\"}");
      }
    }
  }

  /** Polls a condition for up to 30 s. */
  static final class ReadyWait {
    private ReadyWait() {}

    static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (!condition.getAsBoolean()) {
        assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }
}
