package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mutation corpus ({@code parity-mutations/}) on every backend: mutations change data, so each
 * backend gets a fresh database of its own (blog fixture, shipped SQL, mutation fixtures) and runs
 * the whole corpus in file order. Every response body, and the rows left at the end, must be
 * byte-identical across backends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParityMutationTest {
  static final String FOLDER = "/parity-mutations";
  /** case name -> backend id -> response body. */
  final Map<String, Map<String, String>> answers = new LinkedHashMap<>();
  /** backend id -> the tables' rows after the corpus ran. */
  final Map<String, String> finalState = new LinkedHashMap<>();

  static List<ParityTest.Case> cases() throws IOException {
    return ParityTest.load(ParityTest.corpus(FOLDER));
  }

  /** How the engines reach a corpus database: directly here; a subclass may go through a pooler. */
  FraiseQL.Builder connect(FraiseQL.Builder builder, DatabaseUrl url) {
    return builder.databaseUrl(url);
  }

  @BeforeAll
  void runTheCorpusOnEveryBackend() throws Exception {
    List<ParityTest.Case> cases = cases();
    for (String id : ParityTest.BACKENDS) {
      DatabaseUrl url = BlogFixture.createDatabase("parity_mut_" + id);
      TestDatabase.execute(url, FraiseQL.shippedSql());
      TestDatabase.execute(url, BlogFixture.resource("mutations.sql"));
      try (FraiseQL engine = connect(FraiseQL.builder(), url)
          .schema(MutationTest.sdl())
          .backend(id)
          .poolSize(2)
          .statementTimeout(Duration.ofSeconds(5))
          .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id"))
          .build()) {
        for (ParityTest.Case c : cases) {
          answers.computeIfAbsent(c.name(), k -> new LinkedHashMap<>())
              .put(id, new String(engine.execute(c.request()), StandardCharsets.UTF_8));
        }
      }
      finalState.put(id, state(url));
    }
  }

  /** Every row of the written tables, through plain JDBC (generated post ids left out). */
  static String state(DatabaseUrl url) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT jsonb_build_array("
            + "(SELECT jsonb_agg(to_jsonb(u) ORDER BY u.id) FROM tb_user u),"
            + " (SELECT jsonb_agg(to_jsonb(p) - 'id' ORDER BY p.title) FROM tb_post p))::text")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void theCorpusHasAtLeastFifteenCases() throws IOException {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyBackendAnswersTheSameBytes(ParityTest.Case c) {
    ParityTest.assertParity(c, answers.get(c.name()));
  }

  @Test
  void everyBackendLeavesTheSameRows() {
    String reference = finalState.get("jdbc");
    for (String id : ParityTest.BACKENDS) {
      assertThat(finalState.get(id)).as("rows left by %s vs jdbc", id).isEqualTo(reference);
    }
    // what committed is there; what failed or rolled back is not
    assertThat(reference).contains("\"email\": \"new@example.com\"", "Ünï \\\"post\\\"", "\"title\": \"World\"")
        .doesNotContain("defaults@example.com", "neg@example.com", "boom", "exploded", "(touched)", "orphaned");
  }
}
