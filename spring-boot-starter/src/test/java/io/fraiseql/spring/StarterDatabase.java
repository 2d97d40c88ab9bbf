package io.fraiseql.spring;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/** One database per test class with 3,000 items and a view that shows the session variables. */
final class StarterDatabase {
  private StarterDatabase() {}

  static DatabaseUrl create(String prefix) {
    DatabaseUrl url = TestDatabase.get().createDatabase(prefix);
    TestDatabase.execute(url, """
        CREATE TABLE tb_item (id bigint PRIMARY KEY, name text NOT NULL, n int NOT NULL);
        INSERT INTO tb_item SELECT i, 'item ' || i, i % 7 FROM generate_series(1, 3000) AS i;
        CREATE VIEW v_item AS SELECT id, jsonb_build_object('id', id, 'name', name, 'n', n) AS data FROM tb_item;
        CREATE VIEW v_session AS SELECT 1::bigint AS id, jsonb_build_object('id', 1,
            'tenant', NULLIF(current_setting('app.tenant_id', true), ''),
            'user_id', NULLIF(current_setting('app.user_id', true), ''),
            'user_name', NULLIF(current_setting('app.user_name', true), '')) AS data;
        """);
    return url;
  }

  /**
   * spring.datasource.* for the database, plus extra properties. The tests have two backends on
   * the class path (jdbc and vertx), so they name one: jdbc unless the extra properties say.
   */
  static String[] properties(DatabaseUrl url, String... extra) {
    List<String> p = new ArrayList<>(List.of(
        "spring.datasource.url=" + url.jdbcUrl(),
        "spring.datasource.username=" + url.user(),
        "spring.datasource.password=" + (url.password() == null ? "" : url.password()),
        "spring.datasource.hikari.maximum-pool-size=2"));
    p.addAll(List.of(extra));
    if (p.stream().noneMatch(s -> s.startsWith("fraiseql.backend="))) {
      p.add("fraiseql.backend=jdbc");
    }
    if (p.stream().noneMatch(s -> s.startsWith("fraiseql.pool-timeout="))) {
      p.add("fraiseql.pool-timeout=30s"); // a generous bound: several builds share two cores here
    }
    return p.toArray(String[]::new);
  }
}
