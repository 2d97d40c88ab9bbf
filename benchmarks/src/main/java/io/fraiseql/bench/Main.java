package io.fraiseql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraiseql.api.DatabaseUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The one command behind the performance table ({@code java -jar benchmarks/target/benchmarks.jar}):
 *
 * <ol>
 *   <li>loads {@code ../shared/bench/bench-schema.sql} at {@code --scale} into a fresh database
 *       of the embedded PostgreSQL (or {@code FRAISEQL_TEST_DATABASE_URL}), unless
 *       {@code --database-url} names one already loaded;
 *   <li>runs every contender once on every workload, checks that the GraphQL contenders answer
 *       the same JSON, and skips, visibly, the combinations that fail (a backend without write
 *       transactions, for instance);
 *   <li>prints the expected duration of the JMH part, then runs JMH (with {@code -prof gc}) for each
 *       workload over the contenders that work;
 *   <li>finds the smallest {@code -Xmx} that streams Q5 at {@code --heap-rows} rows, per
 *       contender of {@code --heap-contenders}, by bisection over forked JVMs;
 *   <li>writes the table (Markdown) to {@code --out}/results.md and prints it.
 * </ol>
 *
 * Options that are not this launcher's ({@code --name=value}) go to JMH unchanged
 * ({@code -wi 3 -w 1s -i 3 -r 500ms -f 2 -t 4}...). The report ({@link Report}) shows medians of
 * every measured iteration of every fork and ratios of medians with bootstrap intervals
 * ({@link Stats}).
 */
public final class Main {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Main() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException | CommandLineOptionException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    Instant start = Instant.now();
    Path benchDir = BenchData.benchDir();
    DatabaseUrl url = o.databaseUrl != null ? DatabaseUrl.parse(o.databaseUrl) : BenchData.load(benchDir, o.scale);
    DatabaseUrl tvUrl = null;
    if (!o.serveDatabase && o.contenders.stream().anyMatch(c -> c.endsWith(BenchEnv.TABLE_VIEWS))) {
      tvUrl = BenchData.loadTableViews(benchDir, o.scale,
          o.tvDatabaseUrl == null ? null : DatabaseUrl.parse(o.tvDatabaseUrl));
    }
    BenchEnv env = new BenchEnv(url, o.pool, benchDir, tvUrl, pgBouncer(url, o));
    Files.createDirectories(o.out);
    if (o.serveDatabase) {
      serveDatabase(env, o.out, o.tableViews ? o.scale : -1);
      return;
    }
    Report report = new Report(o.workloads, o.contenders, o.pool, o.scale, o.jmhArgs, o.heapRows);
    probe(env, o.workloads, o.contenders, report, o.out);
    if (!o.contendersGiven) {
      for (Workload w : o.workloads) {
        if (w.aggregate()) {
          report.runnable(w).stream().filter(c -> !DEFAULT_AGGREGATE_CONTENDERS.contains(c))
              .forEach(c -> report.skip(w, c, Report.NOT_MEASURED));
        }
      }
    }
    if (o.jmh) {
      int benchmarks = o.workloads.stream().mapToInt(w -> report.runnable(w).size()).sum();
      int runs = (int) o.workloads.stream().filter(w -> !report.runnable(w).isEmpty()).count();
      System.err.println("[bench] " + estimate(benchmarks, runs, new CommandLineOptions(o.jmhArgs.toArray(new String[0])))
          + (o.heapRows > 0 ? "; then the heap search (about a minute)" : ""));
      for (Workload w : o.workloads) {
        List<String> names = report.runnable(w);
        if (names.isEmpty()) {
          continue;
        }
        try {
          for (RunResult rr : jmh(env, o, w, names)) {
            report.add(w, rr);
          }
        } catch (RunnerException e) {
          report.note(w + ": JMH failed: " + e.getMessage());
        }
      }
    }
    if (o.heapRows > 0) {
      for (String name : o.heapContenders) {
        report.heap(HeapSearch.search(name, env, o.heapRows, o.out));
      }
    }
    report.elapsed(Duration.between(start, Instant.now()));
    String md = report.markdown();
    Files.writeString(o.out.resolve("results.md"), md, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(md);
    System.out.println("(written to " + o.out.resolve("results.md") + ")");
    System.exit(0); // the embedded PostgreSQL stops in a shutdown hook
  }

  /**
   * The contenders whose aggregates (A1, A2) a run that names none measures: the statement
   * PostgreSQL runs bounds them (0.2-0.6 s each), the same on every backend, so the others are
   * probed (same answer) but not measured; name them with {@code --contenders} to measure them.
   */
  static final List<String> DEFAULT_AGGREGATE_CONTENDERS = List.of("engine-jdbc", "limit", "engine-jdbc-tv");

