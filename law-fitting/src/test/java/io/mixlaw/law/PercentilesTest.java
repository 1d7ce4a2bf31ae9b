package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  // Unsorted on purpose; sorted they are 15, 20, 35, 40, 50.
  private static final double[] VALUES = {40, 15, 50, 35, 20};

  @Test
  void interpolatesLinearlyBetweenClosestRanks() {
    // h = (n - 1) p / 100 = 4 p / 100; x[k] + (h - k)(x[k+1] - x[k]).
    assertThat(Percentiles.percentile(VALUES, 0)).isEqualTo(15);
    assertThat(Percentiles.percentile(VALUES, 25)).isEqualTo(20);
    assertThat(Percentiles.percentile(VALUES, 40)).isCloseTo(29, within(1e-12));
    assertThat(Percentiles.percentile(VALUES, 50)).isEqualTo(35);
    assertThat(Percentiles.percentile(VALUES, 90)).isCloseTo(46, within(1e-12));
    assertThat(Percentiles.percentile(VALUES, 100)).isEqualTo(50);
  }

  @Test
  void intervalTakesTheCentralPercentiles() {
    // 5th: h = 0.2 -> 15 + 0.2 * 5; 95th: h = 3.8 -> 40 + 0.8 * 10.
    assertThat(Percentiles.interval(VALUES, 0.9))
        .containsExactly(new double[] {16, 48}, within(1e-12));
  }

  @Test
  void singleValueIsEveryPercentile() {
    assertThat(Percentiles.percentile(new double[] {2.5}, 37)).isEqualTo(2.5);
  }

  @Test
  void leavesTheInputUnchanged() {
    double[] values = VALUES.clone();

    Percentiles.percentile(values, 50);

    assertThat(values).containsExactly(VALUES);
  }

  @Test
  void rejectsNaNAndBadArguments() {
    assertThatThrownBy(() -> Percentiles.percentile(new double[] {1, Double.NaN}, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values must not contain NaN, found one at index 1");
    assertThatThrownBy(() -> Percentiles.percentile(VALUES, 100.5))
        .hasMessage("percentile must be in [0, 100], got 100.5");
    assertThatThrownBy(() -> Percentiles.percentile(new double[0], 50))
        .hasMessage("percentile of no values is undefined");
    assertThatThrownBy(() -> Percentiles.interval(VALUES, 1))
        .hasMessage("confidence must be in (0, 1), got 1.0");
  }
}
