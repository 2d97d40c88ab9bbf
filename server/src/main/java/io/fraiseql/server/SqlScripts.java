package io.fraiseql.server;

import io.fraiseql.api.DatabaseUrl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The SQL the server ships (resources) and a plain-JDBC runner for it. */
final class SqlScripts {
  /** The mutation_response type and helpers ({@code sql} command; installed by the demo). */
  static final String MUTATION_RESPONSE = "fraiseql/mutation_response.sql";

  private SqlScripts() {}

  /** A UTF-8 text resource of this jar. */
  static String resource(String name) {
    try (InputStream in = SqlScripts.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + " in the server jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a script (several statements) in one transaction. */
  static void run(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties())) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(sql);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
