package io.fraiseql.bench;

import java.util.Map;
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

/**
 * Q1-Q5, Q1v, Q4v and A1-A2 for every contender. Each operation writes the whole response (or, for the limit, the
 * raw rows) into the thread's reused buffer. Run through {@link Main}, which loads the data and
 * chooses the contenders that work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Threads(4)
public class QueryBench {
  @Param({"engine-jdbc", "engine-vertx", "engine-r2dbc", "baseline", "limit", "limit-tx", "engine-jdbc-tv"})
  public String contender;

  private Contender c;

  /** The thread's response buffer. */
  @State(Scope.Thread)
  public static class Buffer {
    final ByteSink sink = new ByteSink();
  }

  @Setup(Level.Trial)
  public void open() {
    c = BenchEnv.fromSystemProperties().open(contender);
  }

  @TearDown(Level.Trial)
  public void close() {
    c.close();
  }

  private int run(Workload w, Buffer b) throws Exception {
    b.sink.reset();
    c.run(w, w.variables(null, 0), b.sink);
    return b.sink.size();
  }

  @Benchmark
  public int q1(Buffer b) throws Exception {
    return run(Workload.Q1, b);
  }

  @Benchmark
  public int q2(Buffer b) throws Exception {
    return run(Workload.Q2, b);
  }

  @Benchmark
  public int q3(Buffer b) throws Exception {
    return run(Workload.Q3, b);
  }

  @Benchmark
  public int q4(Buffer b) throws Exception {
    return run(Workload.Q4, b);
  }

  @Benchmark
  public int q1v(Buffer b) throws Exception {
    return run(Workload.Q1V, b);
  }

  @Benchmark
  public int q4v(Buffer b) throws Exception {
    return run(Workload.Q4V, b);
  }

  @Benchmark
  public int q5(Buffer b) throws Exception {
    return run(Workload.Q5, b);
  }

  @Benchmark
  public int a1(Buffer b) throws Exception {
    return run(Workload.A1, b);
  }

  @Benchmark
  public int a2(Buffer b) throws Exception {
    return run(Workload.A2, b);
  }
}
