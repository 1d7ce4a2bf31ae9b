package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CamelLawTest {

  private static final long SEED = 11;
  private static final double HELD_OUT_CAPACITY = 1e9;

  private static final CamelFit FULL_TRUTH =
      SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA);
  private static final CamelFit CORE_TRUTH = SyntheticLadder.truth(0, 0);

  @Test
  void recoversFullLawExactlyFromNoiseFreeData() {
    List<Observation> data =
        SyntheticLadder.observations(FULL_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED);

    CamelFit fit = CamelLaw.defaults().fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.parameters()).containsExactly(FULL_TRUTH.parameters(), within(1e-6));
    assertThat(fit.diagnostics().rmse()).isLessThan(1e-9);
  }

  @Test
  void recoversCoreLawExactlyFromNoiseFreeData() {
    List<Observation> data =
        SyntheticLadder.observations(CORE_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED);

    CamelFit fit = CamelLaw.core().fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.parameters()).containsExactly(CORE_TRUTH.parameters(), within(1e-6));
  }

  // Tolerances below are about twice the worst error over 30 noise seeds (0.3% noise, 104 runs):
  // the common level of theta trades off against E and A, so theta is checked through its
  // contrasts theta_j - mean(theta), which fix the optimal mixture.
  @Test
  void recoversFullLawFromNoisyLadder() {
    List<Observation> data =
        SyntheticLadder.observations(
            FULL_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);

    CamelFit fit = CamelLaw.defaults().fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.diagnostics().message()).isEmpty();
    assertThat(fit.e()).isCloseTo(SyntheticLadder.E, within(0.3));
    assertThat(fit.a()).isCloseTo(SyntheticLadder.A, within(0.4));
    assertThat(fit.alpha()).isCloseTo(SyntheticLadder.ALPHA, within(0.2));
    assertThat(contrasts(fit.theta()))
        .containsExactly(contrasts(SyntheticLadder.THETA), within(0.2));
    assertThat(fit.gamma()).containsExactly(SyntheticLadder.GAMMA, within(0.15));
    assertThat(fit.diagnostics().rmse()).isLessThan(0.015);
    assertThat(fit.diagnostics().r2()).isGreaterThan(0.999);
    assertThat(fit.diagnostics().spearman()).isGreaterThan(0.99);
  }

  @Test
  void recoversCoreLawFromNoisyLadder() {
    List<Observation> data =
        SyntheticLadder.observations(
            CORE_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);

    CamelFit fit = CamelLaw.core().fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.a()).isZero();
    assertThat(fit.alpha()).isZero();
    assertThat(fit.e()).isCloseTo(SyntheticLadder.E, within(0.15));
    assertThat(contrasts(fit.theta()))
        .containsExactly(contrasts(SyntheticLadder.THETA), within(0.06));
    assertThat(fit.gamma()).containsExactly(SyntheticLadder.GAMMA, within(0.06));
    assertThat(fit.diagnostics().rmse()).isLessThan(0.015);
  }

  // Worst relative error at 1e9 over 30 seeds: 1.9% (camel), 1.1% (camel-core).
  @Test
  void predictsHeldOutLargerCapacity() {
    double[][] mixtures = SyntheticLadder.mixtures(99, 20, 5);
    for (CamelFit truth : List.of(FULL_TRUTH, CORE_TRUTH)) {
      CamelLaw law = truth.form() == CamelLaw.Form.FULL ? CamelLaw.defaults() : CamelLaw.core();
      CamelFit fit =
          law.fit(
              SyntheticLadder.observations(
                  truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED));

      for (double[] mixture : mixtures) {
        double expected = truth.predict(HELD_OUT_CAPACITY, SyntheticLadder.TOKENS, mixture);
        double predicted = fit.predict(HELD_OUT_CAPACITY, SyntheticLadder.TOKENS, mixture);
        assertThat(predicted / expected - 1).as(truth.lawName()).isCloseTo(0, within(0.03));
      }
    }
  }

  @Test
  void fullLawDropsAVanishingCapacityTerm() {
    List<Observation> exact =
        SyntheticLadder.observations(CORE_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED);

    CamelFit fit = CamelLaw.defaults().fit(exact);

    assertThat(fit.lawName()).isEqualTo("camel");
    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.diagnostics().message())
        .isEqualTo(
            "the capacity term vanishes at the optimum:"
                + " A = 0, and alpha is undetermined and reported as 0");
    double[] expected = {1.7, 0, 0, 0.35, -0.2, 0.15, 0.5, -0.05, 0.25, 0.05, 0.4, 0.3, 0.15};
    assertThat(fit.parameters()).containsExactly(expected, within(1e-6));
  }

  @Test
  void fullLawFitsAtLeastAsWellAsItsCoreOnAnyData() {
    for (long seed = 1; seed <= 5; seed++) {
      List<Observation> data =
          SyntheticLadder.observations(
              CORE_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, seed);

      double full = CamelLaw.defaults().fit(data).diagnostics().cost();
      double core = CamelLaw.core().fit(data).diagnostics().cost();

      // camel-core is camel with A = 0; relative slack 1e-6 covers the convergence tolerance.
      assertThat(full).as("seed %d", seed).isLessThanOrEqualTo(core * (1 + 1e-6));
    }
  }

  @Test
  void reportsNonConvergenceWhenIterationsRunOut() {
    List<Observation> data =
        SyntheticLadder.observations(
            FULL_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);

    CamelFit fit = CamelLaw.defaults().withMaxIterations(1).fit(data);

    assertThat(fit.diagnostics().converged()).isFalse();
    assertThat(fit.diagnostics().iterations()).isEqualTo(1);
    assertThat(fit.diagnostics().message())
        .startsWith("Huber-Newton did not converge within 1 iterations (best cost ")
        .endsWith("raise the iteration limit");
    assertThat(fit.diagnostics().cost())
        .isGreaterThan(CamelLaw.defaults().fit(data).diagnostics().cost());
  }

  @Test
  void diagnosticsMatchThePredictionsOfTheFit() {
    List<Observation> data =
        SyntheticLadder.observations(
            FULL_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);

    CamelFit fit = CamelLaw.defaults().fit(data);

    double squares = 0;
    double absolute = 0;
    double mean = data.stream().mapToDouble(Observation::loss).average().orElseThrow();
    double total = 0;
    double huber = 0;
    for (Observation o : data) {
      double predicted = fit.predict(o.capacity(), o.tokens(), o.weights());
      squares += (predicted - o.loss()) * (predicted - o.loss());
      absolute += Math.abs(predicted - o.loss());
      total += (o.loss() - mean) * (o.loss() - mean);
      double u = Math.abs(Math.log(predicted) - Math.log(o.loss()));
      double delta = CamelLaw.DEFAULT_HUBER_DELTA;
      huber += u <= delta ? 0.5 * u * u : delta * (u - 0.5 * delta);
    }
    FitDiagnostics d = fit.diagnostics();
    assertThat(d.observations()).isEqualTo(104);
    assertThat(d.rmse()).isCloseTo(Math.sqrt(squares / 104), within(1e-12));
    assertThat(d.mae()).isCloseTo(absolute / 104, within(1e-12));
    assertThat(d.r2()).isCloseTo(1 - squares / total, within(1e-12));
    assertThat(d.cost()).isCloseTo(huber, within(1e-12));
    assertThat(d.iterations()).isPositive();
    assertThat(d.evaluations()).isGreaterThanOrEqualTo(d.iterations());
  }

  @Test
  void huberLossResistsAnOutlier() {
    List<Observation> data =
        new ArrayList<>(
            SyntheticLadder.observations(CORE_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED));
    Observation clean = data.get(7);
    data.set(
        7,
        new Observation(
            clean.runId(),
            clean.scale(),
            clean.capacity(),
            clean.tokens(),
            clean.weights(),
            clean.loss() * 1.3));

    CamelFit robust = CamelLaw.core().fit(data);
    CamelFit squared = CamelLaw.core().withHuberDelta(1.0).fit(data);

    // With delta 1e-3 the 30% outlier enters linearly and the other 103 exact points win.
    assertThat(robust.gamma()).containsExactly(SyntheticLadder.GAMMA, within(1e-3));
    assertThat(maxAbsDifference(squared.gamma(), SyntheticLadder.GAMMA)).isGreaterThan(0.01);
  }

  @Test
  void fitsOnlyTheIdentifiablePartAtASingleCapacity() {
    double capacity = 1.2e8;
    List<Observation> data =
        SyntheticLadder.observations(FULL_TRUTH, new double[] {capacity}, 0, SEED);

    CamelFit fit = CamelLaw.defaults().fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.diagnostics().message())
        .isEqualTo(
            "all observations share capacity 1.200e+08: gamma, A and alpha are not identifiable and"
                + " fixed at 0, theta is the mixture slope at that capacity");
    assertThat(fit.a()).isZero();
    assertThat(fit.alpha()).isZero();
    assertThat(fit.gamma()).containsOnly(0.0);
    for (Observation o : data) {
      assertThat(fit.predict(capacity, o.tokens(), o.weights())).isCloseTo(o.loss(), within(1e-9));
    }
  }

  @Test
  void constantPartAndMixtureSlopeReassembleThePrediction() {
    double[] weights = {0.1, 0.2, 0.3, 0.15, 0.25};
    double capacity = 7e8;

    double constant = FULL_TRUTH.constantPart(capacity, 1e9);
    double[] slope = FULL_TRUTH.mixtureSlope(capacity, 1e9);

    double l = Math.log(capacity / 1e8);
    assertThat(constant).isCloseTo(1.7 + 0.5 * Math.exp(-0.6 * l), within(1e-15));
    assertThat(slope[2]).isCloseTo(0.15 - 0.4 * l, within(1e-15));
    double exponent = 0;
    for (int j = 0; j < 5; j++) {
      exponent += slope[j] * weights[j];
    }
    assertThat(FULL_TRUTH.predict(capacity, 1e9, weights))
        .isCloseTo(constant + Math.exp(exponent), within(1e-15));
  }

  @Test
  void namesParametersInStableOrder() {
    assertThat(FULL_TRUTH.parameterNames())
        .containsExactly(
            "E",
            "A",
            "alpha",
            "theta[0]",
            "theta[1]",
            "theta[2]",
            "theta[3]",
            "theta[4]",
            "gamma[0]",
            "gamma[1]",
            "gamma[2]",
            "gamma[3]",
            "gamma[4]");
    assertThat(FULL_TRUTH.parameters())
        .containsExactly(1.7, 0.5, 0.6, 0.35, -0.2, 0.15, 0.5, -0.05, 0.25, 0.05, 0.4, 0.3, 0.15);
    assertThat(CORE_TRUTH.parameterNames())
        .containsExactly(
            "E",
            "theta[0]",
            "theta[1]",
            "theta[2]",
            "theta[3]",
            "theta[4]",
            "gamma[0]",
            "gamma[1]",
            "gamma[2]",
            "gamma[3]",
            "gamma[4]");
    assertThat(CamelLaw.defaults().name()).isEqualTo("camel");
    assertThat(CamelLaw.core().name()).isEqualTo("camel-core");
  }

  @Test
  void recoversTheTokenTermWhenTokensVaryWithinAScale() {
    CamelFit truth =
        new CamelFit(
            CamelLaw.Form.CORE,
            1e8,
            1.7,
            0,
            0,
            SyntheticLadder.THETA,
            SyntheticLadder.GAMMA,
            1e10,
            0.3,
            0.5,
            new double[] {0.1, 0.3, 0.0, 0.2, 0.1},
            FULL_TRUTH.diagnostics());
    List<Observation> data = new ArrayList<>();
    double[][] mixtures = SyntheticLadder.mixtures(SEED, 26, 5);
    for (double capacity : SyntheticLadder.CAPACITIES) {
      for (double tokens : new double[] {2e9, 5e9, 2e10}) {
        for (int k = 0; k < mixtures.length; k++) {
          data.add(
              new Observation(
                  "r" + capacity + "-" + tokens + "-" + k,
                  "s" + capacity,
                  capacity,
                  tokens,
                  mixtures[k],
                  truth.predict(capacity, tokens, mixtures[k])));
        }
      }
    }

    CamelFit fit = CamelLaw.core().withTokenTerm(1e10).fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.parameterNames())
        .endsWith("B", "beta", "delta[0]", "delta[1]", "delta[2]", "delta[3]", "delta[4]");
    assertThat(fit.parameters()).containsExactly(truth.parameters(), within(1e-5));
  }

  @Test
  void dropsTheTokenTermWhenTokensFollowCapacity() {
    List<Observation> data = new ArrayList<>();
    for (Observation o :
        SyntheticLadder.observations(CORE_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED)) {
      data.add(
          new Observation(
              o.runId(), o.scale(), o.capacity(), 20 * o.capacity(), o.weights(), o.loss()));
    }

    CamelFit fit = CamelLaw.core().withTokenTerm(1e10).fit(data);

    assertThat(fit.diagnostics().message())
        .isEqualTo(
            "ln(tokens) is an affine function of ln(capacity): the token term is confounded with"
                + " the capacity terms and fixed at 0");
    assertThat(fit.b()).isZero();
    assertThat(fit.delta()).containsExactly(0, 0, 0, 0, 0);
    assertThat(fit.gamma()).containsExactly(SyntheticLadder.GAMMA, within(1e-6));
  }

  @Test
  void ridgeShrinksTheMixtureCoefficients() {
    List<Observation> data =
        SyntheticLadder.observations(
            CORE_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);

    CamelFit free = CamelLaw.core().fit(data);
    CamelFit ridged = CamelLaw.core().withRidge(1e-2).fit(data);

    assertThat(ridged.diagnostics().converged()).isTrue();
    assertThat(squaredNorm(ridged)).isLessThan(0.9 * squaredNorm(free));
  }

  @Test
  void keepsGammaNonNegativeWhenAsked() {
    double[] gamma = {0.25, -0.2, 0.4, 0.3, 0.15};
    CamelFit truth =
        new CamelFit(
            CamelLaw.Form.CORE,
            1e8,
            1.7,
            0,
            0,
            SyntheticLadder.THETA,
            gamma,
            1e10,
            0,
            0,
            new double[0],
            FULL_TRUTH.diagnostics());
    List<Observation> data =
        SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, 0, SEED);

    CamelFit free = CamelLaw.core().fit(data);
    CamelFit bounded = CamelLaw.core().withNonNegativeGamma().fit(data);

    assertThat(free.gamma()[1]).isCloseTo(-0.2, within(1e-6));
    assertThat(bounded.gamma()[1]).isZero();
    assertThat(java.util.Arrays.stream(bounded.gamma()).min().orElseThrow()).isZero();
  }

  @Test
  void rejectsObservationsWithDifferentDomainCounts() {
    List<Observation> data =
        new ArrayList<>(
            SyntheticLadder.observations(CORE_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED));
    data.add(new Observation("odd", "20M", 2e7, 1e9, new double[] {0.5, 0.5}, 3.0));

    assertThatThrownBy(() -> CamelLaw.core().fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("observation 104 (run odd) has 2 training domains, the first has 5");
  }

  @Test
  void rejectsTooFewObservations() {
    List<Observation> data =
        SyntheticLadder.observations(FULL_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED)
            .subList(0, 12);
    List<Observation> twoScales = new ArrayList<>(data);
    twoScales.set(
        0, SyntheticLadder.observations(FULL_TRUTH, SyntheticLadder.CAPACITIES, 0, SEED).get(30));

    assertThatThrownBy(() -> CamelLaw.defaults().fit(twoScales))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "camel needs at least 13 observations to fit 13 parameters for 5 training"
                + " domains, got 12");
  }

  @Test
  void rejectsInvalidSettingsWithTheBadValue() {
    assertThatThrownBy(() -> CamelLaw.defaults().withHuberDelta(0))
        .hasMessage("Huber delta must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> CamelLaw.defaults().withMaxIterations(0))
        .hasMessage("max iterations must be >= 1, got 0");
    assertThatThrownBy(() -> CamelLaw.defaults().withRidge(-1))
        .hasMessage("ridge must be finite and >= 0, got -1.0");
  }

  @Test
  void fitsARepeatedObservationLikeSeparateEqualCopies() {
    List<Observation> base =
        SyntheticLadder.observations(
            CORE_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);
    List<Observation> repeated = new ArrayList<>(base.subList(0, 90));
    List<Observation> copies = new ArrayList<>(base.subList(0, 90));
    for (int k = 0; k < 14; k++) {
      Observation o = base.get(3 * k);
      repeated.add(o);
      copies.add(
          new Observation(
              o.runId() + "-copy", o.scale(), o.capacity(), o.tokens(), o.weights(), o.loss()));
    }

    CamelFit weighted = CamelLaw.core().fit(repeated);
    CamelFit expanded = CamelLaw.core().fit(copies);

    assertThat(weighted.diagnostics().observations()).isEqualTo(104);
    assertThat(weighted.diagnostics().cost())
        .isCloseTo(expanded.diagnostics().cost(), within(1e-9 * expanded.diagnostics().cost()));
    assertThat(weighted.parameters()).containsExactly(expanded.parameters(), within(1e-5));
    assertThat(weighted.diagnostics().rmse())
        .isCloseTo(expanded.diagnostics().rmse(), within(1e-7));
  }

  @Test
  void fitsAreDeterministic() {
    List<Observation> data =
        SyntheticLadder.observations(
            FULL_TRUTH, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);

    assertThat(CamelLaw.defaults().fit(data)).isEqualTo(CamelLaw.defaults().fit(data));
  }

  private static double[] contrasts(double[] theta) {
    double mean = 0;
    for (double t : theta) {
      mean += t / theta.length;
    }
    double[] contrasts = new double[theta.length];
    for (int j = 0; j < theta.length; j++) {
      contrasts[j] = theta[j] - mean;
    }
    return contrasts;
  }

  private static double maxAbsDifference(double[] a, double[] b) {
    double max = 0;
    for (int j = 0; j < a.length; j++) {
      max = Math.max(max, Math.abs(a[j] - b[j]));
    }
    return max;
  }

  private static double squaredNorm(CamelFit fit) {
    double sum = 0;
    for (double t : fit.theta()) {
      sum += t * t;
    }
    for (double g : fit.gamma()) {
      sum += g * g;
    }
    return sum;
  }
}
