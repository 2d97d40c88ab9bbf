package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.plan.MutationDef;
import io.fraiseql.internal.MutationRunner;
import io.fraiseql.planner.PlanResult;
import io.fraiseql.planner.Planner;
import io.fraiseql.planner.RootPlan;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.Backends;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.spi.TransactionWork;
import io.fraiseql.sql.SqlRenderer;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A write whose connection dies as its transaction ends may have committed or not; the database
 * knows. The engine asks it ({@code pg_xact_status} of the transaction id it read before the
 * commit) and answers what really happened: the written row when it committed, the error when it
 * did not. The lost answer is simulated by a backend that fails after (or before) the real commit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InDoubtCommitTest {
  static final String P102 = MutationTest.P102;
  static final String P103 = MutationTest.P103;

  DatabaseUrl url;
  DatabaseBackend jdbc;
  Planner planner;

  @BeforeAll
  void start() {
    url = BlogFixture.createDatabase("in_doubt");
    TestDatabase.execute(url, FraiseQL.shippedSql());
    TestDatabase.execute(url, BlogFixture.resource("mutations.sql"));
    try (FraiseQL engine = FraiseQL.builder().schema(MutationTest.sdl()).databaseUrl(url).backend("jdbc").poolSize(2).build()) {
      planner = new Planner(engine.schema());
    }
    jdbc = Backends.select(Backends.discover(getClass().getClassLoader()), "jdbc", null)
        .create(new BackendConfig(url, 2, Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of()));
  }

  @AfterAll
  void stop() {
    jdbc.close();
  }

  /** Where the connection is lost. */
  enum Loss { AFTER_COMMIT, BEFORE_COMMIT }

  MutationRunner.Outcome run(DatabaseBackend backend, String mutation) throws Throwable {
    PlanResult.Operation op = (PlanResult.Operation) planner.plan(mutation, null, Map.of());
    MutationDef def = ((RootPlan.Mutation) op.fields().get(0)).mutation();
    try {
      MutationRunner runner = new MutationRunner(backend, new SqlRenderer(BindStyle.QUESTION_MARK));
      return runner.run(runner.prepare(def), null, SessionSettings.empty()).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause();
    }
  }

  @Test
  void anInsertWhoseCommitAnswerWasLostAnswersTheWrittenRow() throws Throwable {
    MutationRunner.Outcome o = run(losing(Loss.AFTER_COMMIT, false), "mutation { createPost(input: {title: \"lost ack\"}) { id title } }");
    assertThat(new String(o.document(), 0, o.length(), StandardCharsets.UTF_8)).contains("\"title\": \"lost ack\"");
    assertThat(count("SELECT count(*) FROM tb_post WHERE title = 'lost ack'")).isEqualTo(1);
  }

  @Test
  void anInsertCutBeforeItsCommitFailsAndLeavesNothing() throws Exception {
    assertThatThrownBy(() -> run(losing(Loss.BEFORE_COMMIT, false), "mutation { createPost(input: {title: \"cut\"}) { id } }"))
        .isInstanceOf(FraiseQLException.class).extracting(e -> ((FraiseQLException) e).code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
    assertThat(count("SELECT count(*) FROM tb_post WHERE title = 'cut'")).isZero();
  }

  @Test
  void aFunctionWhoseCommitAnswerWasLostAnswersItsSuccess() throws Throwable {
    MutationRunner.Outcome o = run(losing(Loss.AFTER_COMMIT, false),
        "mutation { publishPost(input: {postId: \"" + P102 + "\"}) { __typename ... on PublishPostSuccess { status } } }");
    assertThat(new String(o.document(), 0, o.length(), StandardCharsets.UTF_8)).startsWith("{\"status\": \"success\"");
    assertThat(count("SELECT count(*) FROM tb_post WHERE id = '" + P102 + "' AND published")).isEqualTo(1);
  }

  @Test
  void aFunctionErrorWhoseRollbackAnswerWasLostAnswersTheError() throws Throwable {
    MutationRunner.Outcome o = run(losing(Loss.AFTER_COMMIT, false),
        "mutation { publishPost(input: {postId: \"" + P103 + "\"}) { __typename } }");
    assertThat(new String(o.document(), 0, o.length(), StandardCharsets.UTF_8)).startsWith("{\"status\": \"noop:already_published\"");
  }

  @Test
  void whenTheDatabaseCannotSayTheConnectionErrorStands() {
    assertThatThrownBy(() -> run(losing(Loss.AFTER_COMMIT, true), "mutation { createPost(input: {title: \"unsure\"}) { id } }"))
        .isInstanceOf(FraiseQLException.class).extracting(e -> ((FraiseQLException) e).code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
  }

  private long count(String sql) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static <T> CompletionStage<T> lost() {
    return CompletableFuture.failedFuture(new FraiseQLException(ErrorCode.CONNECTION_ERROR, "The database connection failed"));
  }

  /** The JDBC backend, except that the connection is "lost" around the commit; optionally no status either. */
  private DatabaseBackend losing(Loss loss, boolean statusFails) {
    return new DatabaseBackend() {
      @Override
      public String id() {
        return "losing";
      }

      @Override
      public BindStyle bindStyle() {
        return jdbc.bindStyle();
      }

      @Override
      public boolean blocking() {
        return true;
      }

      @Override
      public CompletionStage<Void> stream(SessionSettings settings, SqlStatement statement, RowSink sink) {
        if (statusFails && statement.sql().contains("pg_xact_status")) {
          return lost();
        }
        return jdbc.stream(settings, statement, sink);
      }

      @Override
      public CompletionStage<Void> transaction(SessionSettings settings, TransactionWork work) {
        if (loss == Loss.BEFORE_COMMIT) {
          return jdbc.transaction(settings, tx -> work.run(tx).thenCompose(commit -> lost()));
        }
        return jdbc.transaction(settings, work).thenCompose(v -> lost());
      }

      @Override
      public CompletionStage<Boolean> ping() {
        return jdbc.ping();
      }

      @Override
      public void close() {
        // the shared backend is closed after the class
      }
    };
  }
}
