package io.fraiseql.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Collects probe outcomes, JMH results and heap searches; renders the Markdown table. */
final class Report {
  /** The performance targets (docs/performance.md). */
  static final double QUERY_VS_BASELINE = 1.5;
  static final double MUTATION_VS_BASELINE = 1.25;
  static final double VS_LIMIT = 0.8;
  static final double ALLOC_VS_BASELINE = 1.0 / 3;
  static final double HEAP_VS_BASELINE = 4;
  static final double VARIABLES_VS_LITERAL = 0.9;

  /** How the figures below are made (the first paragraph of the table). */
  static final String METHOD = "Every figure is the median of the measured iterations of all forks (each fork is a"
      + " JVM of its own: how the JIT compiles the code varies from one to the next, and the forks sample that)."
      + " A ratio is the ratio of two medians, followed by its 95% bootstrap interval in brackets (the iterations"
      + " of each side drawn with replacement, forks pooled, " + String.format(Locale.ROOT, "%,d", Stats.RESAMPLES)
      + " times from a fixed seed) and by the larger distance of an end from the ratio; `wide` marks a ratio"
      + " whose interval reaches further than ±10%.\n";

  /** The secondary result of {@code -prof gc} that the allocation columns show. */
  static final String ALLOC_NORM = "gc.alloc.rate.norm";

  /**
   * One contender on one workload: every measured iteration of every fork, throughput (ops/s)
   * and allocation (bytes per operation, NaN where the profiler gave none).
   */
  record Measured(Stats.Samples score, Stats.Samples alloc) {
    double median() {
      return score.median();
    }

    double allocBytesPerOp() {
      return alloc.hasNaN() ? Double.NaN : alloc.median();
    }

    /** The per-iteration data of a JMH run (one {@link BenchmarkResult} per fork). */
    static Measured of(RunResult rr) {
      List<double[]> scores = new ArrayList<>();
      List<double[]> allocs = new ArrayList<>();
      for (BenchmarkResult fork : rr.getBenchmarkResults()) {
        List<IterationResult> iterations = new ArrayList<>(fork.getIterationResults());
        if (iterations.isEmpty()) {
          continue;
        }
        double[] s = new double[iterations.size()];
        double[] a = new double[iterations.size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = iterations.get(i).getPrimaryResult().getScore();
          Result<?> alloc = iterations.get(i).getSecondaryResults().get(ALLOC_NORM);
          a[i] = alloc == null ? Double.NaN : alloc.getScore();
        }
        scores.add(s);
        allocs.add(a);
      }
      if (scores.isEmpty()) {
        throw new IllegalArgumentException("no measured iteration");
      }
      return new Measured(new Stats.Samples(scores.toArray(new double[0][])),
          new Stats.Samples(allocs.toArray(new double[0][])));
    }
  }

  private final List<Workload> workloads;
  private final List<String> contenders;
  private final int pool;
  private final double scale;
  private final List<String> jmhArgs;
  private final int heapRows;
  private final Map<Workload, Map<String, String>> status = new EnumMap<>(Workload.class);
  private final Map<Workload, Map<String, Integer>> sizes = new EnumMap<>(Workload.class);
  private final Map<Workload, Map<String, Measured>> measured = new EnumMap<>(Workload.class);
  private final List<String> notes = new ArrayList<>();
  private final List<HeapSearch.Result> heap = new ArrayList<>();
  private final String loadAtStart = loadAverage();
  private Duration elapsed = Duration.ZERO;
  /** Ratios rendered by the last {@link #markdown()}, and those of them within ±10%. */
  private int ratios;
  private int tightRatios;

  Report(List<Workload> workloads, List<String> contenders, int pool, double scale, List<String> jmhArgs, int heapRows) {
    this.workloads = workloads;
    this.contenders = contenders;
    this.pool = pool;
    this.scale = scale;
    this.jmhArgs = List.copyOf(jmhArgs);
    this.heapRows = heapRows;
    for (Workload w : workloads) {
      status.put(w, new LinkedHashMap<>());
      sizes.put(w, new LinkedHashMap<>());
      measured.put(w, new LinkedHashMap<>());
    }
  }

  void ok(Workload w, String contender) {
    status.get(w).put(contender, "ok");
  }

  /** A contender that passed the probe but whose JMH run is left out (see {@link Main#DEFAULT_AGGREGATE_CONTENDERS}). */
  static final String NOT_MEASURED = "not measured";

