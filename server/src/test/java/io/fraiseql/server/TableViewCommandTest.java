package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code table-view} on the demo blog: print, apply, verify, refusals, usage errors and exit codes. */
class TableViewCommandTest {
  static DatabaseUrl url;
  static String urlText;

  @BeforeAll
  static void setUp() {
    url = Fixture.database("tableviewcli");
    urlText = TestDatabase.urlString(url);
  }

  static CliTest.Result run(Map<String, String> env, String... args) {
    return CliTest.run(env, args);
  }

  static long count(String sql) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void printsAScriptThatCanBeRunTwice() throws SQLException {
    CliTest.Result r = run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_comment");
    assertThat(r.running().exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("-- public.tv_comment: a table holding what public.v_comment returns")
        .contains("--   public.tb_comment  id")
        .contains("--   public.tb_post     id=public.tb_comment.post_id/id")
        .contains("--   public.tb_user     id=public.tb_comment.author_id/id")
        .contains("BEGIN;").contains("COMMIT;");
    assertThat(count("SELECT count(*) FROM pg_class WHERE relname = 'tv_comment'")).as("printing writes nothing").isZero();
    TestDatabase.execute(url, r.out());
    TestDatabase.execute(url, r.out());
    TestDatabase.execute(url, "UPDATE tb_user SET full_name = 'Printed Script' WHERE id = 3");
    CliTest.Result v = run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_comment", "--verify");
    assertThat(v.running().exitCode()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).isEqualTo("public.tv_comment vs public.v_comment: in sync\n");
  }

  @Test
  void appliesVerifiesAndReportsDriftWithExitStatusThree() throws SQLException {
    CliTest.Result r = run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_post", "--view",
        "v_user=tv_user_cli", "--apply", "--verify");
    assertThat(r.running().exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("-- created public.tv_post (1000 rows) and its triggers")
        .contains("-- created public.tv_user_cli (100 rows) and its triggers")
        .contains("public.tv_post vs public.v_post: in sync")
        .contains("public.tv_user_cli vs public.v_user: in sync");
    TestDatabase.execute(url, "UPDATE tb_comment SET body = 'moved' , post_id = 2 WHERE id = 1");
    TestDatabase.execute(url, "UPDATE tv_post SET published = NOT published WHERE id = 7");
    CliTest.Result v = run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_post", "--verify");
    assertThat(v.running().exitCode()).isEqualTo(3);
    assertThat(v.out()).contains("public.tv_post vs public.v_post: 0 missing, 0 extra, 1 different")
        .contains("different id=7");
    assertThat(run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_post", "--apply", "--verify")
        .running().exitCode()).isZero();
  }

  @Test
  void aRefusalExplainsItselfWithExitStatusOne() {
    TestDatabase.execute(url, "CREATE TABLE IF NOT EXISTS tb_tag (post_ref text, tag text);"
        + " CREATE OR REPLACE VIEW v_tagged AS SELECT p.id, jsonb_build_object('id', p.id, 'tags',"
        + " (SELECT jsonb_agg(t.tag) FROM tb_tag t WHERE t.post_ref = p.id::text)) AS data FROM tb_post p");
    CliTest.Result r = run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_tagged");
    assertThat(r.running().exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("fraiseql-server: Refusing public.v_tagged: public.tv_tagged could drift from it.")
        .contains("public.tb_tag: no column equality joins it")
        .contains("--depends public.tb_tag:COLUMN");
    CliTest.Result declared = run(Map.of("FRAISEQL_TABLE_VIEW_DEPENDS", "tb_tag:SELECT CAST(post_ref AS int) FROM changed\n"),
        "table-view", "--database-url", urlText, "--view", "v_tagged");
    assertThat(declared.running().exitCode()).as(declared.err()).isZero();
    assertThat(declared.out()).contains("public.tb_tag   SELECT CAST(post_ref AS int) FROM changed   (declared)");
  }

  @Test
  void optionsComeFromTheEnvironment() {
    CliTest.Result r = run(Map.of("FRAISEQL_DATABASE_URL", urlText, "FRAISEQL_TABLE_VIEWS", "v_user=tv_user_env, v_comment=tv_comment_env",
        "FRAISEQL_TABLE_VIEW_APPLY", "true", "FRAISEQL_TABLE_VIEW_VERIFY", "true"), "table-view");
    assertThat(r.running().exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("public.tv_user_env vs public.v_user: in sync", "public.tv_comment_env vs public.v_comment: in sync");
  }

  @Test
  void usageErrorsNameTheOption() {
    assertThat(run(Map.of(), "table-view", "--view", "v_post").err()).contains("table-view needs --database-url URL");
    CliTest.Result none = run(Map.of(), "table-view", "--database-url", urlText);
    assertThat(none.running().exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("table-view needs at least one --view VIEW");
    CliTest.Result bad = run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_post", "--depends", "nonsense");
    assertThat(bad.running().exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--depends: --depends nonsense: expected TABLE:MAPPING");
    CliTest.Result scoped = run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_post", "--view", "v_user",
        "--depends", "tb_post:id");
    assertThat(scoped.running().exitCode()).isEqualTo(2);
    assertThat(scoped.err()).contains("names no view; with several --view, write VIEW/tb_post:id");
    // a flag takes true or false after '=' like every flag of the CLI (--apply=false), nothing else
    assertThat(run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_post", "--apply=maybe").err())
        .contains("--apply: expected true or false, got 'maybe'");
    assertThat(run(Map.of(), "table-view", "--database-url", urlText, "--view", "v_post", "--port", "1").err())
        .contains("Unknown option '--port' for table-view");
    assertThat(run(Map.of(), "serve", "--view", "v_post").err()).contains("Unknown option '--view' for serve");
  }

  @Test
  void anUnreachableDatabaseIsAFailureWithoutThePassword() {
    CliTest.Result r = run(Map.of(), "table-view", "--database-url", "postgresql://u:secret@127.0.0.1:1/db", "--view", "v_post");
    assertThat(r.running().exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("table-view failed on postgresql://u:REDACTED@127.0.0.1:1/db").doesNotContain("secret");
  }

  @Test
  void helpListsTheCommandAndItsOptions() {
    String help = run(Map.of(), "--help").out();
    assertThat(help).contains("table-view  Print (--apply: run, --verify: check)")
        .contains("--view VIEW[=TABLE]\n      env FRAISEQL_TABLE_VIEWS; default: required; table-view")
        .contains("--depends [VIEW/]TABLE:MAPPING\n      env FRAISEQL_TABLE_VIEW_DEPENDS")
        .contains("--database-url URL\n      env FRAISEQL_DATABASE_URL; default: required for serve, init and"
            + " table-view; demo: embedded; serve, demo, init, table-view")
        .contains("3 table-view --verify found a table view that differs from its view.");
  }
}