  /**
   * What a JVM fork costs besides its iterations: starting the JVM and JMH, opening the contender
   * (schema, pool), the pauses between iterations and the exit; measured on the 2-core machine:
   * 2.5-3 s when it is quiet, 5-7 s under a load average of 8.
   */
  static final double FORK_OVERHEAD_SECONDS = 3.5;
  /** What one JMH run (one workload) costs besides its forks: the runner's start and its summary. */
  static final double RUN_OVERHEAD_SECONDS = 3;

  /**
   * The expected length of the JMH part: benchmarks × forks × (overhead + warm-up + measurement)
   * plus the runs' own overhead, from the options given or else QueryBench's annotations
   * (MutationBench has the same). Slow operations (Q5, A1, A2: 0.1-0.5 s each) stretch their
   * iterations beyond the nominal time, by up to one operation each.
   */
  static String estimate(int benchmarks, int runs, CommandLineOptions cli) {
    Warmup warmup = QueryBench.class.getAnnotation(Warmup.class);
    Measurement measurement = QueryBench.class.getAnnotation(Measurement.class);
    int forks = cli.getForkCount().orElse(QueryBench.class.getAnnotation(Fork.class).value());
    double w = cli.getWarmupIterations().orElse(warmup.iterations()) * seconds(cli.getWarmupTime().orElse(
        new TimeValue(warmup.time(), warmup.timeUnit())));
    double m = cli.getMeasurementIterations().orElse(measurement.iterations()) * seconds(cli.getMeasurementTime()
        .orElse(new TimeValue(measurement.time(), measurement.timeUnit())));
    double perFork = FORK_OVERHEAD_SECONDS + w + m;
    double total = benchmarks * Math.max(forks, 1) * perFork + runs * RUN_OVERHEAD_SECONDS;
    return String.format(Locale.ROOT, "JMH: %d benchmarks × %d forks × about %.1f s (%.1f s to start, %.1f s of"
        + " warm-up, %.1f s measured): about %d min %02d s", benchmarks, forks, perFork, FORK_OVERHEAD_SECONDS, w, m,
        (long) total / 60, (long) total % 60);
  }

  private static double seconds(TimeValue t) {
    return t.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0;
  }

  /**
   * When a {@code -pgbouncer} contender is asked for: the database's URL through PgBouncer in
   * transaction mode: {@code --pgbouncer-url}, or {@code direct} (the engine's PgBouncer mode
   * straight to PostgreSQL: what the per-transaction settings cost without the extra hop), or else
   * a PgBouncer the launcher starts in front of the database (stopped at exit). Else null.
   */
  private static DatabaseUrl pgBouncer(DatabaseUrl url, Options o) throws IOException {
    if (o.contenders.stream().noneMatch(BenchEnv::throughPgBouncer)) {
      return null;
    }
    if (o.pgBouncerUrl != null) {
      return o.pgBouncerUrl.equals("direct") ? url : DatabaseUrl.parse(o.pgBouncerUrl);
    }
    io.fraiseql.tck.PgBouncer bouncer = io.fraiseql.tck.PgBouncer.start(url);
    Runtime.getRuntime().addShutdownHook(new Thread(bouncer::close, "pgbouncer-stop"));
    System.err.println("PgBouncer " + "(pool_mode = transaction) on port " + bouncer.port() + " in front of " + url);
    return bouncer.route(url);
  }