  void skip(Workload w, String contender, String reason) {
    status.get(w).put(contender, reason);
    if (!reason.equals("not applicable") && !reason.equals(NOT_MEASURED)) {
      System.err.println("[bench] SKIPPED " + contender + " " + w + ": " + reason);
    }
  }

  void size(Workload w, String contender, int bytes) {
    sizes.get(w).put(contender, bytes);
  }

  void note(String note) {
    System.err.println("[bench] NOTE " + note);
    notes.add(note);
  }

  /** The contenders that passed the probe for a workload. */
  List<String> runnable(Workload w) {
    List<String> names = new ArrayList<>();
    status.get(w).forEach((name, s) -> {
      if (s.equals("ok")) {
        names.add(name);
      }
    });
    return names;
  }

  void add(Workload w, RunResult rr) {
    try {
      put(w, rr.getParams().getParam("contender"), Measured.of(rr));
    } catch (IllegalArgumentException e) {
      note(w + " " + rr.getParams().getParam("contender") + ": " + e.getMessage());
    }
  }

  void put(Workload w, String contender, Measured m) {
    measured.get(w).put(contender, m);
  }

  void heap(HeapSearch.Result r) {
    heap.add(r);
  }

  void elapsed(Duration d) {
    this.elapsed = d;
  }

  // ----------------------------------------------------------------------------- rendering

