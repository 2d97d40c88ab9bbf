package io.fraiseql.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fraiseql.bench.Stats.Interval;
import io.fraiseql.bench.Stats.Ratio;
import io.fraiseql.bench.Stats.Samples;
import org.junit.jupiter.api.Test;

/** The report's statistics on data whose answer is known. */
class StatsTest {

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    assertThat(Stats.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(Stats.median(new double[] {4, 1, 3, 100})).isEqualTo(3.5);
    assertThat(Stats.median(new double[] {7})).isEqualTo(7);
    double[] input = {9, 2, 5};
    Stats.median(input);
    assertThat(input).containsExactly(9, 2, 5); // the caller's array is not sorted in place
    assertThatThrownBy(() -> Stats.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quantilesInterpolateBetweenNeighbours() {
    double[] sorted = {10, 20, 30, 40, 50};
    assertThat(Stats.quantile(sorted, 0)).isEqualTo(10);
    assertThat(Stats.quantile(sorted, 1)).isEqualTo(50);
    assertThat(Stats.quantile(sorted, 0.5)).isEqualTo(30);
    assertThat(Stats.quantile(sorted, 0.125)).isEqualTo(15);
    assertThat(Stats.quantile(new double[] {4}, 0.975)).isEqualTo(4);
  }

  @Test
  void samplesPoolEveryForkAndKeepEachForksMedian() {
    Samples s = new Samples(new double[][] {{100, 300, 200}, {1000, 900}});
    assertThat(s.all()).containsExactly(100, 300, 200, 1000, 900);
    assertThat(s.median()).isEqualTo(300);
    assertThat(s.forkMedians()).containsExactly(200, 950);
    assertThat(Samples.of(1, Double.NaN).hasNaN()).isTrue();
    assertThatThrownBy(() -> new Samples(new double[0][])).hasMessageContaining("no forks");
    assertThatThrownBy(() -> new Samples(new double[][] {{1}, {}})).hasMessageContaining("fork 2 has no iterations");
  }

  @Test
  void identicalIterationsGiveAnExactRatio() {
    Ratio r = Stats.ratio(new Samples(new double[][] {{100, 100, 100}, {100, 100, 100}}),
        new Samples(new double[][] {{50, 50, 50}, {50, 50, 50}}));
    assertThat(r.value()).isEqualTo(2.0);
    assertThat(r.interval()).isEqualTo(new Interval(2.0, 2.0));
    assertThat(r.tight()).isTrue();
  }

  @Test
  void forksThatDisagreeWidenTheInterval() {
    // one fork at 100, the other at 150, against a constant 100: the median of the pooled
    // iterations is 125; a resample of the 8 iterations holds fewer than 4 of one fork's 36% of the
    // time (93/256), and its median is then the other fork's value: the 95% interval spans both forks
    Samples num = new Samples(new double[][] {{100, 100, 100, 100}, {150, 150, 150, 150}});
    Samples den = Samples.of(100, 100, 100, 100, 100, 100, 100, 100);
    Ratio r = Stats.ratio(num, den);
    assertThat(r.value()).isEqualTo(1.25);
    assertThat(r.interval().low()).isEqualTo(1.0);
    assertThat(r.interval().high()).isEqualTo(1.5);
    assertThat(r.interval().halfWidth(r.value())).isCloseTo(0.2, within(1e-12));
    assertThat(r.tight()).isFalse();
  }

  @Test
  void theBootstrapIsDeterministicAndCoversTheRatioOfSteadyScores() {
    // iterations spread by ±4% around 1,000 and 500: the ratio is 2 and its interval tight
    Samples num = new Samples(new double[][] {{960, 1000, 1040, 990, 1010}, {970, 1030, 1000, 1020, 980}});
    Samples den = new Samples(new double[][] {{480, 500, 520, 495, 505}, {485, 515, 500, 510, 490}});
    Ratio a = Stats.ratio(num, den);
    Ratio b = Stats.ratio(num, den);
    assertThat(a).isEqualTo(b);
    assertThat(a.value()).isEqualTo(2.0);
    assertThat(a.interval().low()).isLessThan(2.0).isGreaterThan(1.9);
    assertThat(a.interval().high()).isGreaterThan(2.0).isLessThan(2.1);
    assertThat(a.tight()).isTrue();
    // the two sides are resampled independently: the same data on both sides still spreads
    Ratio same = Stats.ratio(den, den);
    assertThat(same.value()).isEqualTo(1.0);
    assertThat(same.interval().low()).isLessThan(1.0);
    assertThat(same.interval().high()).isGreaterThan(1.0);
  }

  @Test
  void aMissingValueGivesNoRatio() {
    assertThat(Stats.ratio(Samples.of(1, Double.NaN), Samples.of(1)).known()).isFalse();
    assertThat(Stats.ratio(Samples.of(1), null).known()).isFalse();
    assertThat(Stats.ratio(Samples.of(1), Samples.of(0, 0)).known()).isFalse();
    assertThat(Stats.format(Ratio.NONE, 0.8, true)).isEqualTo("—");
  }

  @Test
  void theTenPercentFlagLooksAtTheFartherEnd() {
    assertThat(new Interval(0.9, 1.1).tight(1.0)).isTrue();
    assertThat(new Interval(0.95, 1.11).tight(1.0)).isFalse();
    assertThat(new Interval(0.89, 1.0).tight(1.0)).isFalse();
    assertThat(new Interval(1.8, 2.2).tight(2.0)).isTrue();
    assertThat(Interval.NONE.tight(1.0)).isFalse();
    assertThat(new Interval(0.9, 1.1).halfWidth(0)).isNaN();
  }

  @Test
  void aRatioCellShowsTheIntervalItsWidthAndTheMarks() {
    assertThat(Stats.format(new Ratio(0.87, new Interval(0.81, 0.93)), 0.8, true))
        .isEqualTo("0.87 [0.81–0.93] ±7%");
    assertThat(Stats.format(new Ratio(0.79, new Interval(0.60, 1.02)), 0.8, true))
        .isEqualTo("0.79 ✗ [0.60–1.02] ±30% wide");
    // lower is better (allocation): above the target is a miss
    assertThat(Stats.format(new Ratio(0.80, new Interval(0.78, 0.82)), 1.0 / 3, false))
        .isEqualTo("0.80 ✗ [0.78–0.82] ±3%");
    assertThat(Stats.format(new Ratio(2.0, new Interval(2.0, 2.0)), Double.NaN, true))
        .isEqualTo("2.00 [2.00–2.00] ±0%");
    assertThat(Stats.format(new Ratio(1.0, new Interval(0.9, 1.1)), Double.NaN, true))
        .isEqualTo("1.00 [0.90–1.10] ±10%");
    assertThat(Stats.format(new Ratio(1.0, Interval.NONE), Double.NaN, true)).isEqualTo("1.00 [?] wide");
  }
}
