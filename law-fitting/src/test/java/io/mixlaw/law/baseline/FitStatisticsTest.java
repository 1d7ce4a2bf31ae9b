package io.mixlaw.law.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.law.FitDiagnostics;
import org.junit.jupiter.api.Test;

class FitStatisticsTest {

  @Test
  void diagnosticsOfTinyExactExample() {
    double[] observed = {1, 2, 3, 4};
    double[] predicted = {1.1, 1.9, 3.2, 3.8};

    FitDiagnostics d = FitStatistics.diagnostics(observed, predicted, true, 7, 9, 0.125, "");

    // residuals 0.1, -0.1, 0.2, -0.2; SS_res = 0.1; SS_tot = 1.5^2 + 0.5^2 + 0.5^2 + 1.5^2 = 5
    assertThat(d.observations()).isEqualTo(4);
    assertThat(d.rmse()).isCloseTo(Math.sqrt(0.025), within(1e-15));
    assertThat(d.mae()).isCloseTo(0.15, within(1e-15));
    assertThat(d.r2()).isCloseTo(0.98, within(1e-15));
    assertThat(d.spearman()).isEqualTo(1.0);
    assertThat(d.converged()).isTrue();
    assertThat(d.iterations()).isEqualTo(7);
    assertThat(d.evaluations()).isEqualTo(9);
    assertThat(d.cost()).isEqualTo(0.125);
    assertThat(d.message()).isEmpty();
  }

  @Test
  void spearmanCountsSwappedRanks() {
    // rank differences 0, 1, -1, 0: rho = 1 - 6 * 2 / (4 * (16 - 1)) = 0.8
    assertThat(FitStatistics.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}))
        .isCloseTo(0.8, within(1e-15));
  }

  @Test
  void spearmanAndR2AreUndefinedForConstantObservations() {
    FitDiagnostics d =
        FitStatistics.diagnostics(
            new double[] {2, 2, 2}, new double[] {1, 2, 3}, true, 0, 0, 0, "");

    assertThat(d.r2()).isNaN();
    assertThat(d.spearman()).isNaN();
    assertThat(d.rmse()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-15));
  }

  @Test
  void huberIsQuadraticInsideDeltaAndLinearOutside() {
    assertThat(HuberLeastSquares.huber(5e-4, 1e-3)).isCloseTo(1.25e-7, within(1e-22));
    assertThat(HuberLeastSquares.huber(-3e-3, 1e-3)).isCloseTo(2.5e-6, within(1e-21));
  }
}