  String markdown() {
    ratios = 0;
    tightRatios = 0;
    StringBuilder md = new StringBuilder();
    md.append("### Results ").append(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
        .append("\n\n");
    md.append(String.format(Locale.ROOT, "Scale %s, pool size %d for every contender, JMH `%s`, %d cores, JDK %s,"
            + " load average %s at start and %s at the end, %d min %d s in all.%n%n",
        fmtScale(scale), pool, String.join(" ", jmhArgs), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), loadAtStart, loadAverage(), elapsed.toMinutes(), elapsed.toSecondsPart()));

    md.append(METHOD);
    md.append("\nThroughput, operations per second: the median of every measured iteration of every fork"
        + " [the lowest–highest fork median]:\n\n");
    header(md);
    for (Workload w : workloads) {
      md.append("| ").append(w).append(' ').append(w.description()).append(" |");
      for (String c : contenders) {
        Measured m = measured.get(w).get(c);
        md.append(' ').append(m == null ? absent(w, c) : fmtMedian(m.score())).append(" |");
      }
      md.append('\n');
    }

    md.append("\nAllocation per operation, median (`-prof gc`, `gc.alloc.rate.norm`, every thread of the JVM):\n\n");
    header(md);
    for (Workload w : workloads) {
      md.append("| ").append(w).append(" |");
      for (String c : contenders) {
        Measured m = measured.get(w).get(c);
        md.append(' ').append(m == null ? absent(w, c) : fmtBytes(m.allocBytesPerOp())).append(" |");
      }
      md.append('\n');
    }

    md.append("\nRatios of the best engine backend on the views (targets in brackets; ✗ marks a missed target):\n\n");
    md.append("| workload | best engine | engine / baseline [≥ 1.5, mutations ≥ 1.25] | engine / limit [≥ 0.8]"
        + " | engine / limit-tx | allocation engine / baseline [≤ 0.33] |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Workload w : workloads) {
      Map<String, Measured> m = measured.get(w);
      String best = null;
      for (String c : contenders) {
        if (c.startsWith("engine-") && !c.endsWith(BenchEnv.TABLE_VIEWS) && m.containsKey(c)
            && (best == null || m.get(c).median() > m.get(best).median())) {
          best = c;
        }
      }
      md.append("| ").append(w).append(" | ").append(best == null ? "—" : best).append(" | ");
      if (best == null) {
        md.append("— | — | — | — |\n");
        continue;
      }
      Measured e = m.get(best);
      Measured b = m.get("baseline");
      md.append(cell(throughput(e, b), w.mutation() ? MUTATION_VS_BASELINE : QUERY_VS_BASELINE, true))
          .append(" | ").append(w.mutation() ? "n/a" : cell(throughput(e, m.get("limit")), VS_LIMIT, true))
          .append(" | ").append(w.mutation() ? "n/a" : cell(throughput(e, m.get("limit-tx")), Double.NaN, true))
          .append(" | ").append(cell(allocation(e, b), ALLOC_VS_BASELINE, false))
          .append(" |\n");
    }

    List<Workload> withVariables = workloads.stream()
        .filter(w -> w.literal() != w && workloads.contains(w.literal())).toList();
    if (!withVariables.isEmpty()) {
      md.append("\nRequests with variables against their literal forms, same run (target: throughput ratio ≥ 0.90,"
          + " the same allocation):\n\n");
      md.append("| pair | contender | literal ops/s | with variables ops/s | ratio | literal allocation"
          + " | with variables allocation | ratio |\n");
      md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
      for (Workload w : withVariables) {
        for (String c : contenders) {
          Measured l = measured.get(w.literal()).get(c);
          Measured v = measured.get(w).get(c);
          if (l == null || v == null) {
            continue;
          }
          md.append("| ").append(w.literal()).append(" / ").append(w).append(" | ").append(c).append(" | ")
              .append(fmtOps(l.median())).append(" | ").append(fmtOps(v.median())).append(" | ")
              .append(cell(throughput(v, l), VARIABLES_VS_LITERAL, true))
              .append(" | ").append(fmtBytes(l.allocBytesPerOp())).append(" | ").append(fmtBytes(v.allocBytesPerOp()))
              .append(" | ").append(cell(allocation(v, l), Double.NaN, false))
              .append(" |\n");
        }
      }
    }
    tableViews(md);
    if (ratios > 0) {
      md.append(String.format(Locale.ROOT, "%nRatios whose 95%% interval is within ±10%%: %d of %d.%n", tightRatios,
          ratios));
    }

    if (!heap.isEmpty()) {
      md.append(String.format(Locale.ROOT, "%nSmallest heap that streams Q5 at %,d rows (`{ comments(limit: %d) { id body createdAt } }`,"
          + " one request, response counted and discarded; bisection to about 6%%):%n%n", heapRows, heapRows));
      md.append("| contender | smallest -Xmx that completes | largest that failed | time at that heap | response |\n");
      md.append("|---|---|---|---|---|\n");
      HeapSearch.Result engine = null;
      HeapSearch.Result baseline = null;
      for (HeapSearch.Result r : heap) {
        md.append("| ").append(r.contender()).append(" | ")
            .append(r.smallestOkMb() < 0 ? "none up to 16 GB (" + r.failure() + ")" : r.smallestOkMb() + " MB")
            .append(" | ").append(r.largestFailedMb() < 8 ? "—" : r.largestFailedMb() + " MB")
            .append(" | ").append(r.smallestOkMb() < 0 ? "—" : String.format(Locale.ROOT, "%.1f s", r.seconds()))
            .append(" | ").append(r.smallestOkMb() < 0 ? "—" : fmtBytes(r.bytes()))
            .append(" |\n");
        if (r.contender().startsWith("engine-") && r.smallestOkMb() > 0
            && (engine == null || r.smallestOkMb() < engine.smallestOkMb())) {
          engine = r;
        }
        if (r.contender().equals("baseline")) {
          baseline = r;
        }
      }
      if (engine != null && baseline != null && baseline.smallestOkMb() > 0) {
        double r = (double) baseline.smallestOkMb() / engine.smallestOkMb();
        md.append(String.format(Locale.ROOT, "%nBaseline heap / engine heap: %.1f [target ≥ 4]%s%n", r,
            r >= HEAP_VS_BASELINE ? "" : " ✗"));
      }
    }

    List<String> skipped = new ArrayList<>();
    for (Workload w : workloads) {
      status.get(w).forEach((c, s) -> {
        if (!s.equals("ok") && !s.equals("not applicable")) {
          skipped.add(c + " " + w + ": " + s);
        }
      });
      for (String c : runnable(w)) {
        if (!measured.get(w).containsKey(c) && !measured.get(w).isEmpty()) {
          skipped.add(c + " " + w + ": passed the probe but JMH produced no result (see the log)");
        }
      }
    }
    if (!skipped.isEmpty() || !notes.isEmpty()) {
      md.append("\nSkipped or noteworthy:\n\n");
      for (String s : skipped) {
        md.append("- skipped ").append(s).append('\n');
      }
      for (String n : notes) {
        md.append("- ").append(n).append('\n');
      }
    }
    md.append("\nResponse sizes (bytes, from the probe): ");
    List<String> parts = new ArrayList<>();
    for (Workload w : workloads) {
      Integer engine = sizes.get(w).get("engine-jdbc");
      Integer limit = sizes.get(w).get("limit");
      parts.add(w + " " + (engine == null ? "?" : fmtBytes(engine)) + (limit == null ? "" : " (rows: " + fmtBytes(limit) + ")"));
    }
    md.append(String.join(", ", parts)).append(".\n");
    return md.toString();
  }

