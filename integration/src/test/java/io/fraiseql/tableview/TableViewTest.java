package io.fraiseql.tableview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator on the blog fixture: the mappings it infers, the SQL it writes, the views it
 * refuses and why, declared mappings, re-running, and the triggers keeping each table equal to
 * its view through every kind of write (checked with --verify and with EXCEPT ALL).
 */
class TableViewTest {
  static DatabaseUrl url;

  @BeforeAll
  static void setUp() throws SQLException {
    url = TableViewFixture.create("tableview");
    TableViewFixture.apply(url, targets("v_user", "v_comment", "v_post", "v_author"), List.of());
  }

  static List<TableViewTarget> targets(String... views) {
    List<TableViewTarget> out = new ArrayList<>();
    for (String v : views) {
      out.add(TableViewTarget.parse(v));
    }
    return out;
  }

  static List<TableView> generate(String view, String... depends) throws SQLException {
    List<Dependency> declared = new ArrayList<>();
    for (String d : depends) {
      declared.add(Dependency.parse(d));
    }
    try (Connection c = TestDatabase.connect(url)) {
      return TableViews.generate(c, targets(view), declared);
    }
  }

  static List<String> sources(TableView tv) {
    List<String> out = new ArrayList<>();
    for (TableView.Source s : tv.sources()) {
      out.add(s.table() + ":" + s.mapping() + (s.declared() ? " (declared)" : ""));
    }
    return out;
  }

  /** Asserts every table view of the fixture equals its view, through --verify and EXCEPT ALL. */
  static void assertInSync(String... pairs) throws SQLException {
    try (Connection c = TestDatabase.connect(url)) {
      for (String view : pairs) {
        VerifyReport report = TableViews.verify(c, TableViewTarget.parse(view), 10);
        assertThat(report.inSync()).as(report.text()).isTrue();
        assertThat(TableViewFixture.except(c, "t" + view, view)).as(view).isEmpty();
      }
    }
  }

  static void exec(String... sql) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  static long count(String sql) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ------------------------------------------------------------------------------ inference

  @Test
  void postsMapCommentsAndBothKindsOfAuthor() throws SQLException {
    TableView tv = generate("v_post").get(0);
    assertThat(tv.table()).isEqualTo("public.tv_post");
    assertThat(tv.documents()).contains("rows of public.tb_post (v_post.id = tb_post.id)");
    assertThat(sources(tv)).containsExactly(
        "public.tb_post:id",
        "public.tb_comment:post_id",
        "public.tb_user:id=public.tb_post.author_id/id",
        "public.tb_user:id=public.tb_comment.author_id/post_id");
  }

  @Test
  void commentsReachTheirAuthorThroughTheirPostAndInSubqueriesCountAsJoins() throws SQLException {
    TableView tv = generate("v_author").get(0);
    assertThat(sources(tv)).containsExactly(
        "public.tb_user:id",
        "public.tb_comment:post_id=public.tb_post.id/author_id",
        "public.tb_comment:author_id",
        "public.tb_post:author_id",
        "public.tb_post:id=public.tb_comment.post_id/author_id");
  }

  @Test
  void theScriptCreatesTheTableItsIndexesAndOneTriggerPerEvent() throws SQLException {
    String script = TableViews.script(generate("v_post"));
    assertThat(script)
        .startsWith("-- FraiseQL table views.")
        .contains("BEGIN;\nSET LOCAL TimeZone = 'UTC';\n")
        .contains("CREATE TABLE \"public\".\"tv_post\" (\n  \"id\" uuid PRIMARY KEY,\n  \"author_id\" uuid,\n"
            + "  \"published\" boolean,\n  \"created_at\" timestamp with time zone,\n  \"data\" jsonb)")
        .contains("CREATE INDEX ON \"public\".\"tv_post\" (\"author_id\")")
        .contains("CREATE INDEX ON \"public\".\"tv_post\" (\"created_at\")")
        .doesNotContain("(\"published\")", "(\"data\")")
        .contains("AFTER INSERT ON \"public\".\"tb_comment\" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT")
        .contains("AFTER UPDATE ON \"public\".\"tb_user\" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows")
        .contains("AFTER DELETE ON \"public\".\"tb_post\" REFERENCING OLD TABLE AS old_rows")
        .contains("AFTER TRUNCATE ON \"public\".\"tb_post\" FOR EACH STATEMENT")
        .contains("BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON \"public\".\"tb_user\"")
        .contains("SECURITY DEFINER", "SET TimeZone = 'UTC'")
        .endsWith("\nCOMMIT;\n");
  }

