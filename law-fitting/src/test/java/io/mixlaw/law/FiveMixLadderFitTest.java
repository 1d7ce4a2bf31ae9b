package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CAMEL fits on the real Data Mixing Laws 5-domain ladder, point data and bootstrap resamples. */
class FiveMixLadderFitTest {

  private static final CamelLaw LAW = CamelLaw.defaults().withRidge(1e-6);
  private static final int RESAMPLES = 50;
  private static final SortedMap<String, List<Observation>> DATA = FiveMixLadder.byTarget();

  /** The dialogue target the exponential mixture term cannot follow; see below. */
  private static final String UBUNTU_IRC = "Ubuntu_IRC";

  // Largest in-sample RMSE (nats) over the point fit and resamples 1-50 (base seed
  // BootstrapSampler.DEFAULT_BASE_SEED), as measured: 0.0597 (PubMed_Central) for 21 targets and
  // 0.151 for Ubuntu_IRC. The bounds leave about 25% for other platforms' rounding.
  private static final double RMSE_BOUND = 0.075;
  private static final double UBUNTU_IRC_RMSE_BOUND = 0.19;

  @Test
  void convergesOnEveryTargetOfThePointDataAndOfFiftyResamples() {
    SortedMap<String, List<String>> runs = BootstrapSampler.runIdsByScale(DATA.get("ArXiv"));
    Map<String, Double> worstRmse = new TreeMap<>();
    int fits = 0;
    for (int index = 0; index <= RESAMPLES; index++) {
      List<String> sample =
          BootstrapSampler.resampleRuns(runs, BootstrapSampler.DEFAULT_BASE_SEED, index);
      for (Map.Entry<String, List<Observation>> target : DATA.entrySet()) {
        CamelFit fit = LAW.fit(BootstrapSampler.select(target.getValue(), sample));
        fits++;

        assertThat(fit.diagnostics().converged())
            .as("resample %d, target %s: %s", index, target.getKey(), fit.diagnostics())
            .isTrue();
        assertThat(fit.diagnostics().observations()).isEqualTo(FiveMixLadder.RUNS);
        worstRmse.merge(target.getKey(), fit.diagnostics().rmse(), Math::max);
      }
    }

    assertThat(fits).isEqualTo((RESAMPLES + 1) * FiveMixLadder.TARGETS);
    assertThat(worstRmse).hasSize(FiveMixLadder.TARGETS);
    for (Map.Entry<String, Double> entry : worstRmse.entrySet()) {
      double bound = entry.getKey().equals(UBUNTU_IRC) ? UBUNTU_IRC_RMSE_BOUND : RMSE_BOUND;
      assertThat(entry.getValue()).as(entry.getKey()).isLessThan(bound);
    }
  }

  @Test
  void pointFitsMatchTheLadderClosely() {
    for (Map.Entry<String, List<Observation>> target : DATA.entrySet()) {
      CamelFit fit = LAW.fit(target.getValue());

      assertThat(fit.diagnostics().converged()).as(target.getKey()).isTrue();
      // Measured: R^2 from 0.941 (Ubuntu_IRC) to 0.997; RMSE up to 0.048 besides Ubuntu_IRC.
      assertThat(fit.diagnostics().r2()).as(target.getKey()).isGreaterThan(0.93);
      if (!target.getKey().equals(UBUNTU_IRC)) {
        assertThat(fit.diagnostics().rmse()).as(target.getKey()).isLessThan(0.05);
      }
    }
  }

  // Resamples on which Levenberg-Marquardt through a square-root transform of the Huber loss ran
  // out of 500 iterations (18 of the 4,422 fits of resamples 0-200), because that transform makes
  // it converge linearly.
  @ParameterizedTest
  @CsvSource({
    "10, StackExchange",
    "11, Pile-CC",
    "37, Enron_Emails",
    "52, DM_Mathematics",
    "122, HackerNews",
    "197, EuroParl"
  })
  void convergesWhereTheSquareRootTransformRanOutOfIterations(int index, String target) {
    List<Observation> all = DATA.get(target);
    List<String> sample =
        BootstrapSampler.resampleRuns(
            BootstrapSampler.runIdsByScale(all), BootstrapSampler.DEFAULT_BASE_SEED, index);

    CamelFit fit = LAW.fit(BootstrapSampler.select(all, sample));

    assertThat(fit.diagnostics().converged()).as(fit.diagnostics().toString()).isTrue();
    assertThat(fit.diagnostics().iterations()).isLessThan(CamelLaw.DEFAULT_MAX_ITERATIONS);
  }

  // On Ubuntu IRC the loss falls from about 3.5 nats for runs without dialogue data to about 2.6
  // with 3% of it, and barely moves with more: exp(r_dialogue theta_dialogue) can only follow by
  // sending theta_dialogue to -infinity, where the ridge holds it (about -50). The runs with
  // dialogue data are then fitted by E + A exp(-alpha l) alone, and E, A and alpha slide along a
  // nearly flat valley (E + A about constant) down to the bound E = 0. On resample 122 that slide
  // is longest: without the curvature of the residuals beyond the Huber band the optimizer needs
  // about 700 iterations here.
  @Test
  void convergesToTheBoundOnTheDegenerateDialogueResample() {
    List<Observation> all = DATA.get(UBUNTU_IRC);
    List<String> sample =
        BootstrapSampler.resampleRuns(
            BootstrapSampler.runIdsByScale(all), BootstrapSampler.DEFAULT_BASE_SEED, 122);

    CamelFit fit = LAW.fit(BootstrapSampler.select(all, sample));

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.diagnostics().message()).isEmpty();
    assertThat(fit.e()).isZero();
    assertThat(fit.a()).isCloseTo(2.5903, within(1e-3));
    assertThat(fit.alpha()).isCloseTo(0.0520, within(1e-3));
    assertThat(fit.theta()[2]).isCloseTo(-49.57, within(0.05));
    assertThat(fit.diagnostics().cost()).isCloseTo(0.00449117, within(1e-8));
  }
}