  /**
   * Each {@code engine-X-tv} beside {@code engine-X}: the read gain of Q2/Q3 from tv_user/tv_post
   * and the write cost of M1-M3 with tv_post's triggers (ratios above 1 are faster).
   */
  private void tableViews(StringBuilder md) {
    boolean header = false;
    for (String tv : contenders) {
      if (!tv.endsWith(BenchEnv.TABLE_VIEWS)) {
        continue;
      }
      String plain = tv.substring(0, tv.length() - BenchEnv.TABLE_VIEWS.length());
      for (Workload w : workloads) {
        Measured t = measured.get(w).get(tv);
        Measured v = measured.get(w).get(plain);
        if (t == null || v == null) {
          continue;
        }
        if (!header) {
          md.append("\nTable views: the same engine reading `tv_user`/`tv_post` (Q2, Q3) and writing posts whose"
              + " triggers refresh `tv_post` (M1-M3), against the views and no triggers:\n\n");
          md.append("| workload | on views, ops/s | on table views, ops/s | table views / views | allocation, views"
              + " | allocation, table views |\n|---|---:|---:|---|---:|---:|\n");
          header = true;
        }
        md.append("| ").append(w).append(' ').append(plain).append(" | ").append(fmtMedian(v.score()))
            .append(" | ").append(fmtMedian(t.score())).append(" | ").append(cell(throughput(t, v), Double.NaN, true))
            .append(" | ").append(fmtBytes(v.allocBytesPerOp())).append(" | ").append(fmtBytes(t.allocBytesPerOp()))
            .append(" |\n");
      }
    }
  }

  private void header(StringBuilder md) {
    md.append("| workload |");
    for (String c : contenders) {
      md.append(' ').append(c).append(" |");
    }
    md.append("\n|---|");
    md.append("---:|".repeat(contenders.size()));
    md.append('\n');
  }

  private String absent(Workload w, String c) {
    String s = status.get(w).get(c);
    if (s == null) {
      return "—";
    }
    if (s.equals("not applicable")) {
      return "n/a";
    }
    if (s.equals(NOT_MEASURED)) {
      return NOT_MEASURED;
    }
    return s.equals("ok") ? "no result" : "skipped";
  }

  /** Throughput of {@code a} over {@code b}, with its interval; none when either is absent. */
  static Stats.Ratio throughput(Measured a, Measured b) {
    return a == null || b == null ? Stats.Ratio.NONE : Stats.ratio(a.score(), b.score());
  }

  /** Allocation per operation of {@code a} over {@code b}, with its interval. */
  static Stats.Ratio allocation(Measured a, Measured b) {
    return a == null || b == null ? Stats.Ratio.NONE : Stats.ratio(a.alloc(), b.alloc());
  }

  /** A ratio's cell; counts it for the summary of how many intervals are within ±10%. */
  private String cell(Stats.Ratio r, double target, boolean higherIsBetter) {
    if (r.known()) {
      ratios++;
      if (r.tight()) {
        tightRatios++;
      }
    }
    return Stats.format(r, target, higherIsBetter);
  }

  /** {@code 19,268 [18,840–19,910]}: the median and the range of the fork medians (one fork: the median). */
  static String fmtMedian(Stats.Samples s) {
    String median = fmtOps(s.median());
    if (s.forks().length < 2) {
      return median;
    }
    double[] forks = s.forkMedians();
    return median + " [" + fmtOps(java.util.Arrays.stream(forks).min().orElseThrow()) + "–"
        + fmtOps(java.util.Arrays.stream(forks).max().orElseThrow()) + "]";
  }

  static String fmtOps(double ops) {
    if (ops >= 100) {
      return String.format(Locale.ROOT, "%,.0f", ops);
    }
    return String.format(Locale.ROOT, "%.1f", ops);
  }

  static String fmtBytes(double bytes) {
    if (Double.isNaN(bytes)) {
      return "—";
    }
    if (bytes >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (1024 * 1024));
    }
    if (bytes >= 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
    }
    return String.format(Locale.ROOT, "%.0f B", bytes);
  }

  private static String fmtScale(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + "/" + parts[1] + "/" + parts[2];
    } catch (java.io.IOException | RuntimeException e) {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l < 0 ? "?" : String.format(Locale.ROOT, "%.2f", l);
    }
  }
}
