package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Refitting a bootstrap resample from the point fit. */
class CamelWarmStartTest {

  private static final long SEED = 11;

  private static List<Observation> ladder() {
    return SyntheticLadder.observations(
        SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA),
        SyntheticLadder.CAPACITIES,
        SyntheticLadder.NOISE,
        SEED);
  }

  @Test
  void reachesTheColdFitsMinimumInFewerIterations() {
    CamelLaw law = CamelLaw.defaults().withSaturation(CamelLaw.DEFAULT_SATURATION_OFFSET);
    List<Observation> data = ladder();
    CamelFit point = law.fit(data);
    SortedMap<String, List<String>> runs = BootstrapSampler.runIdsByScale(data);
    int coldIterations = 0;
    int warmIterations = 0;
    for (int b = 1; b <= 20; b++) {
      List<Observation> resample =
          BootstrapSampler.select(data, BootstrapSampler.resampleRuns(runs, 7L, b));

      CamelFit cold = law.fit(resample);
      CamelFit warm = law.fit(resample, point);

      assertThat(warm.diagnostics().converged()).isTrue();
      // Same minimum: the objective agrees to the convergence tolerance.
      assertThat(warm.diagnostics().cost())
          .as("resample %d", b)
          .isLessThanOrEqualTo(cold.diagnostics().cost() * (1 + 1e-6));
      coldIterations += cold.diagnostics().iterations();
      warmIterations += warm.diagnostics().iterations();
    }
    assertThat(warmIterations).isLessThan(coldIterations);
  }

  @Test
  void fromItsOwnFitReturnsTheSameFit() {
    CamelLaw law = CamelLaw.defaults().withSaturation(CamelLaw.DEFAULT_SATURATION_OFFSET);
    CamelFit point = law.fit(ladder());

    CamelFit again = law.fit(ladder(), point);

    assertThat(again.diagnostics().cost())
        .isLessThanOrEqualTo(point.diagnostics().cost() * (1 + 1e-9));
  }

  @Test
  void rejectsAStartOverOtherDomains() {
    CamelFit point = CamelLaw.defaults().fit(ladder());
    List<Observation> threeDomains =
        List.of(
            new Observation("a", "1M", 1e6, 1e9, new double[] {0.5, 0.5, 0.0}, 3.0),
            new Observation("b", "1M", 1e6, 1e9, new double[] {0.2, 0.3, 0.5}, 3.1));

    assertThatThrownBy(() -> CamelLaw.defaults().fit(threeDomains, point))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the start has 5 training domains, the observations 3");
  }
}
