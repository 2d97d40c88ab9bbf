package io.fraiseql.tableview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shapes of SQL the analysis follows (common table expressions, USING joins, LATERAL, set
 * operations, IN, window functions and LIMIT inside one document, GROUP BY on the document id,
 * partitioned tables) and those it refuses (window functions, DISTINCT ON and recursion across
 * documents, partitions and inheritance, stable functions of one's own). What it accepts is applied
 * and written to, and must stay in sync.
 */
class TableViewAnalysisTest {
  static DatabaseUrl url;

  @BeforeAll
  static void setUp() {
    url = TableViewFixture.create("tableview_analysis");
  }

  static void exec(String... sql) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  static List<String> sources(String view) throws SQLException {
    try (Connection c = TestDatabase.connect(url)) {
      List<String> out = new ArrayList<>();
      for (TableView.Source s : TableViews.generate(c, List.of(TableViewTarget.parse(view)), List.of()).get(0).sources()) {
        out.add(s.table() + ":" + s.mapping());
      }
      return out;
    }
  }

  /** Applies the view's table view, runs the writes, and checks it is in sync. */
  static void applyWriteAndVerify(String view, String... writes) throws SQLException {
    TableViewFixture.apply(url, List.of(TableViewTarget.parse(view)), List.of());
    exec(writes);
    try (Connection c = TestDatabase.connect(url)) {
      VerifyReport r = TableViews.verify(c, TableViewTarget.parse(view), 5);
      assertThat(r.inSync()).as(r.text()).isTrue();
      assertThat(TableViewFixture.except(c, "t" + view, view)).isEmpty();
    }
  }

  static void refused(String view, String message) {
    assertThatThrownBy(() -> sources(view)).isInstanceOf(TableViewException.class).hasMessageContaining(message);
  }

  @Test
  void commonTableExpressionsUsingJoinsAndLateral() throws SQLException {
    exec("CREATE VIEW v_cte AS WITH counted AS (SELECT c.post_id, count(*) AS n FROM tb_comment c GROUP BY c.post_id)"
        + " SELECT p.id, jsonb_build_object('id', p.id, 'n', (SELECT k.n FROM counted k WHERE k.post_id = p.id),"
        + " 'author', a.name, 'last', l.bodies) AS data"
        + " FROM tb_post p JOIN (SELECT u.id AS author_id, u.name FROM tb_user u) a USING (author_id),"
        + " LATERAL (SELECT jsonb_agg(s.body) AS bodies FROM (SELECT c2.body FROM tb_comment c2 WHERE c2.post_id = p.id"
        + "   ORDER BY c2.created_at DESC LIMIT 2) s) l");
    assertThat(sources("v_cte")).containsExactly("public.tb_post:id", "public.tb_comment:post_id",
        "public.tb_user:id=public.tb_post.author_id/id");
    applyWriteAndVerify("v_cte",
        "INSERT INTO tb_comment (id, post_id, author_id, body) VALUES (md5('cte')::uuid, md5('post:5')::uuid,"
            + " md5('user:2')::uuid, 'newest')",
        "UPDATE tb_user SET name = 'Via USING' WHERE id = md5('user:6')::uuid");
  }

  @Test
  void setOperationsAndWindowFunctionsInsideOneDocument() throws SQLException {
    exec("CREATE VIEW v_union AS SELECT u.id, jsonb_build_object('id', u.id,"
        + " 'activity', (SELECT count(*) FROM (SELECT p.id FROM tb_post p WHERE p.author_id = u.id"
        + "   UNION ALL SELECT c.id FROM tb_comment c WHERE c.author_id = u.id) a),"
        + " 'ranked', (SELECT jsonb_agg(r.n) FROM (SELECT row_number() OVER (ORDER BY p2.created_at) AS n"
        + "   FROM tb_post p2 WHERE p2.author_id = u.id) r)) AS data FROM tb_user u");
    assertThat(sources("v_union")).containsExactly("public.tb_user:id", "public.tb_comment:author_id",
        "public.tb_post:author_id");
    applyWriteAndVerify("v_union",
        "INSERT INTO tb_post (id, author_id, title, body) VALUES (md5('union')::uuid, md5('user:3')::uuid, 't', 'b')",
        "DELETE FROM tb_comment WHERE author_id = md5('user:4')::uuid");
  }

  @Test
  void groupingByTheDocumentIdMakesTheGroupedColumnTheKey() throws SQLException {
    exec("CREATE VIEW v_posts_by_author AS SELECT p.author_id AS id, count(*) AS posts,"
        + " jsonb_build_object('titles', jsonb_agg(p.title ORDER BY p.title)) AS data FROM tb_post p GROUP BY p.author_id");
    assertThat(sources("v_posts_by_author")).containsExactly("public.tb_post:author_id");
    applyWriteAndVerify("v_posts_by_author",
        "UPDATE tb_post SET author_id = md5('user:1')::uuid WHERE id = md5('post:9')::uuid",
        "DELETE FROM tb_post WHERE author_id = md5('user:7')::uuid");
  }

  @Test
  void viewsOverViewsAndPartitionedTables() throws SQLException {
    exec("CREATE TABLE tb_event (id int, user_id uuid NOT NULL, at date NOT NULL) PARTITION BY RANGE (at)",
        "CREATE TABLE tb_event_2024 PARTITION OF tb_event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "CREATE TABLE tb_event_2025 PARTITION OF tb_event FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        "INSERT INTO tb_event SELECT i, md5('user:' || (1 + i % 20))::uuid, date '2024-06-01' + i FROM generate_series(1, 300) i",
        "CREATE VIEW v_user_events AS SELECT vu.id, vu.email, jsonb_build_object('user', vu.data,"
            + " 'events', (SELECT count(*) FROM tb_event e WHERE e.user_id = vu.id)) AS data FROM v_user vu",
        "CREATE VIEW v_partition AS SELECT u.id, jsonb_build_object('n', (SELECT count(*) FROM tb_event_2024 e"
            + " WHERE e.user_id = u.id)) AS data FROM tb_user u");
    assertThat(sources("v_user_events")).containsExactly("public.tb_user:id", "public.tb_event:user_id");
    applyWriteAndVerify("v_user_events",
        "INSERT INTO tb_event VALUES (1000, md5('user:2')::uuid, '2025-03-01')",
        "UPDATE tb_event SET at = '2025-02-02', user_id = md5('user:3')::uuid WHERE id = 10",
        "DELETE FROM tb_event_2024 WHERE id = 11");
    refused("v_partition", "it reads public.tb_event_2024, a partition");
    exec("CREATE TABLE tb_event_2026 PARTITION OF tb_event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
    try (Connection c = TestDatabase.connect(url)) {
      VerifyReport r = TableViews.verify(c, TableViewTarget.parse("v_user_events"), 5);
      assertThat(r.problems()).containsExactly("the partition tb_event_2026 has no triggers, so writes addressed to it"
          + " are missed: re-run table-view --apply");
    }
  }

  @Test
  void crossDocumentConstructsAreRefused() throws SQLException {
    exec("CREATE VIEW v_rank AS SELECT p.id, jsonb_build_object('rank', row_number() OVER (ORDER BY p.created_at)) AS data"
            + " FROM tb_post p",
        "CREATE VIEW v_first_per_author AS SELECT DISTINCT ON (p.author_id) p.id, jsonb_build_object('t', p.title) AS data"
            + " FROM tb_post p ORDER BY p.author_id, p.created_at",
        "CREATE VIEW v_thread AS WITH RECURSIVE t(id, depth) AS (SELECT id, 0 FROM tb_post UNION ALL"
            + " SELECT t.id, t.depth + 1 FROM t WHERE t.depth < 2) SELECT p.id, jsonb_build_object('d',"
            + " (SELECT max(depth) FROM t WHERE t.id = p.id)) AS data FROM tb_post p");
    refused("v_rank", "uses a window function over rows of several documents");
    refused("v_first_per_author", "uses DISTINCT ON over rows of several documents");
    refused("v_thread", "uses WITH RECURSIVE");
  }

  @Test
  void inheritanceAndOwnStableFunctionsAreRefusedImmutableOnesAccepted() throws SQLException {
    exec("CREATE TABLE tb_animal (id uuid PRIMARY KEY, name text)",
        "CREATE TABLE tb_dog (tricks int) INHERITS (tb_animal)",
        "CREATE VIEW v_animal AS SELECT a.id, jsonb_build_object('name', a.name) AS data FROM tb_animal a",
        "CREATE FUNCTION f_post_count(u uuid) RETURNS bigint LANGUAGE sql STABLE AS"
            + " $$ SELECT count(*) FROM tb_post WHERE author_id = u $$",
        "CREATE FUNCTION f_shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) || '!' $$",
        "CREATE VIEW v_stable AS SELECT u.id, jsonb_build_object('n', f_post_count(u.id)) AS data FROM tb_user u",
        "CREATE VIEW v_immutable AS SELECT u.id, jsonb_build_object('n', f_shout(u.name)) AS data FROM tb_user u");
    refused("v_animal", "public.tb_animal, which has inheritance children");
    refused("v_stable", "it calls public.f_post_count(), a stable function that may read tables");
    assertThat(sources("v_immutable")).containsExactly("public.tb_user:id");
  }
}
