package io.fraiseql.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The smallest {@code -Xmx} with which a contender streams Q5 at N rows: each attempt is a fresh
 * JVM ({@link #main}, same flags for every contender apart from {@code -Xmx}) that runs the query
 * once into a stream that only counts (as a socket would take the bytes away). Doubling finds a
 * heap that completes, then bisection narrows it to about 6%.
 */
public final class HeapSearch {
  private static final int MIN_MB = 8;
  private static final int MAX_MB = 16_384;
  private static final long TIMEOUT_SECONDS = 300;

  private HeapSearch() {}

  /** The outcome of one contender's search. */
  public record Result(String contender, int rows, int smallestOkMb, int largestFailedMb, double seconds,
                       long bytes, int attempts, String failure) {}

  public static Result search(String contender, BenchEnv env, int rows, Path logDir) throws IOException, InterruptedException {
    int attempts = 0;
    int ok = -1;
    int failed = MIN_MB - 1;
    double okSeconds = 0;
    long okBytes = 0;
    String lastFailure = null;
    int mb = 32;
    while (ok < 0 && mb <= MAX_MB) {
      Attempt a = attempt(contender, env, rows, mb, logDir);
      attempts++;
      if (a.ok) {
        ok = mb;
        okSeconds = a.seconds;
        okBytes = a.bytes;
      } else {
        failed = mb;
        lastFailure = a.detail;
        mb *= 2;
      }
    }
    if (ok < 0) {
      return new Result(contender, rows, -1, failed, 0, 0, attempts, lastFailure);
    }
    while (ok - failed > Math.max(2, ok / 16)) {
      int mid = (ok + failed) / 2;
      Attempt a = attempt(contender, env, rows, mid, logDir);
      attempts++;
      if (a.ok) {
        ok = mid;
        okSeconds = a.seconds;
        okBytes = a.bytes;
      } else {
        failed = mid;
      }
    }
    return new Result(contender, rows, ok, failed, okSeconds, okBytes, attempts, null);
  }

  private record Attempt(boolean ok, double seconds, long bytes, String detail) {}

  private static Attempt attempt(String contender, BenchEnv env, int rows, int mb, Path logDir)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + mb + "m", "-XX:+ExitOnOutOfMemoryError"));
    cmd.addAll(env.jvmArgs());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapSearch.class.getName(),
        contender, Integer.toString(rows)));
    Path log = logDir.resolve("heap-" + contender + "-" + mb + "m.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    String last = output.strip().lines().reduce((x, y) -> y).orElse("");
    boolean ok = done && p.exitValue() == 0 && last.startsWith("OK ");
    System.err.printf(Locale.ROOT, "[heap] %s -Xmx%dm: %s%n", contender, mb,
        ok ? last : done ? "failed (exit " + p.exitValue() + "): " + last : "timed out after " + TIMEOUT_SECONDS + " s");
    if (!ok) {
      return new Attempt(false, 0, 0, last);
    }
    String[] parts = last.split(" ");
    return new Attempt(true, Double.parseDouble(parts[3]), Long.parseLong(parts[1]), last);
  }

  /** One attempt, in its own JVM: {@code <contender> <rows>}; prints {@code OK <bytes> <rows> <seconds>}. */
  public static void main(String[] args) {
    try {
      String contender = args[0];
      int rows = Integer.parseInt(args[1]);
      BenchEnv env = BenchEnv.fromSystemProperties();
      String query = Workload.listRows(rows);
      CountingStream out = new CountingStream();
      long start = System.nanoTime();
      try (Contender c = env.open(contender)) {
        if (c instanceof EngineContender e) {
          e.runDocument(query, out);
        } else if (c instanceof BaselineContender b) {
          b.runDocument(query, java.util.Map.of(), out);
        } else {
          throw new IllegalArgumentException("the heap search measures GraphQL contenders, not " + contender);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long objects = out.objects - 2; // {"data":{"comments":[{...}, ...]}}
      if (objects != rows) {
        System.out.println("FAILED: " + objects + " rows streamed, expected " + rows + "; response starts "
            + new String(out.head, 0, out.headSize, StandardCharsets.UTF_8));
        System.out.flush();
        Runtime.getRuntime().halt(1);
      }
      System.out.printf(Locale.ROOT, "OK %d %d %.2f%n", out.bytes, objects, seconds);
      System.out.flush();
      Runtime.getRuntime().halt(0);
    } catch (Throwable t) {
      System.out.println("FAILED: " + t);
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
  }

  /** Counts bytes and JSON objects and keeps the first bytes; retains nothing else. */
  static final class CountingStream extends OutputStream {
    long bytes;
    long objects;
    final byte[] head = new byte[400];
    int headSize;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (headSize < head.length) {
        int n = Math.min(len, head.length - headSize);
        System.arraycopy(b, off, head, headSize, n);
        headSize += n;
      }
      for (int i = off; i < off + len; i++) {
        if (b[i] == '{') {
          objects++;
        }
      }
      bytes += len;
    }
  }
}
