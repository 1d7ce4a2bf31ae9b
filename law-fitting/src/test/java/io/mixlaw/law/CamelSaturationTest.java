package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CAMEL with the saturation term {@code phi_j ln(r_j + epsilon)} in the mixture exponent. */
class CamelSaturationTest {

  private static final long SEED = 11;
  private static final double OFFSET = 0.01;
  private static final double[] PHI = {-0.08, 0.0, -0.15, -0.03, -0.1};

  private static CamelFit truth() {
    FitDiagnostics none = new FitDiagnostics(0, 0, 0, 1, 1, true, 0, 0, 0, "");
    return new CamelFit(
        CamelLaw.Form.FULL,
        CamelLaw.DEFAULT_REFERENCE_CAPACITY,
        SyntheticLadder.E,
        SyntheticLadder.A,
        SyntheticLadder.ALPHA,
        SyntheticLadder.THETA,
        SyntheticLadder.GAMMA,
        CamelLaw.DEFAULT_REFERENCE_TOKENS,
        0,
        0,
        new double[0],
        OFFSET,
        PHI,
        none);
  }

  @Test
  void recoversTheSaturationTermExactlyFromNoiseFreeData() {
    List<Observation> data =
        SyntheticLadder.observations(truth(), SyntheticLadder.CAPACITIES, 0, SEED);

    CamelFit fit = CamelLaw.defaults().withSaturation(OFFSET).fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.phi()).containsExactly(PHI, within(1e-6));
    assertThat(fit.parameters()).containsExactly(truth().parameters(), within(1e-6));
    assertThat(fit.diagnostics().rmse()).isLessThan(1e-9);
  }

  @Test
  void fitsSaturatedDataBetterThanTheAffineExponent() {
    List<Observation> data =
        SyntheticLadder.observations(
            truth(), SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, SEED);

    CamelFit saturated = CamelLaw.defaults().withSaturation(OFFSET).fit(data);
    CamelFit affine = CamelLaw.defaults().fit(data);

    double sumSquares = 0;
    for (Observation o : data) {
      double error = truth().predict(o.capacity(), o.tokens(), o.weights()) - o.loss();
      sumSquares += error * error;
    }
    double noise = Math.sqrt(sumSquares / data.size());

    assertThat(saturated.diagnostics().converged()).isTrue();
    // The saturated fit is as close to the data as the generating law (the noise); the affine
    // exponent cannot follow the logarithmic part and misses by more.
    assertThat(saturated.diagnostics().rmse()).isLessThan(1.05 * noise);
    assertThat(affine.diagnostics().rmse()).isGreaterThan(1.5 * noise);
    assertThat(saturated.phi()).containsExactly(PHI, within(0.05));
  }

  @Test
  void keepsEveryPhiAtOrBelowZero() {
    // Data from the affine law: the best phi would be 0, and noise pushes some of it upwards.
    List<Observation> data =
        SyntheticLadder.observations(
            SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA),
            SyntheticLadder.CAPACITIES,
            SyntheticLadder.NOISE,
            SEED);

    CamelFit fit = CamelLaw.defaults().withSaturation(OFFSET).fit(data);

    assertThat(fit.diagnostics().converged()).isTrue();
    for (double phi : fit.phi()) {
      assertThat(phi).isLessThanOrEqualTo(0.0);
    }
  }

  @Test
  void predictsTheClosedForm() {
    CamelFit law = truth();
    double[] r = {0.0, 0.1, 0.2, 0.3, 0.4};
    double capacity = 4e8;
    double l = Math.log(capacity / 1e8);
    double exponent = 0;
    for (int j = 0; j < r.length; j++) {
      exponent +=
          r[j] * (SyntheticLadder.THETA[j] - SyntheticLadder.GAMMA[j] * l)
              + PHI[j] * Math.log(r[j] + OFFSET);
    }
    double expected =
        SyntheticLadder.E + SyntheticLadder.A * Math.exp(-SyntheticLadder.ALPHA * l)
            + Math.exp(exponent);

    assertThat(law.predict(capacity, 1e9, r)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void namesPhiAndTheOffsetAfterTheOtherParameters() {
    List<String> names = truth().parameterNames();

    assertThat(names.subList(13, names.size()))
        .containsExactly("phi[0]", "phi[1]", "phi[2]", "phi[3]", "phi[4]", "epsilon");
    assertThat(truth().parameters()).hasSize(19);
    assertThat(truth().parameters()[18]).isEqualTo(OFFSET);
  }

  @Test
  void rejectsAPositivePhiAndAMissingOffset() {
    FitDiagnostics none = new FitDiagnostics(0, 0, 0, 1, 1, true, 0, 0, 0, "");
    double[] theta = {0.1, 0.2};
    assertThatThrownBy(
            () ->
                new CamelFit(
                    CamelLaw.Form.CORE, 1e8, 1.0, 0, 0, theta, theta, 1e10, 0, 0, new double[0],
                    OFFSET, new double[] {-0.1, 0.2}, none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("phi[1] must be <= 0, got 0.2");
    assertThatThrownBy(
            () ->
                new CamelFit(
                    CamelLaw.Form.CORE, 1e8, 1.0, 0, 0, theta, theta, 1e10, 0, 0, new double[0],
                    0.0, new double[] {-0.1, -0.2}, none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the saturation offset must be finite and > 0 with the saturation term and 0 without"
                + " it, got 0.0");
    assertThatThrownBy(() -> CamelLaw.defaults().withSaturation(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("saturation offset must be finite and > 0, got -1.0");
  }
}
