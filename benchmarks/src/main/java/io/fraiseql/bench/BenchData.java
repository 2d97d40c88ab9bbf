package io.fraiseql.bench;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tableview.TableView;
import io.fraiseql.tableview.TableViewTarget;
import io.fraiseql.tableview.TableViews;
import io.fraiseql.tck.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shared data set ({@code ../shared/bench}): finds it, loads {@code bench-schema.sql} at a
 * scale into a fresh database of the test server (embedded PostgreSQL 17, or
 * {@code FRAISEQL_TEST_DATABASE_URL}), then installs {@link FraiseQL#shippedSql()} and the
 * benchmark's {@code fn_publish_post}.
 */
public final class BenchData {
  /** System property / environment variable naming the directory of bench-schema.sql. */
  public static final String DIR_PROPERTY = "fraiseql.bench.dir";
  public static final String DIR_ENV = "FRAISEQL_BENCH_DIR";

  private BenchData() {}

  /**
   * The bench directory: {@code -Dfraiseql.bench.dir}, {@code FRAISEQL_BENCH_DIR}, or the first
   * {@code shared/bench} found beside the working directory or one of its parents (the repository
   * root's sibling {@code ../shared/bench} on a checkout, {@code /work/shared/bench} here).
   */
  public static Path benchDir() {
    String configured = System.getProperty(DIR_PROPERTY, System.getenv(DIR_ENV));
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured).toAbsolutePath().normalize();
      if (!Files.isRegularFile(dir.resolve("bench-schema.sql"))) {
        throw new IllegalStateException(dir + " has no bench-schema.sql (set by " + DIR_PROPERTY + "/" + DIR_ENV + ")");
      }
      return dir;
    }
    List<Path> tried = new ArrayList<>();
    List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
    try {
      // benchmarks/target/benchmarks.jar (or benchmarks/target/classes) inside the checkout
      starts.add(Path.of(BenchData.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // no code source: the working directory is enough
    }
    for (Path start : starts) {
      for (Path d = start; d != null; d = d.getParent()) {
        for (Path candidate : List.of(d.resolve("shared/bench"), d.resolve("../shared/bench"))) {
          Path c = candidate.normalize();
          if (tried.contains(c)) {
            continue;
          }
          tried.add(c);
          if (Files.isRegularFile(c.resolve("bench-schema.sql"))) {
            return c;
          }
        }
      }
    }
    throw new IllegalStateException("Cannot find shared/bench/bench-schema.sql; looked in " + tried
        + ". Set " + DIR_ENV + "=/path/to/shared/bench");
  }

  /** The root fields the aggregate workloads add to bench.graphql's Query type. */
  static final String AGGREGATE_ROOTS = "  postsAggregate: PostAggregate!\n  postGroups: [PostGroup!]!\n";

  /**
   * The SDL of the workload: bench.graphql with the aggregate root fields, plus the benchmark's
   * Mutation type and inputs.
   */
  public static String sdl(Path benchDir) {
    String shared = read(benchDir.resolve("bench.graphql"));
    int query = shared.indexOf("type Query {\n");
    if (query < 0) {
      throw new IllegalStateException("bench.graphql has no 'type Query {' line to add the aggregate fields to");
    }
    int at = query + "type Query {\n".length();
    return shared.substring(0, at) + AGGREGATE_ROOTS + shared.substring(at) + "\n" + resource("bench/mutations.graphql");
  }

  /** The table views the {@code -tv} contenders read: users (Q2) and posts (Q3, and the writes' re-reads). */
  public static final List<String> TABLE_VIEWS = List.of("v_user", "v_post");

  /** The workload's SDL with users and posts read from their table views. */
  public static String tableViewSdl(Path benchDir) {
    String sdl = sdl(benchDir);
    for (String view : TABLE_VIEWS) {
      String from = "@sqlSource(name: \"" + view + "\")";
      if (!sdl.contains(from)) {
        throw new IllegalStateException("bench.graphql no longer reads " + view);
      }
      sdl = sdl.replace(from, "@sqlSource(name: \"t" + view + "\")");
    }
    return sdl;
  }

  /**
   * A second copy of the data set with the table views of {@link #TABLE_VIEWS} built by the
   * engine's generator (the same SQL as {@code fraiseql-server table-view --apply}): their triggers
   * make every write to the posts' tables refresh tv_post, which is what M1-M3 on this copy cost.
   */
  public static DatabaseUrl loadTableViews(Path benchDir, double scale, DatabaseUrl existing) {
    DatabaseUrl url = existing != null ? existing : load(benchDir, scale);
    long start = System.nanoTime();
    try (Connection c = TestDatabase.connect(url)) {
      List<TableViewTarget> targets = new ArrayList<>();
      for (String v : TABLE_VIEWS) {
        targets.add(TableViewTarget.parse(v));
      }
      List<TableView> views = TableViews.generate(c, targets, List.of());
      TableViews.apply(c, views);
      for (TableView v : views) {
        System.err.print(v.description().indent(2));
      }
      settle(c);
    } catch (SQLException e) {
      throw new IllegalStateException("Creating the table views failed: " + e.getMessage(), e);
    }
    System.err.printf(Locale.ROOT, "[bench] table views %s built in %s in %.1f s%n", TABLE_VIEWS, url.database(),
        (System.nanoTime() - start) / 1e9);
    return url;
  }

  /**
   * Vacuums and analyzes the freshly written tables, then checkpoints, so that autovacuum and the
   * next checkpoint do not do that work while the first benchmarks run (in one run Q1 and Q4, the
   * first measured, came out at 0.6× what the same code measured a little later).
   */
  static void settle(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("VACUUM (ANALYZE)");
      st.execute("CHECKPOINT");
    }
  }

  /**
   * Creates a database on the test server, loads the data set at {@code scale} and installs the
   * mutation SQL. Returns its URL.
   */
  public static DatabaseUrl load(Path benchDir, double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive: " + scale);
    }
    TestDatabase server = TestDatabase.get();
    DatabaseUrl url = server.createDatabase("bench");
    long start = System.nanoTime();
    Path script = benchDir.resolve("bench-schema.sql");
    String psql = findPsql();
    if (psql != null) {
      runPsql(psql, url, script, scale);
    } else {
      System.err.println("[bench] psql not found on PATH (or $PSQL, or PSQL=off): loading " + script
          + " through JDBC, with its \\set/\\if/\\gset handling done in Java");
      loadWithoutPsql(url, read(script), scale);
    }
    TestDatabase.execute(url, FraiseQL.shippedSql());
    TestDatabase.execute(url, resource("bench/functions.sql"));
    try (Connection c = TestDatabase.connect(url)) {
      settle(c);
    } catch (SQLException e) {
      throw new IllegalStateException("Vacuuming the data set failed: " + e.getMessage(), e);
    }
    System.err.printf(Locale.ROOT, "[bench] loaded %s at scale %s into %s in %.1f s%n", script, scale,
        url.database(), (System.nanoTime() - start) / 1e9);
    return url;
  }

  /** {@code $PSQL}, or {@code psql} on the PATH, or null ({@code PSQL=off} forces the JDBC path). */
  static String findPsql() {
    String env = System.getenv("PSQL");
    if ("off".equals(env)) {
      return null;
    }
    if (env != null && !env.isBlank()) {
      if (!new File(env).canExecute()) {
        throw new IllegalStateException("PSQL=" + env + " is not an executable");
      }
      return env;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, "psql");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  private static void runPsql(String psql, DatabaseUrl url, Path script, double scale) {
    List<String> cmd = List.of(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host(),
        "-p", Integer.toString(url.port()), "-U", url.user() == null ? "postgres" : url.user(),
        "-d", url.database(), "-v", "scale=" + scale, "-f", script.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (url.password() != null) {
      pb.environment().put("PGPASSWORD", url.password());
    }
    try {
      Process p = pb.start();
      byte[] output;
      try (InputStream in = p.getInputStream()) {
        output = in.readAllBytes();
      }
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("psql failed loading " + script + ":\n" + new String(output, StandardCharsets.UTF_8));
      }
      System.err.print(new String(output, StandardCharsets.UTF_8).indent(2));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + psql, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the bench data", e);
    }
  }

  /** The fallback without psql: the script's variables computed here, then plain statements. */
  static void loadWithoutPsql(DatabaseUrl url, String script, double scale) {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement()) {
      for (String sql : translate(script, scale)) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Loading the bench data failed: " + e.getMessage(), e);
    }
  }

  /**
   * bench-schema.sql as plain statements: psql meta-commands dropped, {@code :users},
   * {@code :posts}, {@code :comments} and {@code :'scale'} replaced by their values (computed as
   * the script does: round(10,000 / 100,000 / 300,000 x scale)), comments removed, split at the
   * semicolons outside quotes.
   */
  static List<String> translate(String script, double scale) {
    String scaleText = Double.toString(scale);
    Map<String, String> vars = Map.of(
        ":users", Long.toString(Math.round(10_000 * scale)),
        ":posts", Long.toString(Math.round(100_000 * scale)),
        ":comments", Long.toString(Math.round(300_000 * scale)),
        ":'scale'", "'" + scaleText + "'");
    StringBuilder body = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (line.strip().startsWith("\\") || line.contains("\\gset")) {
        continue;
      }
      body.append(line).append('\n');
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    String text = body.toString();
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (!quoted && ch == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        current.append('\n');
        continue;
      }
      if (ch == '\'') {
        quoted = !quoted;
      }
      if (!quoted && ch == ';') {
        String sql = substitute(current.toString().strip(), vars);
        if (!sql.isEmpty()) {
          statements.add(sql);
        }
        current.setLength(0);
        continue;
      }
      current.append(ch);
    }
    String rest = substitute(current.toString().strip(), vars);
    if (!rest.isEmpty()) {
      statements.add(rest);
    }
    return statements;
  }

  private static String substitute(String sql, Map<String, String> vars) {
    String out = sql;
    for (Map.Entry<String, String> e : vars.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** A resource of this module as text. */
  public static String resource(String name) {
    try (InputStream in = BenchData.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
