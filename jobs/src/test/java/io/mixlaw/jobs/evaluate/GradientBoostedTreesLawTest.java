package io.mixlaw.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mixlaw.jobs.TestSpark;
import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.Observation;
import io.mixlaw.law.evaluation.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientBoostedTreesLawTest {

  /** 40 runs at two scales: loss 2 + 1.5 r0^2 - 0.1 ln(N / 1e7), two domains. */
  private static List<Observation> runs() {
    List<Observation> runs = new ArrayList<>();
    double[] capacities = {1e7, 1e8};
    for (int s = 0; s < capacities.length; s++) {
      for (int k = 0; k < 20; k++) {
        double r = (k + 0.5) / 20;
        double loss = 2 + 1.5 * r * r - 0.1 * Math.log(capacities[s] / 1e7);
        runs.add(
            new Observation(
                "s" + s + "_" + k, "s" + s, capacities[s], 1e9, new double[] {r, 1 - r}, loss));
      }
    }

    return runs;
  }

  private static double[] predictions(FittedLaw fit, List<Observation> runs) {
    return runs.stream()
        .mapToDouble(o -> fit.predict(o.capacity(), o.tokens(), o.weights()))
        .toArray();
  }

  @Test
  void sameSeedGivesTheSamePredictions() {
    GradientBoostedTreesLaw law =
        GradientBoostedTreesLaw.on(TestSpark.session()).withMaxIterations(10).withSeed(3L);
    List<Observation> runs = runs();

    FittedLaw first = law.fit(runs);
    FittedLaw second = law.fit(runs);

    assertThat(predictions(second, runs)).containsExactly(predictions(first, runs));
    assertThat(first.lawName()).isEqualTo("regmix-gbt");
    assertThat(first.parameters()).containsExactly(10, 4, 0.1, 0);
    assertThat(first.diagnostics().converged()).isTrue();
  }

  @Test
  void learnsTheMixtureEffectAndTheScaleEffect() {
    List<Observation> runs = runs();
    FittedLaw fit = GradientBoostedTreesLaw.on(TestSpark.session()).withMaxIterations(10).fit(runs);

    double[] observed = runs.stream().mapToDouble(Observation::loss).toArray();
    double[] predicted = predictions(fit, runs);
    // Ten trees of step 0.1 remove 1 - 0.9^10 = 65% of each residual: the ranking is learned
    // long before the values are.
    assertThat(Metrics.spearman(observed, predicted)).isGreaterThan(0.95);
    assertThat(fit.predict(1e8, 1e9, new double[] {0.1, 0.9}))
        .isLessThan(fit.predict(1e7, 1e9, new double[] {0.1, 0.9}));
    assertThat(fit.diagnostics().rmse()).isLessThan(0.25);
  }

  @Test
  void rejectsTooFewRunsAndWrongWeightCounts() {
    GradientBoostedTreesLaw law = GradientBoostedTreesLaw.on(TestSpark.session());
    assertThatThrownBy(() -> law.fit(runs().subList(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("regmix-gbt needs at least 2 runs to train on, got 1");

    FittedLaw fit = law.withMaxIterations(2).fit(runs());
    assertThatThrownBy(() -> fit.predict(1e7, 1e9, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 2 mixture weights, got 1");
  }
}
