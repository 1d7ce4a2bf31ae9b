package io.mixlaw.law.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final double EXACT = 1e-12;

  @Test
  void maeAndRelativeErrorMatchHandComputedValues() {
    double[] observed = {2.0, 3.0, 4.0};
    double[] predicted = {2.5, 2.5, 4.5};

    assertThat(Metrics.mae(observed, predicted)).isCloseTo(0.5, within(EXACT));
    // (0.5/2 + 0.5/3 + 0.5/4) / 3
    assertThat(Metrics.meanRelativeError(observed, predicted))
        .isCloseTo((0.25 + 0.5 / 3 + 0.125) / 3, within(EXACT));
    assertThat(Metrics.bias(observed, predicted)).isCloseTo(0.5 / 3, within(EXACT));
  }

  @Test
  void spearmanOfOneSwappedPairIsPointEight() {
    // Ranks (1, 2, 4, 3) against (1, 2, 3, 4): 1 - 6 * 2 / (4 * 15) = 0.8.
    double rho = Metrics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 40, 30});

    assertThat(rho).isCloseTo(0.8, within(EXACT));
  }

  @Test
  void spearmanGivesTiesTheirAverageRank() {
    // Predicted ranks (1.5, 1.5, 3, 4): Pearson with (1, 2, 3, 4) is 4.5 / sqrt(5 * 4.5).
    double rho = Metrics.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 3});

    assertThat(rho).isCloseTo(4.5 / Math.sqrt(22.5), within(EXACT));
    assertThat(Metrics.ranks(new double[] {5, 1, 5, 5, 2}))
        .containsExactly(4.0, 1.0, 4.0, 4.0, 2.0);
  }

  @Test
  void spearmanIsUndefinedForConstantOrSingleRuns() {
    assertThat(Metrics.spearman(new double[] {1, 2}, new double[] {3, 3})).isNaN();
    assertThat(Metrics.spearman(new double[] {1}, new double[] {1})).isNaN();
  }

  @Test
  void regretIsTheObservedLossOfThePredictedBestMinusTheBest() {
    double[] observed = {3.0, 2.8, 2.9};

    assertThat(Metrics.regret(observed, new double[] {2.7, 2.9, 2.95}))
        .isCloseTo(0.2, within(EXACT));
    assertThat(Metrics.regret(observed, new double[] {3.1, 2.5, 3.0})).isZero();
  }

  @Test
  void regretCountsTheWorstRunAmongTiedPredictions() {
    double regret = Metrics.regret(new double[] {2.9, 3.0, 2.8}, new double[] {1.0, 1.0, 2.0});

    assertThat(regret).isCloseTo(0.2, within(EXACT));
  }

  @Test
  void metricSetBundlesEveryMetric() {
    MetricSet m = Metrics.of(new double[] {2.0, 3.0}, new double[] {2.0, 3.5});

    assertThat(m.runs()).isEqualTo(2);
    assertThat(m.mae()).isCloseTo(0.25, within(EXACT));
    assertThat(m.meanRelativeError()).isCloseTo(0.5 / 3 / 2, within(EXACT));
    assertThat(m.spearman()).isCloseTo(1.0, within(EXACT));
    assertThat(m.regret()).isZero();
    assertThat(m.bias()).isCloseTo(0.25, within(EXACT));
    assertThat(Metrics.of(new double[0], new double[0])).isEqualTo(MetricSet.empty());
  }

  @Test
  void rejectsMismatchedOrNonFiniteInput() {
    assertThatThrownBy(() -> Metrics.mae(new double[] {1, 2}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("observed and predicted must have the same length, got 2 and 1");
    assertThatThrownBy(() -> Metrics.mae(new double[] {1}, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("losses must be finite, got observed 1.0 and predicted NaN at index 0");
  }
}
