package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.tck.StreamingReplica;
import io.fraiseql.tck.TestDatabase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Read replicas against a real primary and a real streaming replica (both embedded PostgreSQL 17,
 * see {@link StreamingReplica}), on every backend. Which server ran a statement is visible in the
 * answers themselves: the view {@code v_note} reports {@code pg_is_in_recovery()} and
 * {@code inet_server_port()} of the server that evaluated it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadReplicaTest {
  static final String SQL = """
      CREATE TABLE tb_note (id integer PRIMARY KEY, body text NOT NULL);
      CREATE VIEW v_note AS SELECT id, jsonb_build_object('id', id, 'body', body,
          'served_by', CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END,
          'port', inet_server_port()) AS data FROM tb_note;
      -- fails on the replica only: a query error there must never be retried on the primary
      CREATE VIEW v_trap AS SELECT id, jsonb_build_object('id', id,
          'body', CASE WHEN pg_is_in_recovery() THEN (1 / (id - id))::text ELSE body END) AS data FROM tb_note;
      INSERT INTO tb_note SELECT g, 'note ' || g FROM generate_series(1, 300) g;
      """;
  static final String SDL = """
      type Note @sqlSource(name: "v_note") { id: ID! body: String! servedBy: String! port: Int! }
      type Trap @sqlSource(name: "v_trap") { id: ID! body: String }
      type Query { notes: [Note!]! note(id: ID!): Note notesConnection: NoteConnection! traps: [Trap!]! }
      input UpdateNoteInput { body: String }
      input CreateNoteInput { id: ID! body: String! }
      type Mutation {
        updateNote(id: ID!, input: UpdateNoteInput!): Note @update(table: "tb_note")
        createNote(input: CreateNoteInput!): Note @insert(table: "tb_note")
      }
      """;
  static final List<String> BACKENDS = ParityTest.BACKENDS;

  StreamingReplica pair;
  DatabaseUrl primary;
  DatabaseUrl replica;
  final Map<String, FraiseQL> engines = new LinkedHashMap<>();
  final Map<String, FraiseQL> fallbackEngines = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    pair = StreamingReplica.shared();
    primary = pair.createDatabase("read_replica");
    TestDatabase.execute(primary, SQL);
    pair.awaitReplay();
    replica = pair.replicaOf(primary);
    for (String id : BACKENDS) {
      engines.put(id, engine(id, false));
      fallbackEngines.put(id, engine(id, true));
    }
  }

  FraiseQL engine(String backend, boolean fallback) {
    return FraiseQL.builder().schema(SDL).backend(backend).poolSize(2)
        .poolTimeout(Duration.ofSeconds(1))
        .databaseUrl(primary).readDatabaseUrl(replica).readFallbackToPrimary(fallback).build();
  }

  @AfterAll
  void stop() {
    engines.values().forEach(FraiseQL::close);
    fallbackEngines.values().forEach(FraiseQL::close);
  }

  static List<String> backends() {
    return BACKENDS;
  }

  String replicaMark() {
    return "\"servedBy\":\"replica\",\"port\":" + pair.replicaPort();
  }

  String primaryMark() {
    return "\"servedBy\":\"primary\",\"port\":" + pair.primaryPort();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void queriesRunOnTheReplicaAndMutationsWithTheirReReadsOnThePrimary(String backend) {
    FraiseQL engine = engines.get(backend);
    assertThat(run(engine, "{ note(id: 7) { body servedBy port } }"))
        .isEqualTo("{\"data\":{\"note\":{\"body\":\"note 7\"," + replicaMark() + "}}}");
    String list = run(engine, "{ notes { id servedBy port } }"); // 300 rows: streamed, not a bounded read
    assertThat(list).contains("{\"id\":\"300\"," + replicaMark() + "}").doesNotContain("primary");
    assertThat(run(engine, "{ notesConnection(first: 2) { totalCount edges { node { servedBy } } } }"))
        .startsWith("{\"data\":{\"notesConnection\":{\"totalCount\":30") // 300 and the notes other backends added
        .endsWith("\"edges\":[{\"node\":{\"servedBy\":\"replica\"}},{\"node\":{\"servedBy\":\"replica\"}}]}}}");

    int id = 1000 + BACKENDS.indexOf(backend);
    assertThat(run(engine, "mutation { createNote(input: {id: \"" + id + "\", body: \"new\"}) { id body servedBy port } }"))
        .isEqualTo("{\"data\":{\"createNote\":{\"id\":\"" + id + "\",\"body\":\"new\"," + primaryMark() + "}}}");
    assertThat(run(engine, "mutation { updateNote(id: \"" + id + "\", input: {body: \"newer\"}) { body servedBy port } }"))
        .isEqualTo("{\"data\":{\"updateNote\":{\"body\":\"newer\"," + primaryMark() + "}}}");
    pair.awaitReplay();
    assertThat(run(engine, "{ note(id: " + id + ") { body servedBy port } }"))
        .isEqualTo("{\"data\":{\"note\":{\"body\":\"newer\"," + replicaMark() + "}}}");
    assertThat(engine.ready().toCompletableFuture().join()).isTrue();
    assertThat(engine.replicaReady().toCompletableFuture().join()).contains(true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aReadRightAfterAMutationMayBeStaleOnTheReplica(String backend) {
    FraiseQL engine = engines.get(backend);
    int id = 10 + BACKENDS.indexOf(backend);
    pair.awaitReplay();
    await("no lag once the replica has replayed everything",
        () -> engine.replicaLag().toCompletableFuture().join().filter(Duration.ZERO::equals).isPresent());
    pair.pauseReplay();
    try {
      assertThat(run(engine, "mutation { updateNote(id: \"" + id + "\", input: {body: \"fresh\"}) { body servedBy } }"))
          .isEqualTo("{\"data\":{\"updateNote\":{\"body\":\"fresh\",\"servedBy\":\"primary\"}}}");
      assertThat(run(engine, "{ note(id: " + id + ") { body servedBy } }"))
          .as("the replica has not replayed the update yet")
          .isEqualTo("{\"data\":{\"note\":{\"body\":\"note " + id + "\",\"servedBy\":\"replica\"}}}");
      await("a lag above zero while the replica holds back a change it received",
          () -> engine.replicaLag().toCompletableFuture().join().filter(d -> d.compareTo(Duration.ZERO) > 0).isPresent());
    } finally {
      pair.resumeReplay();
    }
    pair.awaitReplay();
    assertThat(run(engine, "{ note(id: " + id + ") { body servedBy } }"))
        .isEqualTo("{\"data\":{\"note\":{\"body\":\"fresh\",\"servedBy\":\"replica\"}}}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void queryErrorsOnTheReplicaAreTheAnswerEvenWithFallback(String backend) {
    for (FraiseQL engine : List.of(engines.get(backend), fallbackEngines.get(backend))) {
      String json = run(engine, "{ traps { id body } }");
      assertThat(json).startsWith("{\"data\":null,\"errors\":[").contains("\"DATABASE_ERROR\"", "\"sqlState\":\"22012\"")
          .doesNotContain("note 1");
    }
  }

  @Test
  void aReplicaThatIsDownFailsReadsWithConnectionErrorUnlessTheyMayFallBack() {
    pair.stopReplica();
    try {
      for (String backend : BACKENDS) {
        FraiseQL strict = engines.get(backend);
        assertThat(run(strict, "{ note(id: 3) { body } }")).as(backend)
            .startsWith("{\"data\":{\"note\":null},\"errors\":[").contains("\"CONNECTION_ERROR\"");
        assertThat(run(strict, "{ notes { id } }")).as(backend).contains("\"CONNECTION_ERROR\"");
        assertThat(run(strict, "mutation { updateNote(id: \"3\", input: {body: \"while down\"}) { body servedBy } }"))
            .as("mutations do not need the replica, on " + backend)
            .isEqualTo("{\"data\":{\"updateNote\":{\"body\":\"while down\",\"servedBy\":\"primary\"}}}");
        assertThat(strict.ready().toCompletableFuture().join()).as(backend).isFalse();
        assertThat(strict.replicaReady().toCompletableFuture().join()).as(backend).contains(false);
        assertThatThrownBy(() -> strict.replicaLag().toCompletableFuture().join())
            .isInstanceOf(CompletionException.class).cause()
            .isInstanceOfSatisfying(FraiseQLException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR));

        FraiseQL lenient = fallbackEngines.get(backend);
        assertThat(run(lenient, "{ note(id: 3) { body servedBy port } }")).as(backend)
            .isEqualTo("{\"data\":{\"note\":{\"body\":\"while down\"," + primaryMark() + "}}}");
        assertThat(run(lenient, "{ notes { servedBy } }")).as(backend).doesNotContain("replica", "errors");
        assertThat(run(lenient, "{ traps { body } }")).as("the primary's answer, on " + backend).contains("note 1");
        assertThat(lenient.ready().toCompletableFuture().join()).as(backend).isTrue();
      }
      // the catalog comes from the primary: an engine starts while its replica is down
      try (FraiseQL late = engine("jdbc", false)) {
        assertThat(run(late, "{ note(id: 1) { id } }")).contains("\"CONNECTION_ERROR\"");
      }
    } finally {
      pair.startReplica();
    }
    pair.awaitReplay();
    for (String backend : BACKENDS) {
      for (FraiseQL engine : List.of(engines.get(backend), fallbackEngines.get(backend))) {
        await(backend + " reading from the replica again",
            () -> run(engine, "{ note(id: 3) { body servedBy } }").contains("\"servedBy\":\"replica\""));
        assertThat(run(engine, "{ note(id: 3) { body servedBy } }"))
            .isEqualTo("{\"data\":{\"note\":{\"body\":\"while down\",\"servedBy\":\"replica\"}}}");
        assertThat(engine.ready().toCompletableFuture().join()).isTrue();
      }
    }
  }

  @Test
  void withoutAReplicaReadsGoToThePrimaryAndFallbackIsRefused() {
    try (FraiseQL plain = FraiseQL.builder().schema(SDL).backend("jdbc").poolSize(1).databaseUrl(primary).build()) {
      assertThat(run(plain, "{ note(id: 1) { servedBy } }")).contains("\"servedBy\":\"primary\"");
      assertThat(plain.replicaLag().toCompletableFuture().join()).isEqualTo(Optional.empty());
      assertThat(plain.replicaReady().toCompletableFuture().join()).isEqualTo(Optional.empty());
      assertThat(plain.ready().toCompletableFuture().join()).isTrue();
    }
    assertThatThrownBy(() -> FraiseQL.builder().schema(SDL).backend("jdbc").databaseUrl(primary).readFallbackToPrimary(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a read replica");
  }

  static void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