  private static Collection<RunResult> jmh(BenchEnv env, Options o, Workload w, List<String> contenders)
      throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(o.jmhArgs.toArray(new String[0]));
    Class<?> bench = w.mutation() ? MutationBench.class : QueryBench.class;
    List<String> jvmArgs = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
    jvmArgs.addAll(env.jvmArgs());
    ChainedOptionsBuilder b = new OptionsBuilder().parent(cli)
        .include("^" + bench.getName().replace(".", "\\.") + "\\." + w.name().toLowerCase(Locale.ROOT) + "$")
        .param("contender", contenders.toArray(new String[0]))
        .jvmArgsAppend(jvmArgs.toArray(new String[0]));
    boolean gc = cli.getProfilers().stream().anyMatch(p -> p.getKlass().equals("gc")
        || p.getKlass().equals(GCProfiler.class.getName()));
    if (!gc) {
      b.addProfiler(GCProfiler.class);
    }
    return new Runner(b.build()).run();
  }

  /**
   * Runs each contender once per workload: a contender that fails or answers with errors is
   * skipped for that workload (reported with the reason); a GraphQL answer that differs from the
   * first contender's is reported as such. Reads go first, for every contender, so that the rows
   * the writes create cannot change the answers compared.
   */
  static void probe(BenchEnv env, List<Workload> workloads, List<String> contenders, Report report, Path dumpDir)
      throws SQLException, IOException {
    Files.createDirectories(dumpDir.resolve("probe"));
    Map<Workload, JsonNode> reference = new EnumMap<>(Workload.class);
    Map<Workload, String> referenceName = new EnumMap<>(Workload.class);
    List<Workload> reads = workloads.stream().filter(w -> !w.mutation()).toList();
    List<Workload> writes = workloads.stream().filter(Workload::mutation).toList();
    for (String name : contenders) {
      probe(env, name, reads, null, report, reference, referenceName, dumpDir);
    }
    if (writes.isEmpty()) {
      return;
    }
    String postId = UUID.randomUUID().toString();
    try {
      for (DatabaseUrl db : env.databases()) {
        try (Connection c = io.fraiseql.tck.TestDatabase.connect(db);
             PreparedStatement ps = c.prepareStatement("INSERT INTO tb_post (id, author_id, title, body)"
                 + " VALUES (CAST(? AS uuid), CAST(? AS uuid), 'bench post probe', 'probe')")) {
          ps.setString(1, postId);
          ps.setString(2, Workload.USER1);
          ps.executeUpdate();
        }
      }
      for (String name : contenders) {
        probe(env, name, writes, postId, report, reference, referenceName, dumpDir);
      }
    } finally {
      MutationBench.removeWrittenRows(env);
    }
  }

  private static void probe(BenchEnv env, String name, List<Workload> workloads, String postId, Report report,
      Map<Workload, JsonNode> reference, Map<Workload, String> referenceName, Path dumpDir) throws IOException {
    Contender c;
    try {
      c = env.open(name);
    } catch (RuntimeException e) {
      for (Workload w : workloads) {
        report.skip(w, name, "cannot start: " + oneLine(e));
      }
      return;
    }
    try (c) {
      for (Workload w : workloads) {
        if (!c.supports(w)) {
          report.skip(w, name, "not applicable");
          continue;
        }
        ByteSink out = new ByteSink();
        try {
          c.run(w, w.variables(postId, 0), out);
        } catch (Exception | LinkageError e) {
          report.skip(w, name, oneLine(e));
          continue;
        }
        report.size(w, name, out.size());
        if (name.startsWith("limit")) {
          if (out.size() == 0) {
            report.skip(w, name, "no rows");
          } else {
            report.ok(w, name);
          }
          continue;
        }
        Files.write(dumpDir.resolve("probe").resolve(w + "-" + name + ".json"), out.toByteArray());
        JsonNode json;
        try {
          json = JSON.readTree(out.toByteArray());
        } catch (IOException e) {
          report.skip(w, name, "answered invalid JSON: " + oneLine(e));
          continue;
        }
        JsonNode errors = json.get("errors");
        if (errors != null && !errors.isEmpty()) {
          report.skip(w, name, "answered errors: " + errors.get(0).path("message").asText()
              + " (" + errors.get(0).path("extensions").path("code").asText() + ")");
          continue;
        }
        report.ok(w, name);
        if (!w.mutation()) {
          JsonNode twin = reference.get(w.literal());
          if (w.literal() != w && twin != null && !twin.equals(json)) {
            report.note(w + ": " + name + "'s answer differs from the answer to " + w.literal() + " (both in "
                + dumpDir.resolve("probe") + ")");
          }
          JsonNode ref = reference.putIfAbsent(w, json);
          if (ref == null) {
            referenceName.put(w, name);
          } else if (!ref.equals(json)) {
            report.note(w + ": " + name + "'s answer differs from " + referenceName.get(w) + "'s (both in "
                + dumpDir.resolve("probe") + ")");
          }
        }
      }
    }
  }

  private static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
    return msg.replaceAll("\\s+", " ");
  }

  /**
   * For bench/http-load.sh: keep the loaded database up until this process is stopped. With
   * {@code --table-views} ({@code tvScale >= 0}), tv_user and tv_post are built in the same
   * database and {@code bench-tv.graphql} reads them. {@code database-url} is written last: the
   * script waits for it.
   */
  private static void serveDatabase(BenchEnv env, Path out, double tvScale) throws IOException, InterruptedException {
    Path sdl = out.resolve("bench-full.graphql");
    Files.writeString(sdl, BenchData.sdl(env.benchDir()), StandardCharsets.UTF_8);
    if (tvScale >= 0) {
      BenchData.loadTableViews(env.benchDir(), tvScale, env.url());
      Files.writeString(out.resolve("bench-tv.graphql"), BenchData.tableViewSdl(env.benchDir()), StandardCharsets.UTF_8);
    }
    Files.writeString(out.resolve("database-url"), io.fraiseql.tck.TestDatabase.urlString(env.url()) + "\n",
        StandardCharsets.UTF_8);
    System.out.println("READY " + io.fraiseql.tck.TestDatabase.urlString(env.url()) + " " + sdl);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** The launcher's own options; the rest is JMH's. */
  static final class Options {
    static final String USAGE = String.join("\n",
        "usage: java -jar benchmarks.jar [--scale=1] [--pool=4] [--database-url=postgresql://...]",
        "         [--tv-database-url=postgresql://... (a loaded copy for the -tv contenders; table views are (re)built)]",
        "         [--contenders=" + String.join(",", BenchEnv.CONTENDERS) + "]",
        "           (also engine-jdbc-pgbouncer, engine-vertx-pgbouncer, engine-r2dbc-pgbouncer: through a",
        "            PgBouncer in transaction mode that the launcher starts; needs pgbouncer installed)",
        "         [--pgbouncer-url=postgresql://... (a PgBouncer of yours) | direct (that mode without PgBouncer)]",
        "         [--workloads=Q1,Q2,Q3,Q4,Q1v,Q4v,Q5,A1,A2,M1,M2,M3] [--heap-rows=100000 (0: skip)]",
        "         [--heap-contenders=engine-jdbc,baseline] [--no-jmh] [--out=DIR]",
        "         [--serve-database [--table-views] (keep the data set up for bench/http-load.sh; with",
        "            tv_user and tv_post built in it and OUT/bench-tv.graphql reading them)]",
        "         [JMH options; bench/run.sh passes -wi 3 -w 1s -i 3 -r 500ms -f 2 -t 4 (the benchmarks' own",
        "          defaults: 2 forks, 3 x 1 s of warm-up, 3 x 500 ms measured); at least 2 forks (-f) for the",
        "          intervals of the ratios to mean anything: the JIT varies more between JVMs than within one]");

    double scale = 1;
    int pool = 4;
    String databaseUrl;
    String tvDatabaseUrl;
    String pgBouncerUrl;
    List<String> contenders = BenchEnv.DEFAULT_CONTENDERS;
    boolean contendersGiven;
    List<Workload> workloads = List.of(Workload.values());
    int heapRows = 100_000;
    List<String> heapContenders = List.of("engine-jdbc", "baseline");
    boolean jmh = true;
    boolean serveDatabase;
    boolean tableViews;
    Path out = Path.of("benchmarks/target/bench-results");
    List<String> jmhArgs = new ArrayList<>();

    static Options parse(String[] args) throws CommandLineOptionException {
      Options o = new Options();
      for (String arg : args) {
        if (!arg.startsWith("--")) {
          o.jmhArgs.add(arg);
          continue;
        }
        int eq = arg.indexOf('=');
        String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        String value = eq < 0 ? null : arg.substring(eq + 1);
        switch (key) {
          case "scale" -> o.scale = Double.parseDouble(required(key, value));
          case "pool" -> o.pool = Integer.parseInt(required(key, value));
          case "database-url" -> o.databaseUrl = required(key, value);
          case "tv-database-url" -> o.tvDatabaseUrl = required(key, value);
          case "pgbouncer-url" -> o.pgBouncerUrl = required(key, value);
          case "contenders" -> {
            o.contenders = names(required(key, value));
            o.contendersGiven = true;
          }
          case "workloads" -> {
            List<Workload> ws = new ArrayList<>();
            for (String w : required(key, value).split(",")) {
              ws.add(Workload.valueOf(w.trim().toUpperCase(Locale.ROOT)));
            }
            o.workloads = ws;
          }
          case "heap-rows" -> o.heapRows = Integer.parseInt(required(key, value));
          case "heap-contenders" -> o.heapContenders = names(required(key, value));
          case "no-jmh" -> o.jmh = false;
          case "out" -> o.out = Path.of(required(key, value));
          case "serve-database" -> o.serveDatabase = true;
          case "table-views" -> o.tableViews = true;
          case "help" -> throw new IllegalArgumentException("help");
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (o.tableViews && !o.serveDatabase) {
        throw new IllegalArgumentException("--table-views goes with --serve-database (the -tv contenders build their own)");
      }
      new CommandLineOptions(o.jmhArgs.toArray(new String[0])); // fail early on bad JMH options
      return o;
    }

    private static String required(String key, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("--" + key + " needs a value (--" + key + "=...)");
      }
      return value;
    }

    private static List<String> names(String csv) {
      List<String> names = new ArrayList<>();
      for (String n : csv.split(",")) {
        String name = n.trim();
        if (!BenchEnv.KNOWN.contains(name)) {
          throw new IllegalArgumentException("unknown contender " + name + "; known: " + BenchEnv.KNOWN);
        }
        names.add(name);
      }
      return names;
    }
  }
}