  @Test
  void theTableHasTheViewsColumnsAPrimaryKeyAndIndexesOnFlatColumns() throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = 'tv_post' ORDER BY indexdef")) {
      List<String> defs = new ArrayList<>();
      while (rs.next()) {
        defs.add(rs.getString(1).replaceAll("INDEX \\S+ ON", "INDEX ON"));
      }
      assertThat(defs).containsExactly(
          "CREATE INDEX ON public.tv_post USING btree (author_id)",
          "CREATE INDEX ON public.tv_post USING btree (created_at)",
          "CREATE UNIQUE INDEX ON public.tv_post USING btree (id)");
    }
    assertThat(count("SELECT count(*) FROM tv_post")).isEqualTo(count("SELECT count(*) FROM v_post")).isEqualTo(60);
    assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgfoid = 'tv_post_sync'::regproc")).isEqualTo(15);
  }

  @Test
  void arraysAndJsonFlatColumnsGetGinIndexes() throws SQLException {
    exec("CREATE VIEW v_tagged AS SELECT p.id, p.tags, to_jsonb(p.tags) AS meta, p.title,"
        + " jsonb_build_object('id', p.id) AS data FROM tb_post p");
    String script = TableViews.script(generate("v_tagged"));
    assertThat(script)
        .contains("CREATE INDEX ON \"public\".\"tv_tagged\" USING gin (\"tags\")")
        .contains("CREATE INDEX ON \"public\".\"tv_tagged\" USING gin (\"meta\")")
        .contains("CREATE INDEX ON \"public\".\"tv_tagged\" (\"title\")");
  }

  @Test
  void aJoinTheTriggersMakeWithoutAnIndexIsPointedOut() throws SQLException {
    exec("CREATE VIEW v_like AS SELECT l.id, jsonb_build_object('id', l.id, 'user',"
        + " (SELECT u.name FROM tb_user u WHERE u.id = l.user_id)) AS data FROM tb_like l");
    TableView tv = generate("v_like").get(0);
    assertThat(sources(tv)).containsExactly("public.tb_like:id", "public.tb_user:id=public.tb_like.user_id/id");
    assertThat(tv.notes()).containsExactly(
        "no index on public.tb_like(user_id): every write to public.tb_user scans public.tb_like");
    assertThat(tv.description()).contains("-- Note: no index on public.tb_like(user_id)");
    assertThat(generate("v_post").get(0).notes()).isEmpty();
  }

  // ------------------------------------------------------------------------------ refusals

  @Test
  void aTableJoinedWithoutAColumnEqualityIsRefusedAndNamed() {
    assertThatThrownBy(() -> generate("v_post_likes"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("Refusing public.v_post_likes: public.tv_post_likes could drift from it.")
        .hasMessageContaining("public.tb_like: no column equality joins it")
        .hasMessageContaining("--depends public.tb_like:COLUMN")
        .hasMessageContaining("--depends public.tb_like:all");
  }

  @Test
  void theClockAndVolatileFunctionsAreRefusedWhateverIsDeclared() {
    assertThatThrownBy(() -> generate("v_bad_clock", "tb_post:all"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("it calls pg_catalog.now(), whose result depends on the time");
    assertThatThrownBy(() -> generate("v_bad_random"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("it calls pg_catalog.random(), a volatile function");
  }

  @Test
  void aLimitOverSeveralDocumentsIsRefusedUnlessEveryTableIsDeclared() throws SQLException {
    assertThatThrownBy(() -> generate("v_bad_top"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("uses LIMIT or OFFSET over rows of several documents")
        .hasMessageContaining("for every table the view reads");
    TableView tv = generate("v_bad_top", "tb_post:all").get(0);
    assertThat(sources(tv)).containsExactly("public.tb_post:all (declared)");
    TableViewFixture.apply(url, targets("v_bad_top"), List.of(Dependency.parse("tb_post:all")));
    exec("INSERT INTO tb_post (id, author_id, title, body, created_at) VALUES (md5('top')::uuid, md5('user:1')::uuid,"
        + " 'Newest', 'b', '2030-01-01T00:00:00Z')");
    assertInSync("v_bad_top");
    assertThat(count("SELECT count(*) FROM tv_bad_top WHERE data->>'title' = 'Newest'")).isEqualTo(1);
    exec("DELETE FROM tb_post WHERE id = md5('top')::uuid");
    assertInSync("v_bad_top", "v_post", "v_author");
  }

  @Test
  void rowsNoJoinLeadsToAreRefused() {
    assertThatThrownBy(() -> generate("v_bad_total"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("public.tb_post: no column equality joins it");
  }

  @Test
  void aComputedIdNeedsEveryTableDeclared() throws SQLException {
    assertThatThrownBy(() -> generate("v_bad_id"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("public.v_bad_id.id is not a column of a table");
    TableView tv = generate("v_bad_id", "tb_user:SELECT 'user-' || id FROM changed").get(0);
    assertThat(tv.documents()).isEqualTo("Every table it reads is declared.");
    TableViewFixture.apply(url, targets("v_bad_id"), List.of(Dependency.parse("tb_user:SELECT 'user-' || id FROM changed")));
    exec("UPDATE tb_user SET name = 'Renamed 3' WHERE id = md5('user:3')::uuid");
    assertInSync("v_bad_id", "v_user", "v_post", "v_comment", "v_author");
    assertThat(count("SELECT count(*) FROM tv_bad_id WHERE data->>'name' = 'Renamed 3'")).isEqualTo(1);
  }

  @Test
  void materializedViewsAndViewsWithoutIdAreRefused() {
    assertThatThrownBy(() -> generate("v_bad_matview"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("it reads the materialized view public.m_post_count, which no trigger keeps current")
        .hasMessageNotContaining("TABLE:COLUMN");
    assertThatThrownBy(() -> generate("v_no_id"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("it has no id column");
    assertThatThrownBy(() -> generate("tb_user"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("public.tb_user is not a view");
    assertThatThrownBy(() -> generate("v_nothing"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("There is no view named v_nothing");
  }

  @Test
  void aTableOfTheSameNameNotMadeByTheGeneratorIsNeverDropped() throws SQLException {
    exec("CREATE TABLE tv_user_mine (id uuid PRIMARY KEY)");
    try (Connection c = TestDatabase.connect(url)) {
      assertThatThrownBy(() -> TableViews.generate(c, List.of(TableViewTarget.parse("v_user=tv_user_mine")), List.of()))
          .isInstanceOf(TableViewException.class)
          .hasMessageContaining("public.tv_user_mine already exists and was not made by table-view");
    }
    assertThat(count("SELECT count(*) FROM tv_user_mine")).isZero();
  }

  // ---------------------------------------------------------------------- declared mappings

  @Test
  void aDeclaredQueryCoversATableTheViewJoinsThroughACast() throws SQLException {
    String depends = "public.tb_like:SELECT CAST(post_ref AS uuid) FROM changed";
    TableView tv = generate("v_post_likes", depends).get(0);
    assertThat(sources(tv)).containsExactly("public.tb_post:id",
        "public.tb_like:SELECT CAST(post_ref AS uuid) FROM changed (declared)");
    TableViewFixture.apply(url, targets("v_post_likes"), List.of(Dependency.parse(depends)));
    exec("INSERT INTO tb_like (post_ref, user_id) VALUES (md5('post:7')::uuid::text, md5('user:2')::uuid)",
        "UPDATE tb_like SET post_ref = md5('post:8')::uuid::text WHERE id = 1",
        "DELETE FROM tb_like WHERE id = 2");
    assertInSync("v_post_likes");
  }

  @Test
  void declaredPathsAreCheckedAgainstTheCatalog() {
    assertThatThrownBy(() -> generate("v_post_likes", "tb_like:nope"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("public.tb_like has no column nope");
    assertThatThrownBy(() -> generate("v_post_likes", "tb_like:id=tb_nowhere.id/id"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("there is no table named tb_nowhere");
    assertThatThrownBy(() -> generate("v_post_likes", "tb_like:SELECT nope FROM changed"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("the mapping for public.tb_like does not run")
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> generate("v_post_likes", "tb_like:SELECT id, id FROM changed"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("returns more than one column");
    assertThatThrownBy(() -> generate("v_post_likes", "tb_comment:post_id"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("public.v_post_likes does not read public.tb_comment");
    assertThatThrownBy(() -> generate("v_post_likes", "tb_gone:post_id"))
        .isInstanceOf(TableViewException.class)
        .hasMessageContaining("there is no table named tb_gone");
  }

  @Test
  void aDeclaredPathReplacesTheInferredOnes() throws SQLException {
    TableView tv = generate("v_comment", "tb_user:id=tb_comment.author_id/id").get(0);
    assertThat(sources(tv)).containsExactly("public.tb_comment:id", "public.tb_user:id=tb_comment.author_id/id (declared)");
  }

  @Test
  void severalViewsNeedScopedDeclarations() throws SQLException {
    try (Connection c = TestDatabase.connect(url)) {
      assertThatThrownBy(() -> TableViews.generate(c, targets("v_post", "v_post_likes"),
          List.of(Dependency.parse("tb_like:all"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("names no view; with several --view, write VIEW/tb_like:all");
      assertThatThrownBy(() -> TableViews.generate(c, targets("v_post"), List.of(Dependency.parse("v_user/tb_user:id"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("v_user is not one of the --view views");
      List<TableView> both = TableViews.generate(c, targets("v_post", "v_post_likes"),
          List.of(Dependency.parse("v_post_likes/tb_like:all")));
      assertThat(both).extracting(TableView::table).containsExactly("public.tv_post", "public.tv_post_likes");
      assertThat(sources(both.get(1))).contains("public.tb_like:all (declared)");
      assertThatThrownBy(() -> TableViews.generate(c, targets("v_post", "v_post=tv_post"), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two --view options make the same table public.tv_post");
      assertThatThrownBy(() -> TableViews.generate(c, List.of(), List.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aTableViewCanHaveItsOwnNameAndSchema() throws SQLException {
    exec("CREATE SCHEMA IF NOT EXISTS \"Read Side\"");
    List<TableView> views = TableViewFixture.apply(url, List.of(TableViewTarget.parse("v_user=\"Read Side\".Users")), List.of());
    assertThat(views.get(0).table()).isEqualTo("Read Side.users");
    exec("UPDATE tb_user SET age = age + 1 WHERE id = md5('user:4')::uuid");
    try (Connection c = TestDatabase.connect(url)) {
      VerifyReport r = TableViews.verify(c, TableViewTarget.parse("v_user=\"Read Side\".users"), 5);
      assertThat(r.inSync()).as(r.text()).isTrue();
      assertThat(TableViewFixture.except(c, "\"Read Side\".users", "v_user")).isEmpty();
    }
  }

  // ------------------------------------------------------------------ triggers keep it in sync

  @Test
  void everyKindOfWriteKeepsTheTablesEqualToTheirViews() throws SQLException {
    exec(
        // a new user, a post by them, a comment on it by someone else
        "INSERT INTO tb_user (id, email, name) VALUES (md5('new-user')::uuid, 'new@example.com', 'New')",
        "INSERT INTO tb_post (id, author_id, title, body) VALUES (md5('new-post')::uuid, md5('new-user')::uuid, 'T', 'B')",
        "INSERT INTO tb_comment (id, post_id, author_id, body) VALUES (md5('new-comment')::uuid, md5('new-post')::uuid,"
            + " md5('user:5')::uuid, 'hi')",
        // a user's name appears in posts they wrote and in comments they wrote on other posts
        "UPDATE tb_user SET name = 'Renamed' WHERE id = md5('user:5')::uuid",
        // a comment moves to another post: both posts change
        "UPDATE tb_comment SET post_id = md5('post:2')::uuid WHERE id = md5('comment:1')::uuid",
        // a post changes author
        "UPDATE tb_post SET author_id = md5('user:9')::uuid WHERE id = md5('post:3')::uuid",
        // several rows in one statement
        "UPDATE tb_post SET published = NOT published WHERE created_at < '2024-06-02'",
        // a delete that cascades to comments
        "DELETE FROM tb_post WHERE id = md5('post:4')::uuid",
        // a user deleted with their posts and comments
        "DELETE FROM tb_user WHERE id = md5('user:11')::uuid",
        // a write that changes nothing
        "UPDATE tb_comment SET body = body WHERE false");
    assertInSync("v_user", "v_comment", "v_post", "v_author");
    assertThat(count("SELECT count(*) FROM tv_post WHERE data->'comments' @> '[{\"author\": {\"name\": \"Renamed\"}}]'"))
        .isPositive();
  }

  @Test
  void anUpdateOfColumnsTheViewDoesNotReadRefreshesNothing() throws SQLException {
    exec("ALTER TABLE tb_comment ADD COLUMN IF NOT EXISTS flagged boolean NOT NULL DEFAULT false");
    String version = "SELECT count(*) FROM tv_post WHERE id = md5('post:1')::uuid AND xmin::text = ";
    String before;
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT xmin::text FROM tv_post WHERE id = md5('post:1')::uuid")) {
      rs.next();
      before = rs.getString(1);
    }
    exec("UPDATE tb_comment SET flagged = true WHERE post_id = md5('post:1')::uuid",
        "UPDATE tb_comment SET body = body WHERE post_id = md5('post:1')::uuid");
    assertThat(count(version + "'" + before + "'")).as("the document was not rewritten").isEqualTo(1);
    exec("UPDATE tb_comment SET body = body || '?' WHERE post_id = md5('post:1')::uuid");
    assertThat(count(version + "'" + before + "'")).as("the document was rewritten").isZero();
    assertInSync("v_post", "v_comment", "v_author");
    assertThat(TableViews.script(generate("v_post"))).contains("WITH changed AS (SELECT n.* FROM new_rows n LEFT JOIN"
        + " old_rows o ON o.\"id\" = n.\"id\" WHERE o.\"id\" IS NULL OR CAST(ROW(n.\"author_id\", n.\"body\","
        + " n.\"created_at\", n.\"id\", n.\"post_id\") AS text) IS DISTINCT FROM");
  }

  @Test
  void aRolledBackWriteLeavesNoTrace() throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("UPDATE tb_user SET name = 'Ghost' WHERE id = md5('user:6')::uuid");
      c.rollback();
    }
    assertThat(count("SELECT count(*) FROM tv_post WHERE data::text LIKE '%Ghost%'")).isZero();
    assertInSync("v_post", "v_user");
  }

  @Test
  void truncateRefreshesEverything() throws SQLException {
    exec("CREATE TABLE tb_note (id int PRIMARY KEY, user_id uuid REFERENCES tb_user (id), text text)",
        "INSERT INTO tb_note VALUES (1, md5('user:1')::uuid, 'a'), (2, md5('user:2')::uuid, 'b')",
        "CREATE VIEW v_noted AS SELECT u.id, jsonb_build_object('id', u.id, 'notes',"
            + " (SELECT jsonb_agg(n.text ORDER BY n.id) FROM tb_note n WHERE n.user_id = u.id)) AS data FROM tb_user u");
    TableViewFixture.apply(url, targets("v_noted"), List.of());
    exec("TRUNCATE tb_note");
    assertInSync("v_noted");
    assertThat(count("SELECT count(*) FROM tv_noted WHERE data->'notes' <> 'null'::jsonb")).isZero();
  }

  @Test
  void documentsAreComputedInUtcWhateverTheWritersTimeZone() throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'Asia/Tokyo'");
      st.execute("UPDATE tb_post SET created_at = '2024-01-01T12:00:00+09:00' WHERE id = md5('post:12')::uuid");
    }
    assertInSync("v_post");
    assertThat(count("SELECT count(*) FROM tv_post WHERE data->>'created_at' = '2024-01-01T03:00:00+00:00'")).isEqualTo(1);
  }

  @Test
  void rerunningRebuildsWithoutDuplicates() throws SQLException {
    TableViewFixture.apply(url, targets("v_comment"), List.of());
    TableViewFixture.apply(url, targets("v_comment"), List.of());
    assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgfoid = 'tv_comment_sync'::regproc")).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM fraiseql_table_view WHERE table_name = 'tv_comment'")).isEqualTo(1);
    exec("UPDATE tb_comment SET body = body || '!' WHERE id = md5('comment:9')::uuid");
    assertInSync("v_comment");
  }

  @Test
  void aFailedApplyLeavesNothingBehind() throws SQLException {
    exec("CREATE VIEW v_dup AS SELECT c.post_id AS id, jsonb_build_object('id', c.post_id) AS data FROM tb_comment c");
    try (Connection c = TestDatabase.connect(url)) {
      List<TableView> views = TableViews.generate(c, targets("v_dup"), List.of());
      assertThatThrownBy(() -> TableViews.apply(c, views)).isInstanceOf(SQLException.class)
          .hasMessageContaining("duplicate key");
      assertThat(c.getAutoCommit()).isTrue();
    }
    assertThat(count("SELECT count(*) FROM pg_class WHERE relname = 'tv_dup'")).isZero();
    assertThat(count("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'tv\\_dup\\_%'")).isZero();
  }

  @Test
  void repeatableReadWritersThatMissedACommitFailInsteadOfDrifting() throws SQLException {
    try (Connection a = TestDatabase.connect(url); Connection b = TestDatabase.connect(url);
         Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      a.setAutoCommit(false);
      sa.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      sa.executeQuery("SELECT count(*) FROM tb_user").close(); // takes the snapshot
      sb.execute("UPDATE tb_user SET name = 'Seen by nobody' WHERE id = md5('user:7')::uuid");
      assertThatThrownBy(() -> sa.execute("INSERT INTO tb_comment (id, post_id, author_id, body) VALUES"
          + " (md5('rr-comment')::uuid, md5('post:20')::uuid, md5('user:7')::uuid, 'late')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
      a.rollback();
    }
    assertInSync("v_post", "v_comment", "v_author");
  }

  @Test
  void aWriterWaitsForTheWriterBeforeItAndThenSeesItsCommit() throws Exception {
    // user 13 has no comment on post 30 yet: the rename cannot know the new comment, and the
    // comment's refresh must not read the name from before the rename
    assertThat(count("SELECT count(*) FROM tb_comment WHERE author_id = md5('user:13')::uuid"
        + " AND post_id = md5('post:30')::uuid")).isZero();
    try (Connection a = TestDatabase.connect(url); Connection b = TestDatabase.connect(url);
         Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      sa.execute("UPDATE tb_user SET name = 'Renamed while commenting' WHERE id = md5('user:13')::uuid");
      java.util.concurrent.CompletableFuture<Void> comment = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          sb.execute("INSERT INTO tb_comment (id, post_id, author_id, body) VALUES (md5('race')::uuid,"
              + " md5('post:30')::uuid, md5('user:13')::uuid, 'racing')");
          b.commit();
        } catch (SQLException e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      Thread.sleep(300);
      assertThat(comment).as("the second writer waits for the first to commit").isNotDone();
      a.commit();
      comment.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertInSync("v_comment", "v_post", "v_author");
    assertThat(count("SELECT count(*) FROM tv_comment WHERE id = md5('race')::uuid"
        + " AND data->'author'->>'name' = 'Renamed while commenting'")).isEqualTo(1);
  }

  // ---------------------------------------------------------------------------- verify

  @Test
  void verifyReportsMissingExtraAndDifferentRows() throws SQLException {
    TableViewFixture.apply(url, targets("v_user=tv_user_check"), List.of());
    exec("DELETE FROM tv_user_check WHERE id = md5('user:1')::uuid",
        "UPDATE tv_user_check SET data = data || '{\"name\": \"wrong\"}' WHERE id = md5('user:2')::uuid",
        "UPDATE tv_user_check SET age = -1 WHERE id = md5('user:3')::uuid",
        "INSERT INTO tv_user_check (id, data) VALUES (md5('nobody')::uuid, '{}')");
    try (Connection c = TestDatabase.connect(url)) {
      VerifyReport r = TableViews.verify(c, TableViewTarget.parse("v_user=tv_user_check"), 2);
      assertThat(r.inSync()).isFalse();
      assertThat(r.missing()).isEqualTo(1);
      assertThat(r.extra()).isEqualTo(1);
      assertThat(r.different()).isEqualTo(2);
      assertThat(r.sample()).hasSize(2);
      assertThat(r.text()).contains("public.tv_user_check vs public.v_user: 1 missing, 1 extra, 2 different")
          .contains("... and 2 more");
    }
  }

  @Test
  void verifyReportsAMissingRegistrationAndMissingTriggers() throws SQLException {
    TableViewFixture.apply(url, targets("v_user=tv_user_bare"), List.of());
    exec("DELETE FROM fraiseql_table_view WHERE table_name = 'tv_user_bare'",
        "DROP FUNCTION tv_user_bare_sync() CASCADE");
    try (Connection c = TestDatabase.connect(url)) {
      VerifyReport r = TableViews.verify(c, TableViewTarget.parse("v_user=tv_user_bare"), 2);
      assertThat(r.inSync()).isFalse();
      assertThat(r.problems()).containsExactly(
          "it is not registered in public.fraiseql_table_view, so its triggers refuse every write: re-run table-view --apply",
          "no enabled trigger keeps it in sync: re-run table-view --apply");
      assertThatThrownBy(() -> TableViews.verify(c, TableViewTarget.parse("v_comment=tv_nope"), 1))
          .isInstanceOf(TableViewException.class).hasMessageContaining("There is no table view tv_nope");
      assertThatThrownBy(() -> TableViews.verify(c, TableViewTarget.parse("v_nope"), 1))
          .isInstanceOf(TableViewException.class).hasMessageContaining("There is no view named v_nope");
    }
  }

  @Test
  void anUnregisteredTableViewRefusesWritesRatherThanDrift() throws SQLException {
    TableViewFixture.apply(url, targets("v_user=tv_user_unreg"), List.of());
    exec("DELETE FROM fraiseql_table_view WHERE table_name = 'tv_user_unreg'");
    assertThatThrownBy(() -> exec("UPDATE tb_user SET age = age WHERE id = md5('user:8')::uuid"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("table view public.tv_user_unreg is missing from public.fraiseql_table_view");
    exec("DROP FUNCTION tv_user_unreg_sync() CASCADE", "DROP TABLE tv_user_unreg");
  }

  @Test
  void verifySeesAViewWhoseDefinitionChanged() throws SQLException {
    exec("CREATE VIEW v_inner AS SELECT u.id, u.name FROM tb_user u",
        "CREATE VIEW v_outer AS SELECT i.id, jsonb_build_object('name', i.name) AS data FROM v_inner i");
    TableViewFixture.apply(url, targets("v_outer"), List.of());
    try (Connection c = TestDatabase.connect(url)) {
      assertThat(TableViews.verify(c, TableViewTarget.parse("v_outer"), 2).inSync()).isTrue();
      exec("CREATE OR REPLACE VIEW v_inner AS SELECT u.id, u.name FROM tb_user u WHERE u.age > 0");
      VerifyReport r = TableViews.verify(c, TableViewTarget.parse("v_outer"), 2);
      assertThat(r.problems()).containsExactly("public.v_outer (or a view it reads) changed since the table view"
          + " was made, so its triggers may follow old joins: re-run table-view --apply");
    }
  }

  @Test
  void verifySeesAViewWhoseColumnsChanged() throws SQLException {
    exec("CREATE VIEW v_shape AS SELECT u.id, jsonb_build_object('id', u.id) AS data FROM tb_user u");
    TableViewFixture.apply(url, targets("v_shape"), List.of());
    exec("CREATE OR REPLACE VIEW v_shape AS SELECT u.id, jsonb_build_object('id', u.id) AS data, u.age FROM tb_user u");
    try (Connection c = TestDatabase.connect(url)) {
      VerifyReport r = TableViews.verify(c, TableViewTarget.parse("v_shape"), 2);
      assertThat(r.problems()).singleElement().asString().contains("its columns differ from the view's");
    }
  }
}
