package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The shipped mutation_response SQL, run on a real PostgreSQL, twice. */
class SqlScriptTest {
  static DatabaseUrl url;

  @BeforeAll
  static void install() throws SQLException {
    url = TestDatabase.get().createDatabase("sql");
    String sql = SqlScripts.resource(SqlScripts.MUTATION_RESPONSE);
    SqlScripts.run(url, sql);
    SqlScripts.run(url, sql); // safe to run again
  }

  /** One row of a helper call, as text: status|message|entity_id|entity_type|entity|updated_fields|cascade|metadata. */
  static String row(String call) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT (r).status, (r).message, (r).entity_id, (r).entity_type, (r).entity,"
            + " (r).updated_fields, (r).cascade, (r).metadata FROM (SELECT " + call + " AS r) x")) {
      rs.next();
      List<String> cols = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        cols.add(String.valueOf(rs.getString(i)));
      }
      return String.join("|", cols);
    }
  }

  @Test
  void theTypeHasTheDocumentedColumns() throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
            + " WHERE a.attrelid = 'mutation_response'::regclass AND a.attnum > 0 ORDER BY a.attnum")) {
      List<String> cols = new ArrayList<>();
      while (rs.next()) {
        cols.add(rs.getString(1) + " " + rs.getString(2));
      }
      assertThat(cols).containsExactly("status text", "message text", "entity_id text", "entity_type text",
          "entity jsonb", "updated_fields text[]", "cascade jsonb", "metadata jsonb");
    }
  }

  @Test
  void successAndCreated() throws SQLException {
    assertThat(row("mutation_success('Post', '7', '{\"id\": 7, \"title\": \"T\"}', 'updated', ARRAY['title'])"))
        .isEqualTo("success|updated|7|Post|{\"id\": 7, \"title\": \"T\"}|{title}|null|null");
    assertThat(row("mutation_success('Post', '7', '{}')")).isEqualTo("success|success|7|Post|{}|null|null|null");
    assertThat(row("mutation_created('User', '3', '{\"id\": 3}', p_cascade => '{\"count\": 1}')"))
        .isEqualTo("created|created|3|User|{\"id\": 3}|null|{\"count\": 1}|null");
  }

  @Test
  void errors() throws SQLException {
    assertThat(row("mutation_validation_error('Title is required', 'missing_title',"
            + " '[{\"code\": 422, \"identifier\": \"title\", \"message\": \"required\"}]', 'Post', '{\"hint\": 1}')"))
        .isEqualTo("validation:missing_title|Title is required|null|Post|null|null|null|"
            + "{\"hint\": 1, \"errors\": [{\"code\": 422, \"message\": \"required\", \"identifier\": \"title\"}]}");
    assertThat(row("mutation_validation_error('bad')")).isEqualTo("validation:invalid_input|bad|null|null|null|null|null|null");
    assertThat(row("mutation_validation_error('bad', NULL)")).startsWith("validation:invalid_input|");
    assertThat(row("mutation_not_found('Post', '99')")).isEqualTo("not_found:Post|Post 99 not found|99|Post|null|null|null|null");
    assertThat(row("mutation_not_found(NULL, NULL)")).startsWith("not_found:entity|entity (no id) not found|");
    assertThat(row("mutation_conflict('User', 'Email already used', 'email_taken', '3')"))
        .isEqualTo("conflict:email_taken|Email already used|3|User|null|null|null|null");
    assertThat(row("mutation_conflict('User', 'dup')")).startsWith("conflict:duplicate|dup|");
    assertThat(row("mutation_noop('Post', '7')")).isEqualTo("noop:unchanged|nothing to change|7|Post|null|null|null|null");
    assertThat(row("mutation_noop('Post', '7', 'already_published', 'Already published')"))
        .startsWith("noop:already_published|Already published|7|Post|");
  }

  @Test
  void aFunctionCanReturnItAsTheContractSays() throws SQLException {
    TestDatabase.execute(url, "CREATE TABLE tb_note (id int PRIMARY KEY, body text NOT NULL);"
        + "CREATE FUNCTION fn_create_note(input jsonb) RETURNS mutation_response LANGUAGE plpgsql AS $$"
        + " BEGIN"
        + "   IF coalesce(input->>'body', '') = '' THEN"
        + "     RETURN mutation_validation_error('body is required', 'missing_body');"
        + "   END IF;"
        + "   INSERT INTO tb_note VALUES ((input->>'id')::int, input->>'body');"
        + "   RETURN mutation_created('Note', input->>'id', jsonb_build_object('id', input->'id', 'body', input->'body'));"
        + " END $$;");
    assertThat(row("fn_create_note('{\"id\": 1, \"body\": \"hi\"}')")).isEqualTo("created|created|1|Note|{\"id\": 1, \"body\": \"hi\"}|null|null|null");
    assertThat(row("fn_create_note('{\"id\": 2}')")).startsWith("validation:missing_body|body is required|");
  }
}
