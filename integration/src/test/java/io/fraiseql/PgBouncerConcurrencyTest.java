package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.tck.PgBouncer;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Eight clients at once, each mixing mutations and four kinds of reads (by id, a bounded list, a
 * streamed list, a list filtered by a session variable), on all three backends in turn, all
 * through one PgBouncer in {@code pool_mode = transaction} with fewer server connections than
 * clients, so every server connection serves many clients of every backend in turn. Every answer
 * is compared byte for byte with what PostgreSQL holds: each client owns its rows, so its model of
 * them is exactly the database's; at the end the rows are read back through plain JDBC.
 *
 * <p>The database's own time zone is not UTC and its statement timeout is not the engine's: an
 * answer computed without the transaction's prelude shows another offset or timeout.
 */
class PgBouncerConcurrencyTest {
  static final int CLIENTS = 8;
  static final int ROWS_PER_CLIENT = 10;
  static final int OPERATIONS_PER_CLIENT = 90;
  static final String SQL = """
      CREATE TABLE tb_counter (id integer PRIMARY KEY, owner integer NOT NULL, value integer NOT NULL,
          label text NOT NULL, created_at timestamptz NOT NULL DEFAULT '2025-01-02 03:04:05+00');
      CREATE VIEW v_counter AS SELECT id, owner, jsonb_build_object('id', id, 'owner', owner, 'value', value,
          'label', label, 'created_at', created_at, 'timeout', current_setting('statement_timeout'),
          'tz', current_setting('TimeZone')) AS data FROM tb_counter;
      CREATE VIEW v_own_counter AS SELECT * FROM v_counter
          WHERE owner = NULLIF(current_setting('app.owner', true), '')::integer;
      INSERT INTO tb_counter (id, owner, value, label)
          SELECT o * 100 + i, o, 0, 'start' FROM generate_series(0, 7) o, generate_series(1, 10) i;
      """;
  static final String SDL = """
      type Counter @sqlSource(name: "v_counter") {
        id: ID! owner: Int! value: Int! label: String! createdAt: DateTime! timeout: String! tz: String!
      }
      type OwnCounter @sqlSource(name: "v_own_counter") { id: ID! value: Int! label: String! }
      type Query { counter(id: ID!): Counter counters: [Counter!]! ownCounters: [OwnCounter!]! }
      input UpdateCounterInput { value: Int label: String }
      type Mutation { updateCounter(id: ID!, input: UpdateCounterInput!): Counter @update(table: "tb_counter") }
      """;

