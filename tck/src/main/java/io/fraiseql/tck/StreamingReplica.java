package io.fraiseql.tck;

import io.fraiseql.api.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real primary and a real streaming replica (hot standby) of it, both embedded PostgreSQL 17
 * (io.zonky), started by the tests. The embedded bundle has no {@code pg_basebackup}, so the
 * standby is made the other documented way: the primary is initialized, stopped cleanly, its data
 * directory copied, and the copy started with {@code standby.signal} and a
 * {@code primary_conninfo} pointing at the restarted primary. From then on the standby replays
 * the primary's WAL over a replication connection, like any streaming replica.
 *
 * <p>Databases are created on the primary ({@link #createDatabase}); {@link #replicaOf} gives the
 * same database on the standby, and {@link #awaitReplay()} waits until the standby has replayed
 * everything the primary wrote so far. {@link #pauseReplay()} makes the standby visibly stale;
 * {@link #stopReplica()} and {@link #startReplica()} take it down and back up.
 */
public final class StreamingReplica implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile StreamingReplica shared;

  private final Path primaryDir;
  private final Path replicaDir;
  private final int primaryPort;
  private final int replicaPort;
  private EmbeddedPostgres primary;
  private EmbeddedPostgres replica;

  private StreamingReplica(Path primaryDir, Path replicaDir, int primaryPort, int replicaPort) {
    this.primaryDir = primaryDir;
    this.replicaDir = replicaDir;
    this.primaryPort = primaryPort;
    this.replicaPort = replicaPort;
  }

  /** The pair for this JVM, started on first use and stopped at exit. */
  public static StreamingReplica shared() {
    StreamingReplica s = shared;
    if (s == null) {
      synchronized (StreamingReplica.class) {
        s = shared;
        if (s == null) {
          try {
            s = start();
          } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start an embedded primary and streaming replica: " + e.getMessage(), e);
          }
          StreamingReplica started = s;
          Runtime.getRuntime().addShutdownHook(new Thread(started::close, "streaming-replica-stop"));
          shared = s;
        }
      }
    }
    return s;
  }

  /** Starts a new primary and a streaming replica of it; each on a free port of its own. */
  public static StreamingReplica start() throws IOException {
    Path base = Files.createTempDirectory("fraiseql-replica");
    StreamingReplica pair = new StreamingReplica(privateDir(base.resolve("primary")), privateDir(base.resolve("replica")),
        PgBouncer.freePort(), PgBouncer.freePort());
    try {
      pair.primary = pair.server(pair.primaryDir, pair.primaryPort); // initdb, then a first start
      pair.primary.close(); // a clean shutdown: the directory is now a consistent base backup
      copy(pair.primaryDir, pair.replicaDir);
      Files.writeString(pair.replicaDir.resolve("standby.signal"), "", StandardCharsets.UTF_8);
      Files.writeString(pair.replicaDir.resolve("postgresql.auto.conf"),
          "primary_conninfo = 'host=127.0.0.1 port=" + pair.primaryPort + " user=postgres application_name=fraiseql_replica'\n",
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      pair.primary = pair.server(pair.primaryDir, pair.primaryPort);
      pair.replica = pair.server(pair.replicaDir, pair.replicaPort);
      pair.awaitStreaming();
      return pair;
    } catch (IOException | RuntimeException e) {
      pair.close();
      throw e;
    }
  }

  private EmbeddedPostgres server(Path dir, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(WAIT)
        .setServerConfig("timezone", "UTC")
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "on") // a commit's WAL is flushed, hence sent, at once
        .setServerConfig("wal_level", "replica")
        .setServerConfig("max_wal_senders", "4")
        .setServerConfig("wal_keep_size", "256MB")
        .setServerConfig("hot_standby", "on")
        .setServerConfig("hot_standby_feedback", "on")
        .setServerConfig("wal_receiver_status_interval", "1s")
        .start();
  }

  private static Path privateDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  /** Copies a stopped server's data directory, leaving out the files of the running instance. */
  private static void copy(Path from, Path to) throws IOException {
    Set<String> skip = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (skip.contains(p.getFileName().toString())) {
          continue;
        }
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private void awaitStreaming() {
    await("the replica to stream from the primary", () -> queryLong(primaryUrl("postgres"),
        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") > 0);
  }

  /** The primary's maintenance database or another one on it. */
  public DatabaseUrl primaryUrl(String database) {
    return DatabaseUrl.of("localhost", primaryPort, database, "postgres", null);
  }

  /** The same database on the replica. */
  public DatabaseUrl replicaOf(DatabaseUrl primaryDatabase) {
    return DatabaseUrl.of("localhost", replicaPort, primaryDatabase.database(), primaryDatabase.user(), primaryDatabase.password());
  }

  /** The replica's port. */
  public int replicaPort() {
    return replicaPort;
  }

  /** The primary's port. */
  public int primaryPort() {
    return primaryPort;
  }

  /**
   * Creates a database on the primary (time zone UTC, like {@link TestDatabase#createDatabase}),
   * waits until the replica has it, and returns its URL on the primary.
   */
  public DatabaseUrl createDatabase(String prefix) {
    String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + COUNTER.incrementAndGet();
    TestDatabase.execute(primaryUrl("postgres"), "CREATE DATABASE \"" + name + "\"; ALTER DATABASE \"" + name + "\" SET timezone = 'UTC'");
    awaitReplay();
    return primaryUrl(name);
  }

  /** Waits until the replica has replayed everything the primary has written so far. */
  public void awaitReplay() {
    String target;
    try (Connection c = TestDatabase.connect(primaryUrl("postgres")); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
      rs.next();
      target = rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the primary's WAL position: " + e.getMessage(), e);
    }
    await("the replica to replay up to " + target, () -> queryLong(replicaOf(primaryUrl("postgres")),
        "SELECT CASE WHEN pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn THEN 1 ELSE 0 END") == 1);
  }

  /** Stops applying WAL on the replica: it keeps answering, with the data as of now. */
  public void pauseReplay() {
    TestDatabase.execute(replicaOf(primaryUrl("postgres")), "SELECT pg_wal_replay_pause()");
  }

  /** Applies WAL again; the replica catches up. */
  public void resumeReplay() {
    TestDatabase.execute(replicaOf(primaryUrl("postgres")), "SELECT pg_wal_replay_resume()");
  }

  /** Shuts the replica down (fast); connections to it are refused until {@link #startReplica()}. */
  public synchronized void stopReplica() {
    if (replica != null) {
      try {
        replica.close();
      } catch (IOException e) {
        throw new IllegalStateException("Could not stop the replica: " + e.getMessage(), e);
      }
      replica = null;
    }
  }

  /** Starts the replica again on its port; it resumes streaming from where it stopped. */
  public synchronized void startReplica() {
    if (replica == null) {
      try {
        replica = server(replicaDir, replicaPort);
      } catch (IOException e) {
        throw new IllegalStateException("Could not start the replica again: " + e.getMessage(), e);
      }
      awaitStreaming();
    }
  }

  private static long queryLong(DatabaseUrl url, String sql) {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1; // not up (yet)
    }
  }

  private interface Condition {
    boolean holds();
  }

  private static void await(String what, Condition condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Gave up waiting " + WAIT.toSeconds() + " s for " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Stops both servers and removes their directories. */
  @Override
  public synchronized void close() {
    for (EmbeddedPostgres pg : new EmbeddedPostgres[] {replica, primary}) {
      if (pg != null) {
        try {
          pg.close();
        } catch (IOException e) {
          // stopping at exit; nothing more to do
        }
      }
    }
    replica = null;
    primary = null;
    try (Stream<Path> files = Files.walk(primaryDir.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temporary directories; nothing more to do
    }
  }
}
