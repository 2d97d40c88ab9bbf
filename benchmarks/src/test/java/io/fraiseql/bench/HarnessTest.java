package io.fraiseql.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  @Test
  void theReportPutsTheTableViewsReadGainBesideTheirWriteCost() {
    Report r = new Report(List.of(Workload.Q3, Workload.M2), List.of("engine-jdbc", "engine-jdbc-tv"), 4, 1, List.of(), 0);
    r.put(Workload.Q3, "engine-jdbc", new Report.Measured(600, 50, 36_000));
    r.put(Workload.Q3, "engine-jdbc-tv", new Report.Measured(3000, 100, 35_000));
    r.put(Workload.M2, "engine-jdbc", new Report.Measured(4000, 300, 13_000));
    r.put(Workload.M2, "engine-jdbc-tv", new Report.Measured(3000, 300, 14_000));
    String md = r.markdown();
    assertThat(md).contains("| Q3 engine-jdbc | 600 ± 50.0 | 3,000 ± 100 | 5.00 | 35.2 KB | 34.2 KB |")
        .contains("| M2 engine-jdbc | 4,000 ± 300 | 3,000 ± 300 | 0.75 | 12.7 KB | 13.7 KB |")
        .contains("| Q3 | engine-jdbc |");
  }

  @Test
  void theReportMarksMissedTargets() {
    Report r = new Report(List.of(Workload.Q1), List.of("engine-jdbc", "baseline", "limit"), 4, 1, List.of(), 0);
    assertThat(r.markdown()).contains("| Q1 one user by id, 4 fields | — | — | — |");
    assertThat(Report.fmtOps(12345.6)).isEqualTo("12,346");
    assertThat(Report.fmtBytes(2048)).isEqualTo("2.0 KB");
  }
}
