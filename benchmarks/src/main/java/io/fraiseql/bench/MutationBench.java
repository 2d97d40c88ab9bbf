package io.fraiseql.bench;

import io.fraiseql.tck.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * M1-M3. Each thread updates and publishes a post of its own (created with plain JDBC), so the
 * threads do not wait on each other's row locks; every row the run writes is deleted at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Threads(4)
public class MutationBench {
  @Param({"engine-jdbc", "engine-vertx", "engine-r2dbc", "baseline", "engine-jdbc-tv"})
  public String contender;

  private Contender c;

  @Setup(Level.Trial)
  public void open() {
    c = BenchEnv.fromSystemProperties().open(contender);
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    c.close();
    removeWrittenRows(BenchEnv.fromSystemProperties());
  }

  /** Deletes the posts M1 created and the threads' own posts, in every copy of the data set. */
  static void removeWrittenRows(BenchEnv env) throws SQLException {
    for (io.fraiseql.api.DatabaseUrl url : env.databases()) {
      try (Connection conn = TestDatabase.connect(url); Statement st = conn.createStatement()) {
        st.execute("DELETE FROM tb_post WHERE title LIKE 'bench m1 %' OR title LIKE 'bench post %'");
      }
    }
  }

  /** The thread's own post, its request counter and its response buffer. */
  @State(Scope.Thread)
  public static class Row {
    final ByteSink sink = new ByteSink();
    String postId;
    long n;

    @Setup(Level.Trial)
    public void create(BenchmarkParams params) throws SQLException {
      postId = UUID.randomUUID().toString();
      BenchEnv env = BenchEnv.fromSystemProperties();
      try (Connection conn = TestDatabase.connect(env.urlFor(params.getParam("contender")));
           PreparedStatement ps = conn.prepareStatement("INSERT INTO tb_post (id, author_id, title, body)"
               + " VALUES (CAST(? AS uuid), CAST(? AS uuid), ?, 'the thread''s post')")) {
        ps.setString(1, postId);
        ps.setString(2, Workload.USER1);
        ps.setString(3, "bench post " + postId);
        ps.executeUpdate();
      }
    }
  }

  private int run(Workload w, Row r) throws Exception {
    r.sink.reset();
    c.run(w, w.variables(r.postId, r.n++), r.sink);
    return r.sink.size();
  }

  @Benchmark
  public int m1(Row r) throws Exception {
    return run(Workload.M1, r);
  }

  @Benchmark
  public int m2(Row r) throws Exception {
    return run(Workload.M2, r);
  }

  @Benchmark
  public int m3(Row r) throws Exception {
    return run(Workload.M3, r);
  }
}
