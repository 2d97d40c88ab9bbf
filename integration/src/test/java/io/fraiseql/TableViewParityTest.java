package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tableview.TableViewTarget;
import io.fraiseql.tableview.TableViews;
import io.fraiseql.tableview.VerifyReport;
import io.fraiseql.tck.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine reading table views: the blog's types pointed at {@code tv_user} and {@code tv_post}
 * (made by the generator from {@code v_user} and {@code v_post}) answer the whole query corpus
 * and the whole mutation corpus with the same bytes as the views, on every backend. Filters and
 * sorts on the tables' flat columns go through the same hybrid logic as on the views.
 */
class TableViewParityTest {
  static final List<TableViewTarget> TABLE_VIEWS =
      List.of(TableViewTarget.parse("v_user"), TableViewTarget.parse("v_post"));
  static final Map<String, FraiseQL> ENGINES = new LinkedHashMap<>();
  static FraiseQL reference;
  static DatabaseUrl url;

  /** The same SDL with the types' sources switched to the table views. */
  static String onTableViews(String sdl) {
    String out = sdl.replace("@sqlSource(name: \"v_user\")", "@sqlSource(name: \"tv_user\")")
        .replace("@sqlSource(name: \"v_post\")", "@sqlSource(name: \"tv_post\")");
    assertThat(out).contains("\"tv_user\"", "\"tv_post\"");
    return out;
  }

  static void applyTableViews(DatabaseUrl db) throws SQLException {
    try (Connection c = TestDatabase.connect(db)) {
      TableViews.apply(c, TableViews.generate(c, TABLE_VIEWS, List.of()));
    }
  }

  static void assertInSync(DatabaseUrl db) throws SQLException {
    try (Connection c = TestDatabase.connect(db)) {
      for (TableViewTarget t : TABLE_VIEWS) {
        VerifyReport r = TableViews.verify(c, t, 5);
        assertThat(r.inSync()).as(r.text()).isTrue();
      }
    }
  }

  /** An engine configured like the parity corpus' (session variable, role, cursor secret) over {@code sdl}. */
  static FraiseQL engine(String sdl, DatabaseUrl db, String backend) {
    return ParityTest.corpusEngine(FraiseQL.builder().databaseUrl(db), backend).schema(sdl).build();
  }

  @BeforeAll
  static void start() throws SQLException {
    url = BlogFixture.createDatabase("tv_parity");
    applyTableViews(url);
    // table views are new tables: the role the corpus reads under needs its grant on them too
    try (Connection c = TestDatabase.connect(url); java.sql.Statement st = c.createStatement()) {
      st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO fraiseql_reader");
    }
    reference = engine(BlogFixture.resource("schema.graphql"), url, "jdbc");
    for (String id : ParityTest.BACKENDS) {
      ENGINES.put(id, engine(onTableViews(BlogFixture.resource("schema.graphql")), url, id));
    }
  }

  @AfterAll
  static void stop() {
    ENGINES.values().forEach(FraiseQL::close);
    ENGINES.clear();
    reference.close();
  }

  static Stream<ParityTest.Case> cases() throws IOException {
    return ParityTest.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tableViewsAnswerTheSameBytesAsTheViews(ParityTest.Case c) {
    String expected = new String(reference.execute(c.request()), StandardCharsets.UTF_8);
    Map<String, String> answers = new LinkedHashMap<>();
    for (Map.Entry<String, FraiseQL> e : ENGINES.entrySet()) {
      answers.put(e.getKey(), new String(e.getValue().execute(c.request()), StandardCharsets.UTF_8));
      assertThat(answers.get(e.getKey())).as("%s from the table views on %s vs the views", c.name(), e.getKey())
          .isEqualTo(expected);
    }
    ParityTest.assertParity(c, answers);
  }

  @Test
  void mutationsReReadTheTableViewsTheirTriggersJustRefreshed() throws Exception {
    Map<String, String> viewAnswers = new LinkedHashMap<>();
    List<ParityTest.Case> cases = ParityMutationTest.cases();
    DatabaseUrl viewsDb = mutationDatabase("tv_parity_mut_v");
    try (FraiseQL engine = engine(MutationTest.sdl(), viewsDb, "jdbc")) {
      for (ParityTest.Case c : cases) {
        viewAnswers.put(c.name(), new String(engine.execute(c.request()), StandardCharsets.UTF_8));
      }
    }
    String viewState = ParityMutationTest.state(viewsDb);
    for (String id : ParityTest.BACKENDS) {
      DatabaseUrl db = mutationDatabase("tv_parity_mut_" + id);
      applyTableViews(db);
      try (FraiseQL engine = engine(onTableViews(MutationTest.sdl()), db, id)) {
        for (ParityTest.Case c : cases) {
          assertThat(new String(engine.execute(c.request()), StandardCharsets.UTF_8))
              .as("%s through the table views on %s vs the views", c.name(), id).isEqualTo(viewAnswers.get(c.name()));
        }
      }
      assertThat(ParityMutationTest.state(db)).as("rows left on %s", id).isEqualTo(viewState);
      assertInSync(db);
    }
  }

  private static DatabaseUrl mutationDatabase(String name) {
    DatabaseUrl db = BlogFixture.createDatabase(name);
    TestDatabase.execute(db, FraiseQL.shippedSql());
    TestDatabase.execute(db, BlogFixture.resource("mutations.sql"));
    return db;
  }

  @Test
  void filtersAndSortsUseTheTableViewsFlatColumnsAndIndexes() throws SQLException {
    try (Connection c = TestDatabase.connect(url); java.sql.Statement st = c.createStatement()) {
      st.execute("SET enable_seqscan = off");
      try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN SELECT data FROM tv_post ORDER BY created_at DESC, id LIMIT 3")) {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
        assertThat(plan.toString()).contains("tv_post_created_at_idx");
      }
    }
    String q = "{ posts(where: {createdAt: {gte: \"2026-02-02T00:00:00Z\"}}, orderBy: [{createdAt: DESC}], limit: 2)"
        + " { id title createdAt } }";
    String viaTable = new String(ENGINES.get("jdbc").execute(io.fraiseql.api.GraphQLRequest.of(q)), StandardCharsets.UTF_8);
    assertThat(viaTable).isEqualTo(new String(reference.execute(io.fraiseql.api.GraphQLRequest.of(q)), StandardCharsets.UTF_8))
        .contains("\"title\":\"Third\"");
  }
}