  @Test
  void eightClientsThroughPgBouncerGetOnlyRightAnswers() throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("pgbouncer_concurrency");
    TestDatabase.execute(url, SQL + "ALTER DATABASE \"" + url.database() + "\" SET timezone = 'America/New_York';"
        + " ALTER DATABASE \"" + url.database() + "\" SET statement_timeout = '77s';");
    PgBouncer.shared(); // skips the test, with the reason, where PgBouncer cannot run
    try (PgBouncer bouncer = PgBouncer.start(TestDatabase.get().serverUrl(), 3)) {
      List<FraiseQL> engines = new ArrayList<>();
      try {
        for (String backend : ParityTest.BACKENDS) {
          engines.add(FraiseQL.builder().schema(SDL).backend(backend).databaseUrl(bouncer.route(url)).pgBouncer(true)
              .poolSize(CLIENTS).statementTimeout(Duration.ofSeconds(9))
              .sessionVariable(SessionVariable.fromAttribute("app.owner", "X-Owner")).build());
        }
        Outcome outcome = run(engines);
        System.out.println("PgBouncer concurrency: " + outcome.answers + " answers from " + CLIENTS
            + " clients over jdbc, vertx and r2dbc, " + outcome.wrong.size() + " wrong, " + outcome.errors.size() + " errors");
        outcome.wrong.stream().limit(5).forEach(w -> System.out.println("wrong: " + w));
        assertThat(outcome.errors).as("errors").isEmpty();
        assertThat(outcome.wrong).as("wrong answers").isEmpty();
        assertThat(outcome.answers.get()).isEqualTo(CLIENTS * OPERATIONS_PER_CLIENT);
        for (int client = 0; client < CLIENTS; client++) {
          assertThat(rowsInDatabase(url, client)).as("client %d's rows in PostgreSQL", client)
              .isEqualTo(outcome.models.get(client).dump());
        }
      } finally {
        engines.forEach(FraiseQL::close);
      }
    }
  }

  /** What a run saw. */
  record Outcome(AtomicInteger answers, ConcurrentLinkedQueue<String> wrong, ConcurrentLinkedQueue<String> errors,
      List<Model> models) {}

  /** One client's rows as it last wrote them: exactly what PostgreSQL holds, as only it writes them. */
  static final class Model {
    final int owner;
    final int[] values = new int[ROWS_PER_CLIENT];
    final String[] labels = new String[ROWS_PER_CLIENT];

    Model(int owner) {
      this.owner = owner;
      java.util.Arrays.fill(labels, "start");
    }

    int id(int row) {
      return owner * 100 + row + 1;
    }

    String row(int row) {
      return "{\"id\":\"" + id(row) + "\",\"value\":" + values[row] + ",\"label\":\"" + labels[row] + "\"}";
    }

    String rows() {
      List<String> all = new ArrayList<>();
      for (int r = 0; r < ROWS_PER_CLIENT; r++) {
        all.add(row(r));
      }
      return "[" + String.join(",", all) + "]";
    }

    String dump() {
      StringBuilder sb = new StringBuilder();
      for (int r = 0; r < ROWS_PER_CLIENT; r++) {
        sb.append(id(r)).append('=').append(values[r]).append('/').append(labels[r]).append(';');
      }
      return sb.toString();
    }
  }

  static Outcome run(List<FraiseQL> engines) throws Exception {
    Outcome outcome = new Outcome(new AtomicInteger(), new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(), new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Model model = new Model(c);
        outcome.models.add(model);
        done.add(clients.submit(() -> client(model, engines, outcome)));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      clients.shutdownNow();
    }
    return outcome;
  }

  static void client(Model m, List<FraiseQL> engines, Outcome outcome) {
    Random random = new Random(m.owner);
    String settings = "\"timeout\":\"9s\",\"tz\":\"UTC\"";
    for (int op = 0; op < OPERATIONS_PER_CLIENT; op++) {
      FraiseQL engine = engines.get((op + m.owner) % engines.size());
      int row = random.nextInt(ROWS_PER_CLIENT);
      String query;
      String expected;
      GraphQLRequest request;
      switch (random.nextInt(5)) {
        case 0 -> {
          m.values[row] = random.nextInt(1_000_000);
          m.labels[row] = "c" + m.owner + "-" + op + "-" + engine.backendId();
          query = "mutation { updateCounter(id: \"" + m.id(row) + "\", input: {value: " + m.values[row] + ", label: \""
              + m.labels[row] + "\"}) { id value label timeout tz } }";
          expected = "{\"data\":{\"updateCounter\":{\"id\":\"" + m.id(row) + "\",\"value\":" + m.values[row]
              + ",\"label\":\"" + m.labels[row] + "\"," + settings + "}}}";
          request = GraphQLRequest.of(query);
        }
        case 1 -> {
          query = "{ counter(id: \"" + m.id(row) + "\") { id value label createdAt timeout tz } }";
          expected = "{\"data\":{\"counter\":{\"id\":\"" + m.id(row) + "\",\"value\":" + m.values[row] + ",\"label\":\""
              + m.labels[row] + "\",\"createdAt\":\"2025-01-02T03:04:05+00:00\"," + settings + "}}}";
          request = GraphQLRequest.of(query);
        }
        case 2 -> {
          query = "{ counters(where: {owner: {eq: " + m.owner + "}}, limit: 10) { id value label } }";
          expected = "{\"data\":{\"counters\":" + m.rows() + "}}";
          request = GraphQLRequest.of(query);
        }
        case 3 -> {
          query = "{ counters(where: {owner: {eq: " + m.owner + "}}) { id value label } }";
          expected = "{\"data\":{\"counters\":" + m.rows() + "}}";
          request = GraphQLRequest.of(query);
        }
        default -> {
          query = "{ ownCounters { id value label } }";
          expected = "{\"data\":{\"ownCounters\":" + m.rows() + "}}";
          request = GraphQLRequest.of(query).withAttributes(Map.of("x-owner", Integer.toString(m.owner)));
        }
      }
      String answer;
      try {
        answer = new String(engine.execute(request), StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        outcome.errors.add(engine.backendId() + ": " + query + " threw " + e);
        continue;
      }
      outcome.answers.incrementAndGet();
      if (answer.contains("\"errors\"")) {
        outcome.errors.add(engine.backendId() + ": " + query + " -> " + answer);
      } else if (!answer.equals(expected)) {
        outcome.wrong.add(engine.backendId() + ": " + query + " -> " + answer + " (PostgreSQL holds " + expected + ")");
      }
    }
  }

  static String rowsInDatabase(DatabaseUrl url, int owner) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT string_agg(id || '=' || value || '/' || label || ';', '' ORDER BY id)"
            + " FROM tb_counter WHERE owner = " + owner)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
