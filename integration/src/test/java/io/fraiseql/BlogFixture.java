package io.fraiseql;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.tck.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The blog fixture: a database of its own per test class, filled through plain JDBC. */
final class BlogFixture {
  private BlogFixture() {}

  static String resource(String name) {
    try (InputStream in = BlogFixture.class.getResourceAsStream("/blog/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new database with the blog schema and rows. */
  static DatabaseUrl createDatabase(String name) {
    DatabaseUrl url = TestDatabase.get().createDatabase(name);
    TestDatabase.execute(url, resource("schema.sql"));
    return url;
  }

  static FraiseQL.Builder engine(DatabaseUrl url) {
    return FraiseQL.builder().schema(resource("schema.graphql")).databaseUrl(url).poolSize(4).backend("jdbc");
  }

  /** PostgreSQL's plan of a statement, its parameters bound as pgjdbc binds them. */
  static String explain(DatabaseUrl db, io.fraiseql.api.SqlStatement s) throws java.sql.SQLException {
    try (java.sql.Connection conn = TestDatabase.connect(db);
        java.sql.PreparedStatement ps = conn.prepareStatement("EXPLAIN " + s.sql())) {
      for (int i = 0; i < s.params().size(); i++) {
        ps.setObject(i + 1, s.params().get(i));
      }
      StringBuilder sb = new StringBuilder();
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sb.append(rs.getString(1)).append('\n');
        }
      }
      return sb.toString();
    }
  }

  static String run(FraiseQL engine, String query) {
    return new String(engine.execute(GraphQLRequest.of(query)), StandardCharsets.UTF_8);
  }

  static String run(FraiseQL engine, String query, Map<String, Object> variables) {
    return new String(engine.execute(GraphQLRequest.of(query, variables)), StandardCharsets.UTF_8);
  }
}
