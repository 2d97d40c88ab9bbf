package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's example, as written, on each backend: only tenant 42's users come back, three times. */
class EmbeddingExampleTest {

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void theReadmeExampleRunsAndItsTenantVariableIsSet(String backend, @TempDir Path dir) throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("embedded_" + backend);
    TestDatabase.execute(url, """
        CREATE TABLE tb_user (id bigint PRIMARY KEY, tenant_id int NOT NULL, email text NOT NULL);
        INSERT INTO tb_user VALUES (1, 42, 'ann@example.com'), (2, 7, 'bob@example.com'), (3, 42, 'cy@example.com');
        CREATE VIEW v_user AS
          SELECT id, jsonb_build_object('id', id, 'email', email) AS data FROM tb_user
          WHERE tenant_id::text = current_setting('app.tenant_id', true);
        """);
    Path schema = dir.resolve("schema.graphql");
    Files.writeString(schema, """
        type User @sqlSource(name: "v_user") { id: ID! email: String! }
        type Query { users: [User!]! }
        """);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EmbeddingExample.run(schema, TestDatabase.urlString(url), backend, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String answer = "{\"data\":{\"users\":[{\"id\":\"1\",\"email\":\"ann@example.com\"},{\"id\":\"3\",\"email\":\"cy@example.com\"}]}}";
    String nl = System.lineSeparator();
    assertEquals(answer + nl + answer + nl + answer + nl, bytes.toString(StandardCharsets.UTF_8));
  }
}
