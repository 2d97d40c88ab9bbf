package io.fraiseql.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.results.ThroughputResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.TimeValue;

/** The harness pieces that need no database (the benchmarks themselves run from bench/run.sh). */
class HarnessTest {

  @Test
  void theScriptTranslatesToPlainStatementsWhenPsqlIsAbsent() {
    String script = String.join("\n",
        "\\set ON_ERROR_STOP 1",
        "\\if :{?users}",
        "\\else",
        "  SELECT round(10000 * (:'scale')::numeric)::int AS users \\gset",
        "\\endif",
        "\\echo seeding users=:users",
        "SET timezone = 'UTC'; -- a comment; with a semicolon",
        "INSERT INTO t SELECT i, 'a;b' FROM generate_series(1, :users) AS i;",
        "SELECT :posts, :comments, round(2 * (:'scale')::numeric);",
        "VACUUM (ANALYZE) t;");
    assertThat(BenchData.translate(script, 0.1)).containsExactly(
        "SET timezone = 'UTC'",
        "INSERT INTO t SELECT i, 'a;b' FROM generate_series(1, 1000) AS i",
        "SELECT 10000, 30000, round(2 * ('0.1')::numeric)",
        "VACUUM (ANALYZE) t");
  }

  @Test
  void theSharedScriptSplitsIntoTheStatementsPsqlWouldRun() throws Exception {
    Path dir;
    try {
      dir = BenchData.benchDir();
    } catch (IllegalStateException e) {
      return; // the shared data set is not beside this checkout; the unit test above covers the logic
    }
    List<String> statements = BenchData.translate(Files.readString(dir.resolve("bench-schema.sql")), 1);
    assertThat(statements).noneMatch(s -> s.contains("\\") || s.contains(":users") || s.contains(":'scale'"));
    assertThat(statements).anyMatch(s -> s.startsWith("CREATE VIEW v_post"))
        .anyMatch(s -> s.contains("generate_series(1, 100000)"))
        .anyMatch(s -> s.startsWith("VACUUM"));
  }

  @Test
  void workloadsReadTheSharedQueriesAndVaryTheirWrites() {
    Path dir;
    try {
      dir = BenchData.benchDir();
    } catch (IllegalStateException e) {
      return;
    }
    assertThat(Workload.Q1.query(dir)).contains("user(id: \"" + Workload.USER1 + "\")");
    assertThat(Workload.Q5.query(dir)).isEqualTo("{ comments(limit: 10000) { id body createdAt } }");
    assertThat(Workload.A1.query(dir)).startsWith("{ postsAggregate {");
    assertThat(Workload.A2.query(dir)).startsWith("{ postGroups(by: [{field: published}, {field: createdAt, bucket: MONTH}])");
    assertThat(Workload.A2.aggregate()).isTrue();
    assertThat(Workload.Q1.aggregate()).isFalse();
    // the aggregate root fields go into bench.graphql's Query type, the mutations after it
    String sdl = BenchData.sdl(dir);
    assertThat(sdl).contains("type Query {\n" + BenchData.AGGREGATE_ROOTS).contains("type Mutation");
    Map<String, Object> a = Workload.M1.variables(null, 1);
    Map<String, Object> b = Workload.M1.variables(null, 2);
    assertThat(a.get("input")).isNotEqualTo(b.get("input"));
    assertThat(Workload.M2.variables("p", 3)).containsEntry("id", "p");
    assertThat(Workload.Q3.variables(null, 0)).isEmpty();
    // the variables twins ask what their literal forms ask
    assertThat(Workload.Q1V.literal()).isEqualTo(Workload.Q1);
    assertThat(Workload.Q1V.toString()).isEqualTo("Q1v");
    assertThat(Workload.Q4.literal()).isEqualTo(Workload.Q4);
    assertThat(Workload.Q1V.variables(null, 0)).containsEntry("id", Workload.USER1);
    assertThat(Workload.Q4.query(dir)).contains("where: {isActive: {eq: true}, age: {gt: 30}}", "limit: 50");
    assertThat(Workload.Q4V.variables(null, 0)).containsEntry("limit", 50)
        .containsEntry("where", Map.of("isActive", Map.of("eq", true), "age", Map.of("gt", 30)));
    assertThat(BenchData.sdl(dir)).contains("type Post @sqlSource", "type Mutation", "@function(name: \"fn_publish_post\")");
  }

  @Test
  void theBaselineMapsNamesLikeTheEngine() {
    assertThat(BaselineContender.snake("createdAt")).isEqualTo("created_at");
    assertThat(BaselineContender.snake("isActive")).isEqualTo("is_active");
    assertThat(BaselineContender.camel("author_id")).isEqualTo("authorId");
  }

