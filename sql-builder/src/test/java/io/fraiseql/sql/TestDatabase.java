package io.fraiseql.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server of the database tests, started once per JVM: the one named by {@code
 * FRAISEQL_TEST_DATABASE_URL} ({@code postgresql://user:pass@host:port/db}) when set, else an
 * embedded one (io.zonky), stopped by its own shutdown hook.
 */
final class TestDatabase {
  static final String URL_VARIABLE = "FRAISEQL_TEST_DATABASE_URL";

  private TestDatabase() {}

  /** Opens a new connection (autocommit on, TimeZone UTC). */
  static Connection connect() throws SQLException {
    Server server = Holder.SERVER;
    Properties props = new Properties();
    props.setProperty("user", server.user());
    if (server.password() != null) {
      props.setProperty("password", server.password());
    }
    props.setProperty("options", "-c TimeZone=UTC");
    return DriverManager.getConnection(server.jdbcUrl(), props);
  }

  /** Converts {@code postgresql://user:pass@host:port/db} to a JDBC URL and credentials. */
  static Server fromUrl(String url) {
    URI uri = URI.create(url);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(URL_VARIABLE + " must start with postgresql://");
    }
    String user = "postgres";
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new Server("jdbc:postgresql://" + uri.getHost() + port + db + query, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  record Server(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
      return "Server[" + jdbcUrl + ", " + user + ", REDACTED]";
    }
  }

  private static final class Holder {
    static final Server SERVER = start();

    private static Server start() {
      String url = System.getenv(URL_VARIABLE);
      if (url != null && !url.isBlank()) {
        return fromUrl(url);
      }
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        return new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
  }
}
