package io.mixlaw.law.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.law.FitDiagnostics;
import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.Observation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChinchillaLawTest {

  /** Hoffmann et al.'s rounded estimates: E, A, alpha, B, beta. */
  private static final double[] TRUTH = {1.69, 406.4, 0.34, 410.7, 0.28};

  private static List<Observation> runs(long seed, int count, double sigma) {
    Synthetic synthetic = new Synthetic(seed);
    List<Observation> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double n = synthetic.logUniform(5e7, 1.6e10);
      double d = n * synthetic.logUniform(2, 200);
      double loss = ChinchillaLaw.loss(n, d, TRUTH[0], TRUTH[1], TRUTH[2], TRUTH[3], TRUTH[4]);
      runs.add(
          new Observation(
              "run-" + i, Synthetic.scale(n), n, d, new double[0], synthetic.noisy(loss, sigma)));
    }

    return runs;
  }

  @Test
  void recoversExactParametersWithPerfectDiagnostics() {
    FittedLaw fit = new ChinchillaLaw().fit(runs(1, 12, 0));

    assertThat(fit.lawName()).isEqualTo("chinchilla");
    assertThat(fit.parameterNames()).containsExactly("E", "A", "alpha", "B", "beta");
    double[] p = fit.parameters();
    for (int i = 0; i < p.length; i++) {
      assertThat(p[i]).as(fit.parameterNames().get(i)).isCloseTo(TRUTH[i], within(1e-6 * TRUTH[i]));
    }

    FitDiagnostics d = fit.diagnostics();
    assertThat(d.observations()).isEqualTo(12);
    assertThat(d.converged()).isTrue();
    assertThat(d.rmse()).isLessThan(1e-9);
    assertThat(d.mae()).isLessThan(1e-9);
    assertThat(d.r2()).isCloseTo(1.0, within(1e-12));
    assertThat(d.spearman()).isEqualTo(1.0);
    assertThat(d.cost()).isLessThan(1e-18);
    assertThat(d.iterations()).isPositive();
  }

  @Test
  void recoversParametersFromNoisyRuns() {
    // 200 runs, 0.5% log-normal noise. Over seeds 1-5 the worst errors were E 0.8%, alpha 4%,
    // beta 2.6%; A and B trade off against their exponents (errors up to 27%), so they are checked
    // through the terms they produce at a typical run (N = 1e9, D = 2e10) instead.
    FittedLaw fit = new ChinchillaLaw().fit(runs(2, 200, 0.005));
    double[] p = fit.parameters();

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(p[0]).isCloseTo(TRUTH[0], within(0.02 * TRUTH[0]));
    assertThat(p[2]).isCloseTo(TRUTH[2], within(0.08 * TRUTH[2]));
    assertThat(p[4]).isCloseTo(TRUTH[4], within(0.08 * TRUTH[4]));
    double capacityTerm = TRUTH[1] * Math.pow(1e9, -TRUTH[2]);
    double dataTerm = TRUTH[3] * Math.pow(2e10, -TRUTH[4]);
    assertThat(p[1] * Math.pow(1e9, -p[2])).isCloseTo(capacityTerm, within(0.05 * capacityTerm));
    assertThat(p[3] * Math.pow(2e10, -p[4])).isCloseTo(dataTerm, within(0.05 * dataTerm));
    // losses lie between about 2 and 3.3, so 0.5% noise gives a loss-space RMSE near 0.0125
    assertThat(fit.diagnostics().rmse()).isBetween(0.005 * 1.5, 0.005 * 3.5);
  }

  @Test
  void predictsTheClosedFormAndIgnoresMixtureWeights() {
    FittedLaw fit = new ChinchillaLaw().fit(runs(3, 12, 0));
    double[] p = fit.parameters();

    double expected = p[0] + p[1] / Math.pow(7e10, p[2]) + p[3] / Math.pow(1.4e12, p[4]);
    assertThat(fit.predict(7e10, 1.4e12, new double[] {0.3, 0.7})).isEqualTo(expected);
    assertThat(fit.predict(7e10, 1.4e12, new double[0])).isEqualTo(expected);
    assertThat(ChinchillaLaw.loss(1e9, 2e10, 1.69, 406.4, 0.34, 410.7, 0.28))
        .isCloseTo(
            1.69 + 406.4 / Math.pow(1e9, 0.34) + 410.7 / Math.pow(2e10, 0.28), within(1e-15));
  }

  @Test
  void rejectsFewerObservationsThanParameters() {
    assertThatThrownBy(() -> new ChinchillaLaw().fit(runs(4, 4, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chinchilla needs at least 5 observations, got 4");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> new ChinchillaLaw().withHuberDelta(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Huber delta must be finite and > 0, got -1.0");
    assertThatThrownBy(() -> new ChinchillaLaw().withRefinedStarts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refined starts must be >= 1, got 0");
    assertThatThrownBy(() -> new ChinchillaLaw().withStart(0, 1, 0.3, 1, 0.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("E, A and B must be > 0, got E=0.0, A=1.0, B=1.0");
  }

  @Test
  void configurationCopiesLeaveTheOriginalUnchanged() {
    ChinchillaLaw law = new ChinchillaLaw();
    ChinchillaLaw single = law.withStart(1.8, 400, 0.3, 400, 0.3).withHuberDelta(1e-2);

    assertThat(law.startCount()).isEqualTo(4500);
    assertThat(law.huberDelta()).isEqualTo(1e-3);
    assertThat(single.startCount()).isEqualTo(1);
    assertThat(single.huberDelta()).isEqualTo(1e-2);
  }
}
