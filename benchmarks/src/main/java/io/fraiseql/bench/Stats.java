package io.fraiseql.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The statistics of the report: medians of the per-iteration scores of every fork, the spread of
 * the fork medians, and bootstrap intervals for ratios of medians. Everything is deterministic: the
 * bootstrap draws from a fixed seed, so the same JMH results always give the same table.
 */
final class Stats {
  /** Resamples per bootstrap interval. */
  static final int RESAMPLES = 2_000;
  /** The bootstrap's seed: the same results give the same intervals. */
  static final long SEED = 1_000_003L;
  /** An interval is "tight" when both of its ends are within this fraction of the ratio. */
  static final double TIGHT = 0.10;

  private Stats() {}

  /**
   * The per-iteration values of one benchmark: one array per fork, in order.
   *
   * @param forks each fork's measured iterations (never empty)
   */
  record Samples(double[][] forks) {
    Samples {
      if (forks.length == 0) {
        throw new IllegalArgumentException("no forks");
      }
      double[][] copy = new double[forks.length][];
      for (int i = 0; i < forks.length; i++) {
        if (forks[i].length == 0) {
          throw new IllegalArgumentException("fork " + (i + 1) + " has no iterations");
        }
        copy[i] = forks[i].clone();
      }
      forks = copy;
    }

    /** One fork of identical iterations: for a value known exactly. */
    static Samples of(double... oneFork) {
      return new Samples(new double[][] {oneFork});
    }

    /** Every iteration of every fork. */
    double[] all() {
      return Arrays.stream(forks).flatMapToDouble(Arrays::stream).toArray();
    }

    double median() {
      return Stats.median(all());
    }

    /** The median of each fork. */
    double[] forkMedians() {
      return Arrays.stream(forks).mapToDouble(Stats::median).toArray();
    }

    /** NaN anywhere (a missing profiler value): no statistic is computed from it. */
    boolean hasNaN() {
      return Arrays.stream(all()).anyMatch(Double::isNaN);
    }
  }

  /** A closed interval; both ends NaN when it could not be computed. */
  record Interval(double low, double high) {
    static final Interval NONE = new Interval(Double.NaN, Double.NaN);

    boolean known() {
      return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /**
     * The larger distance of an end from {@code value}, as a fraction of it (0.07 for 1.00 in
     * [0.95, 1.07]); NaN when unknown.
     */
    double halfWidth(double value) {
      if (!known() || value == 0 || Double.isNaN(value)) {
        return Double.NaN;
      }
      return Math.max(Math.abs(value - low), Math.abs(high - value)) / Math.abs(value);
    }

    /** Both ends within ±10% of {@code value}. */
    boolean tight(double value) {
      double h = halfWidth(value);
      return !Double.isNaN(h) && h <= TIGHT + 1e-12;
    }
  }

  /** A ratio of medians with its bootstrap interval. */
  record Ratio(double value, Interval interval) {
    static final Ratio NONE = new Ratio(Double.NaN, Interval.NONE);

    boolean known() {
      return !Double.isNaN(value);
    }

    boolean tight() {
      return interval.tight(value);
    }
  }

  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of nothing");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /** The {@code p} quantile (0-1) of sorted values, interpolated linearly between neighbours. */
  static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("quantile of nothing");
    }
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * The ratio of the medians {@code num / den} and its 95% percentile-bootstrap interval: the
   * iterations of each side (all forks pooled, so how many come from each fork varies from one
   * resample to the next and a disagreement between forks widens the interval) are drawn with
   * replacement {@link #RESAMPLES} times from {@link #SEED}; the interval is the 2.5th and 97.5th
   * percentiles of the resampled ratios.
   */
  static Ratio ratio(Samples num, Samples den) {
    if (num == null || den == null || num.hasNaN() || den.hasNaN()) {
      return Ratio.NONE;
    }
    double d = den.median();
    if (d == 0) {
      return Ratio.NONE;
    }
    double[] a = num.all();
    double[] b = den.all();
    SplittableRandom random = new SplittableRandom(SEED);
    double[] ratios = new double[RESAMPLES];
    double[] ra = new double[a.length];
    double[] rb = new double[b.length];
    int n = 0;
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < a.length; i++) {
        ra[i] = a[random.nextInt(a.length)];
      }
      for (int i = 0; i < b.length; i++) {
        rb[i] = b[random.nextInt(b.length)];
      }
      double mb = median(rb);
      if (mb != 0) {
        ratios[n++] = median(ra) / mb;
      }
    }
    if (n == 0) {
      return new Ratio(num.median() / d, Interval.NONE);
    }
    double[] sorted = Arrays.copyOf(ratios, n);
    Arrays.sort(sorted);
    return new Ratio(num.median() / d, new Interval(quantile(sorted, 0.025), quantile(sorted, 0.975)));
  }

  /**
   * A ratio for a table cell: {@code 0.87 [0.81–0.93] ±7%}, with {@code  wide} appended when an
   * end of the interval is more than ±10% away, {@code  ✗} after the ratio when it misses
   * {@code target} (NaN: no target) on the side {@code higherIsBetter} says, and {@code —} when
   * there is no ratio.
   */
  static String format(Ratio r, double target, boolean higherIsBetter) {
    if (r == null || !r.known()) {
      return "—";
    }
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.2f", r.value()));
    if (!Double.isNaN(target) && (higherIsBetter ? r.value() < target : r.value() > target)) {
      s.append(" ✗");
    }
    if (!r.interval().known()) {
      return s.append(" [?] wide").toString();
    }
    s.append(String.format(Locale.ROOT, " [%.2f–%.2f] ±%.0f%%", r.interval().low(), r.interval().high(),
        Math.max(0, Math.ceil(100 * r.interval().halfWidth(r.value()) - 1e-9))));
    if (!r.tight()) {
      s.append(" wide");
    }
    return s.toString();
  }
}
