package io.mixlaw.law.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.law.CamelFit;
import io.mixlaw.law.CamelLaw;
import io.mixlaw.law.FitDiagnostics;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentialMixtureObjectiveTest {

  private static final FitDiagnostics NONE = new FitDiagnostics(0, 0, 0, 1, 1, true, 0, 0, 0, "");

  private static final ExponentialMixtureObjective F =
      ExponentialMixtureObjective.of(
          new double[] {0.7, 0.3},
          new double[] {1.5, 2.0},
          new double[][] {{0.4, -0.3, 0.1}, {-0.6, 0.2, 0.5}});

  @Test
  void valueIsTheWeightedSumOfTerms() {
    double[] r = {0.2, 0.3, 0.5};

    double expected =
        0.7 * (1.5 + Math.exp(0.08 - 0.09 + 0.05)) + 0.3 * (2.0 + Math.exp(-0.12 + 0.06 + 0.25));
    assertThat(F.value(r)).isCloseTo(expected, within(1e-15));
    assertThat(F.targetLosses(r))
        .containsExactly(new double[] {1.5 + Math.exp(0.04), 2.0 + Math.exp(0.19)}, within(1e-15));
  }

  @Test
  void gradientAndHessianMatchCentralDifferences() {
    double[] r = {0.2, 0.3, 0.5};
    double h = 1e-5;
    double[] gradient = F.gradient(r);
    double[][] hessian = F.hessian(r);

    for (int j = 0; j < 3; j++) {
      double[] plus = r.clone();
      double[] minus = r.clone();
      plus[j] += h;
      minus[j] -= h;
      // Central differences have O(h^2) = 1e-10 truncation error here.
      assertThat(gradient[j]).isCloseTo((F.value(plus) - F.value(minus)) / (2 * h), within(1e-9));
      double[] gPlus = F.gradient(plus);
      double[] gMinus = F.gradient(minus);
      for (int k = 0; k < 3; k++) {
        assertThat(hessian[k][j]).isCloseTo((gPlus[k] - gMinus[k]) / (2 * h), within(1e-9));
      }
    }
  }

  @Test
  void buildsFromFittedLawsAtTheTargetCapacity() {
    CamelFit first =
        new CamelFit(
            CamelLaw.Form.FULL,
            1e8,
            1.6,
            0.4,
            0.5,
            new double[] {0.3, -0.1},
            new double[] {0.2, 0.05},
            1e10,
            0,
            0,
            new double[0],
            NONE);
    CamelFit second =
        new CamelFit(
            CamelLaw.Form.CORE,
            1e8,
            2.0,
            0,
            0,
            new double[] {-0.2, 0.4},
            new double[] {0.1, 0.3},
            1e10,
            0,
            0,
            new double[0],
            NONE);
    double capacity = 7e9;
    double[] r = {0.35, 0.65};

    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(List.of(first, second), new double[] {2, 1}, capacity, 1e11);

    double expected = 2 * first.predict(capacity, 1e11, r) + second.predict(capacity, 1e11, r);
    assertThat(f.value(r)).isCloseTo(expected, within(1e-14));
    assertThat(f.dimension()).isEqualTo(2);
    assertThat(f.targetCount()).isEqualTo(2);
  }

  @Test
  void rejectsNegativeTargetWeights() {
    assertThatThrownBy(
            () ->
                ExponentialMixtureObjective.of(
                    new double[] {1, -0.5}, new double[] {1, 1}, new double[][] {{0, 1}, {1, 0}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "target weight 1 must be finite and >= 0 for the objective to be convex,"
                + " got -0.5");
  }

  @Test
  void overflowGivesAnInfiniteValueNeverNaN() {
    // Exponent 0.5 * 2000 = 1000 overflows; the zero-weight target overflows too but counts for
    // nothing.
    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(
            new double[] {1, 0}, new double[] {1.5, 2}, new double[][] {{0, 2000}, {3000, 0}});

    assertThat(f.value(new double[] {0.5, 0.5})).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(f.targetLosses(new double[] {0.5, 0.5}))
        .containsExactly(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    assertThat(f.value(new double[] {1, 0})).isEqualTo(2.5);
    assertThat(f.gradient(new double[] {1, 0})).containsExactly(0, 2000);
  }

  @Test
  void gradientAndHessianRefuseToOverflowWithTheFix() {
    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(
            new double[] {1}, new double[] {1.5}, new double[][] {{0, 2000}});
    double[] r = {0.5, 0.5};

    assertThatThrownBy(() -> f.gradient(r))
        .isInstanceOf(ObjectiveOverflowException.class)
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            "the gradient of the mixture objective overflows at mixture [0.5, 0.5]: exponent z"
                + " = 1000.00 of target 0 exceeds the double range (exp overflows above 709.8);"
                + " the fitted law is degenerate at this capacity, refit it with a ridge penalty"
                + " (config key fit.ridge, for example 1e-6)");
    assertThatThrownBy(() -> f.hessian(r))
        .isInstanceOf(ObjectiveOverflowException.class)
        .hasMessageStartingWith("the Hessian of the mixture objective overflows");
  }
}
