package io.fraiseql.tck;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.spi.BackendConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PgBouncer in {@code pool_mode = transaction} in front of a PostgreSQL server, started by
 * the tests on a free port: the way many deployments put a pooler between their applications and
 * the database. Every transaction may run on another server connection, so a client that keeps
 * anything in the session (a {@code SET}, a named prepared statement) sees it vanish or collide.
 *
 * <p>The binary is {@code pgbouncer} from the {@code PATH} (or {@code /usr/sbin}, where Debian's
 * package puts it), or the file named by {@value #BINARY_ENV}. PgBouncer refuses to run as root; as
 * root it is started inside a new user namespace ({@code unshare -U}, the way the embedded
 * PostgreSQL runs its own binaries), where it runs as an unprivileged user. Clients authenticate
 * with {@code trust}; the users and passwords PgBouncer logs in with are written to its
 * {@code auth_file}, which is reloaded when {@link #route(DatabaseUrl)} meets a new user.
 * {@code extra_float_digits} (a startup parameter pgjdbc sends) is ignored, as every PgBouncer that
 * serves JDBC clients is configured.
 */
public final class PgBouncer implements AutoCloseable {
  /** The environment variable naming the pgbouncer binary, when it is not on the {@code PATH}. */
  public static final String BINARY_ENV = "FRAISEQL_PGBOUNCER_BIN";

  private static final Duration START_WAIT = Duration.ofSeconds(20);
  private static volatile Object shared; // a PgBouncer, or the String saying why there is none

  private final DatabaseUrl server;
  private final Path dir;
  private final int port;
  private final Map<String, String> users = new LinkedHashMap<>();
  private Process process; // set once, right after the auth file is written

  private PgBouncer(DatabaseUrl server, Path dir, int port) {
    this.server = server;
    this.dir = dir;
    this.port = port;
  }

  /**
   * The PgBouncer in front of the {@link TestDatabase}, started once per JVM and stopped at exit.
   * Where it cannot run (not installed, cannot start), the calling test is aborted with the reason,
   * so JUnit reports it as skipped, never as passed.
   */
  public static PgBouncer shared() {
    Object s = shared;
    if (s == null) {
      synchronized (PgBouncer.class) {
        s = shared;
        if (s == null) {
          try {
            PgBouncer started = start(TestDatabase.get().serverUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "pgbouncer-stop"));
            s = started;
          } catch (IOException | RuntimeException e) {
            s = "PgBouncer is not available here, so the tests through it are skipped: " + e.getMessage()
                + " (install it with apt-get install pgbouncer, or name the binary with " + BINARY_ENV + ")";
          }
          shared = s;
        }
      }
    }
    if (s instanceof String reason) {
      Assumptions.abort(reason);
    }
    return (PgBouncer) s;
  }

  /**
   * Starts a PgBouncer in transaction mode in front of {@code server} (its host and port; any
   * database name is passed through), with up to 60 server connections per database and user.
   * Fails with the reason and the end of PgBouncer's log when it does not come up.
   */
  public static PgBouncer start(DatabaseUrl server) throws IOException {
    return start(server, 60);
  }

  /**
   * Like {@link #start(DatabaseUrl)}, with at most {@code serverConnections} server connections
   * per database and user: fewer than the clients have makes every server connection serve many
   * clients in turn, the harshest test of what a client leaves behind in a session.
   */
  public static PgBouncer start(DatabaseUrl server, int serverConnections) throws IOException {
    Objects.requireNonNull(server, "server");
    if (serverConnections < 1) {
      throw new IllegalArgumentException("serverConnections must be at least 1");
    }
    Path binary = binary();
    Path dir = Files.createTempDirectory("fraiseql-pgbouncer");
    int port = freePort();
    Files.writeString(dir.resolve("pgbouncer.ini"), config(server, dir, port, serverConnections), StandardCharsets.UTF_8);
    PgBouncer bouncer = new PgBouncer(server, dir, port);
    bouncer.addUser(server.user() == null ? System.getProperty("user.name") : server.user(), server.password());
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(binary.toString());
    command.add(dir.resolve("pgbouncer.ini").toString());
    bouncer.process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("pgbouncer.out").toFile())
        .start();
    bouncer.awaitReady();
    return bouncer;
  }

  private static String config(DatabaseUrl server, Path dir, int port, int serverConnections) {
    return String.join("\n",
        "[databases]",
        "* = host=" + server.host() + " port=" + server.port(),
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        "listen_port = " + port,
        "unix_socket_dir =",
        "auth_type = trust",
        "auth_file = " + dir.resolve("userlist.txt"),
        "pool_mode = transaction",
        "ignore_startup_parameters = extra_float_digits",
        "max_client_conn = 1000",
        "default_pool_size = " + serverConnections,
        "reserve_pool_size = 0",
        "server_check_delay = 0",
        "log_connections = 0",
        "log_disconnections = 0",
        "logfile = " + dir.resolve("pgbouncer.log"),
        "pidfile = " + dir.resolve("pgbouncer.pid"),
        "");
  }

  private static Path binary() throws IOException {
    String named = System.getenv(BINARY_ENV);
    if (named != null && !named.isBlank()) {
      Path p = Path.of(named.trim());
      if (!Files.isExecutable(p)) {
        throw new IOException(BINARY_ENV + " names " + p + ", which is not an executable file");
      }
      return p;
    }
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"));
    for (String d : dirs) {
      if (!d.isEmpty()) {
        Path p = Path.of(d, "pgbouncer");
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new IOException("no pgbouncer binary on the PATH or in /usr/sbin");
  }

  /** A free TCP port on the loopback interface, for a server the tests start. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits until PgBouncer accepts connections and passes a query through to the server. */
  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String log = tail();
        close();
        throw new IOException("pgbouncer exited with status " + process.exitValue() + ": " + log);
      }
      if (listening()) {
        try (Connection c = TestDatabase.connect(route(server))) {
          c.createStatement().execute("SELECT 1");
          return;
        } catch (SQLException e) {
          last = e;
        }
      }
      sleep(100);
    }
    String log = tail();
    close();
    throw new IOException("pgbouncer did not answer within " + START_WAIT.toSeconds() + " s"
        + (last == null ? "" : " (" + last.getMessage() + ")") + ": " + log);
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The port PgBouncer listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** The server PgBouncer forwards to. */
  public DatabaseUrl server() {
    return server;
  }

  /**
   * The same database, user and password, reached through PgBouncer. A URL of another server is
   * returned as it is (PgBouncer only fronts {@link #server()}).
   */
  public synchronized DatabaseUrl route(DatabaseUrl url) {
    if (!sameServer(url)) {
      return url;
    }
    String user = url.user() == null ? System.getProperty("user.name") : url.user();
    if (!users.containsKey(user)) {
      addUser(user, url.password());
    }
    return DatabaseUrl.of("127.0.0.1", port, url.database(), url.user(), url.password());
  }

  /**
   * A backend configuration whose URL goes through PgBouncer (when it names {@link #server()}),
   * with {@link BackendConfig#transactionPooling()} on.
   */
  public BackendConfig route(BackendConfig config) {
    BackendConfig routed = config.url() == null ? config : config.withUrl(route(config.url()));
    return routed.withTransactionPooling(true);
  }

  private boolean sameServer(DatabaseUrl url) {
    return url.port() == server.port() && (url.host().equals(server.host()) || local(url.host()) && local(server.host()));
  }

  private static boolean local(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
  }

  /** Adds a login to the auth file and makes PgBouncer read it again (SIGHUP), waiting until it did. */
  private void addUser(String user, String password) {
    users.put(user, password == null ? "" : password);
    StringBuilder text = new StringBuilder();
    users.forEach((u, p) -> text.append('"').append(u.replace("\"", "\"\"")).append("\" \"")
        .append(p.replace("\"", "\"\"")).append("\"\n"));
    Path authFile = dir.resolve("userlist.txt");
    try {
      Files.writeString(authFile, text, StandardCharsets.UTF_8);
      if (process != null && listening()) {
        long reloads = reloads();
        run("kill", "-HUP", Long.toString(process.pid()));
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (reloads() == reloads && System.nanoTime() < deadline) {
          sleep(20);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not update PgBouncer's auth file: " + e.getMessage(), e);
    }
  }

  /** How many times the log says the configuration was reloaded. */
  private long reloads() throws IOException {
    Path log = dir.resolve("pgbouncer.log");
    if (!Files.exists(log)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains("got SIGHUP")).count();
    }
  }

  private static void run(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: "
            + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The last lines PgBouncer wrote, for error messages. */
  private String tail() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("pgbouncer.out", "pgbouncer.log")) {
      try {
        List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
        lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(l -> out.append(l).append(" | "));
      } catch (IOException e) {
        // not written (yet)
      }
    }
    return out.length() == 0 ? "(no output)" : out.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops PgBouncer and removes its files. */
  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing else to do
    }
  }
}