  @Test
  void theSinkGrowsAndIsReused() {
    ByteSink sink = new ByteSink();
    byte[] big = new byte[200_000];
    big[199_999] = 7;
    sink.write(big, 0, big.length);
    sink.write('x');
    assertThat(sink.size()).isEqualTo(200_001);
    assertThat(sink.toByteArray()[199_999]).isEqualTo((byte) 7);
    sink.reset();
    assertThat(sink.size()).isZero();
  }

  @Test
  void theHeapProbeCountsRowsWithoutKeepingThem() {
    HeapSearch.CountingStream out = new HeapSearch.CountingStream();
    byte[] doc = "{\"data\":{\"comments\":[{\"id\":\"1\"},{\"id\":\"2\"}]}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.write(doc, 0, doc.length);
    assertThat(out.objects - 2).isEqualTo(2);
    assertThat(out.bytes).isEqualTo(doc.length);
  }

  @Test
  void launcherOptionsAreCheckedAndTheRestGoesToJmh() throws Exception {
    Main.Options o = Main.Options.parse(new String[] {"--scale=0.5", "--contenders=engine-jdbc,baseline",
        "--workloads=q1,M3", "--heap-rows=0", "-wi", "2", "-f", "1"});
    assertThat(o.scale).isEqualTo(0.5);
    assertThat(o.contenders).containsExactly("engine-jdbc", "baseline");
    assertThat(o.workloads).containsExactly(Workload.Q1, Workload.M3);
    assertThat(o.jmhArgs).containsExactly("-wi", "2", "-f", "1");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--contenders=hibernate"}))
        .hasMessageContaining("unknown contender hibernate");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--scale"})).hasMessageContaining("needs a value");
    Main.Options pooled = Main.Options.parse(new String[] {"--contenders=engine-r2dbc-pgbouncer", "--pgbouncer-url=direct"});
    assertThat(pooled.contenders).containsExactly("engine-r2dbc-pgbouncer");
    assertThat(pooled.pgBouncerUrl).isEqualTo("direct");
    Main.Options served = Main.Options.parse(new String[] {"--serve-database", "--table-views"});
    assertThat(served.serveDatabase).isTrue();
    assertThat(served.tableViews).isTrue();
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"--table-views"}))
        .hasMessageContaining("--table-views goes with --serve-database");
    assertThat(BenchEnv.throughPgBouncer("engine-r2dbc-pgbouncer")).isTrue();
    assertThat(BenchEnv.throughPgBouncer("engine-r2dbc")).isFalse();
    BenchEnv without = new BenchEnv(io.fraiseql.api.DatabaseUrl.parse("postgresql://u@h/d"), 2, java.nio.file.Path.of("."));
    assertThat(without.jvmArgs()).noneMatch(a -> a.contains(BenchEnv.PGBOUNCER_URL));
    assertThatThrownBy(() -> without.open("engine-jdbc-pgbouncer")).hasMessageContaining("needs PgBouncer");
  }

  @Test
  void tableViewContendersReadTheTablesAndMeasureOnlyTheirWorkloads() {
    Path dir;
    try {
      dir = BenchData.benchDir();
    } catch (IllegalStateException e) {
      return;
    }
    assertThat(BenchData.tableViewSdl(dir)).contains("@sqlSource(name: \"tv_user\")", "@sqlSource(name: \"tv_post\")",
        "@sqlSource(name: \"v_comment\")").doesNotContain("\"v_user\"", "\"v_post\"");
    assertThat(EngineContender.TABLE_VIEW_WORKLOADS).containsExactly(Workload.Q2, Workload.Q3, Workload.A1,
        Workload.A2, Workload.M1, Workload.M2, Workload.M3);
    BenchEnv env = new BenchEnv(io.fraiseql.api.DatabaseUrl.parse("postgresql://u@h/plain"), 4, dir);
    assertThat(env.databases()).hasSize(1);
    assertThatThrownBy(() -> env.urlFor("engine-jdbc-tv")).hasMessageContaining("was not loaded");
    BenchEnv both = new BenchEnv(env.url(), 4, dir, io.fraiseql.api.DatabaseUrl.parse("postgresql://u@h/tv"), null);
    assertThat(both.urlFor("engine-jdbc-tv").database()).isEqualTo("tv");
    assertThat(both.urlFor("engine-jdbc").database()).isEqualTo("plain");
    assertThat(both.jvmArgs()).anyMatch(a -> a.startsWith("-D" + BenchEnv.TV_URL + "=postgresql://u@h:5432/tv"));
  }

  /** One contender's JMH result as the runner returns it: forks of iterations of ops/s, one allocation. */
  static RunResult runResult(String contender, double allocBytes, double[]... forks) {
    WorkloadParams params = new WorkloadParams();
    params.put("contender", contender, 0);
    IterationParams warmup = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
    IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, forks[0].length,
        TimeValue.milliseconds(500), 1);
    BenchmarkParams bp = new BenchmarkParams("io.fraiseql.bench.QueryBench.q1", "generated", true, 4, new int[] {4},
        List.of(), forks.length, 0, warmup, measurement, Mode.Throughput, params, TimeUnit.SECONDS, 1, "java",
        List.of(), "17", "vm", "17", "1.37", TimeValue.minutes(10));
    List<BenchmarkResult> results = new ArrayList<>();
    for (double[] fork : forks) {
      List<IterationResult> iterations = new ArrayList<>();
      for (double ops : fork) {
        IterationResult it = new IterationResult(bp, measurement, null);
        it.addResult(new ThroughputResult(ResultRole.PRIMARY, "q1", ops, 1_000_000_000L, TimeUnit.SECONDS));
        if (!Double.isNaN(allocBytes)) {
          it.addResult(new ScalarResult(Report.ALLOC_NORM, allocBytes, "B/op", AggregationPolicy.AVG));
        }
        iterations.add(it);
      }
      results.add(new BenchmarkResult(bp, iterations));
    }
    return new RunResult(bp, results);
  }

  private static Report.Measured measured(double allocBytes, double[]... forks) {
    return Report.Measured.of(runResult("any", allocBytes, forks));
  }

  @Test
  void theReportReadsEveryIterationOfEveryFork() {
    Report.Measured m = measured(2048, new double[] {100, 300, 200}, new double[] {1000, 900, 950});
    assertThat(m.score().forks()).hasDimensions(2, 3);
    assertThat(m.median()).isEqualTo(600);
    assertThat(m.score().forkMedians()).containsExactly(200, 950);
    assertThat(m.allocBytesPerOp()).isEqualTo(2048);
    assertThat(Report.fmtMedian(m.score())).isEqualTo("600 [200–950]");
    assertThat(Report.fmtMedian(Stats.Samples.of(12.31, 12.33))).isEqualTo("12.3");
    // without -prof gc: no allocation, and no allocation ratio
    Report.Measured bare = measured(Double.NaN, new double[] {5});
    assertThat(bare.allocBytesPerOp()).isNaN();
    assertThat(Report.allocation(bare, m).known()).isFalse();
    assertThat(Report.throughput(bare, null).known()).isFalse();
    // a JMH result without a measured iteration is a note, not a crash
    Report r = new Report(List.of(Workload.Q1), List.of("engine-jdbc"), 4, 1, List.of(), 0);
    r.ok(Workload.Q1, "engine-jdbc");
    r.add(Workload.Q1, runResult("engine-jdbc", 1, new double[0]));
    assertThat(r.markdown()).contains("| Q1 one user by id, 4 fields | no result |", "no measured iteration");
  }

  @Test
  void theReportShowsMediansAndRatiosWithTheirIntervals() {
    Report r = new Report(List.of(Workload.Q1, Workload.Q1V), List.of("engine-jdbc", "baseline", "limit"), 4, 1,
        List.of("-f", "2"), 0);
    // the engine: steady, 10,000 ops/s; the baseline: steady, 5,000; the limit: its forks disagree
    r.add(Workload.Q1, runResult("engine-jdbc", 2_400, new double[] {9_800, 10_000, 10_200},
        new double[] {9_900, 10_000, 10_100}));
    r.add(Workload.Q1, runResult("baseline", 13_000, new double[] {4_900, 5_000, 5_100},
        new double[] {4_950, 5_000, 5_050}));
    r.add(Workload.Q1, runResult("limit", 1_100, new double[] {8_000, 8_000, 8_000},
        new double[] {16_000, 16_000, 16_000}));
    r.add(Workload.Q1V, runResult("engine-jdbc", 2_700, new double[] {9_000, 9_000, 9_000},
        new double[] {9_000, 9_000, 9_000}));
    String md = r.markdown();
    assertThat(md).contains(Report.METHOD)
        .contains("| Q1 one user by id, 4 fields | 10,000 [10,000–10,000] | 5,000 [5,000–5,000] | 12,000 [8,000–16,000] |")
        .contains("| Q1 | 2.3 KB | 12.7 KB | 1.1 KB |");
    // engine / baseline is 2.00 and tight; engine / limit 0.83 and wide (the limit's forks differ 2x)
    String row = md.lines().filter(l -> l.startsWith("| Q1 | engine-jdbc |")).findFirst().orElseThrow();
    assertThat(row).matches("\\| Q1 \\| engine-jdbc \\| 2\\.00 \\[1\\.9\\d–2\\.0\\d\\] ±\\d% \\| 0\\.83 \\[0\\.6\\d–1\\.2\\d\\]"
        + " ±\\d\\d% wide \\| — \\| 0\\.18 \\[0\\.18–0\\.18\\] ±0% \\|");
    // Q1v against Q1: 0.90 exactly meets the target; allocation 2,700 / 2,400
    assertThat(md).contains("| Q1 / Q1v | engine-jdbc | 10,000 | 9,000 | 0.90 [0.89–0.91] ±2% | 2.3 KB | 2.6 KB"
        + " | 1.13 [1.13–1.13] ±0% |");
    assertThat(md).contains("Ratios whose 95% interval is within ±10%: 4 of 5.");
    assertThat(md).doesNotContain("99.9%");
  }

  @Test
  void theReportPutsTheTableViewsReadGainBesideTheirWriteCost() {
    Report r = new Report(List.of(Workload.Q3, Workload.M2), List.of("engine-jdbc", "engine-jdbc-tv"), 4, 1, List.of(), 0);
    r.put(Workload.Q3, "engine-jdbc", measured(36_000, new double[] {600, 600}, new double[] {600, 600}));
    r.put(Workload.Q3, "engine-jdbc-tv", measured(35_000, new double[] {3000, 3000}, new double[] {3000, 3000}));
    r.put(Workload.M2, "engine-jdbc", measured(13_000, new double[] {4000, 4000}, new double[] {4000, 4000}));
    r.put(Workload.M2, "engine-jdbc-tv", measured(14_000, new double[] {2000, 2000}, new double[] {4000, 4000}));
    String md = r.markdown();
    assertThat(md).contains("| Q3 engine-jdbc | 600 [600–600] | 3,000 [3,000–3,000] | 5.00 [5.00–5.00] ±0% | 35.2 KB"
            + " | 34.2 KB |")
        .contains("| M2 engine-jdbc | 4,000 [4,000–4,000] | 3,000 [2,000–4,000] | 0.75 [0.50–1.00] ±34% wide | 12.7 KB"
            + " | 13.7 KB |")
        .contains("| Q3 | engine-jdbc |");
  }

  @Test
  void theReportMarksMissedTargets() {
    Report r = new Report(List.of(Workload.Q1), List.of("engine-jdbc", "baseline", "limit"), 4, 1, List.of(), 0);
    assertThat(r.markdown()).contains("| Q1 one user by id, 4 fields | — | — | — |")
        .doesNotContain("Ratios whose 95% interval");
    assertThat(Report.fmtOps(12345.6)).isEqualTo("12,346");
    assertThat(Report.fmtBytes(2048)).isEqualTo("2.0 KB");
    r.add(Workload.Q1, runResult("engine-jdbc", 8_000, new double[] {1_000, 1_000}));
    r.add(Workload.Q1, runResult("baseline", 10_000, new double[] {1_000, 1_000}));
    r.add(Workload.Q1, runResult("limit", 1_000, new double[] {2_000, 2_000}));
    assertThat(r.markdown()).contains("| Q1 | engine-jdbc | 1.00 ✗ [1.00–1.00] ±0% | 0.50 ✗ [0.50–0.50] ±0% | — |"
        + " 0.80 ✗ [0.80–0.80] ±0% |");
  }

  @Test
  void theExpectedDurationMultipliesForksByTheirCost() throws Exception {
    String e = Main.estimate(10, 2, new CommandLineOptions("-wi", "2", "-w", "1s", "-i", "4", "-r", "500ms", "-f", "3"));
    long seconds = (long) (30 * (Main.FORK_OVERHEAD_SECONDS + 4) + 2 * Main.RUN_OVERHEAD_SECONDS);
    assertThat(e).isEqualTo(String.format(java.util.Locale.ROOT, "JMH: 10 benchmarks × 3 forks × about %.1f s"
        + " (%.1f s to start, 2.0 s of warm-up, 2.0 s measured): about %d min %02d s",
        Main.FORK_OVERHEAD_SECONDS + 4, Main.FORK_OVERHEAD_SECONDS, seconds / 60, seconds % 60));
    // without options: the benchmarks' own defaults (2 forks, 3 x 1 s of warm-up, 3 x 500 ms measured)
    assertThat(Main.estimate(1, 1, new CommandLineOptions())).contains("1 benchmarks × 2 forks",
        "3.0 s of warm-up, 1.5 s measured");
  }
}
