package io.mixlaw.law.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.law.CamelFit;
import io.mixlaw.law.CamelLaw;
import io.mixlaw.law.FitDiagnostics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixtureOptimizerTest {

  private static final List<String> THREE = List.of("web", "code", "math");
  private static final double GRID_STEP = 0.005;

  /** Two targets pulling towards different domains: an interior optimum. */
  private static ExponentialMixtureObjective interior() {
    return ExponentialMixtureObjective.of(
        new double[] {0.6, 0.4},
        new double[] {1.8, 2.1},
        new double[][] {{-1.0, 0.8, 0.3}, {0.9, -1.2, 0.1}});
  }

  /** Brute-force minimum over the grid {k * step} on the simplex within the bounds. */
  private static double[] gridMinimum(ExponentialMixtureObjective f, MixtureConstraints c) {
    double[] lower = c.lower();
    double[] upper = c.upper();
    int steps = (int) Math.round(1 / GRID_STEP);
    double best = Double.POSITIVE_INFINITY;
    double[] arg = null;
    for (int i = 0; i <= steps; i++) {
      for (int j = 0; i + j <= steps; j++) {
        double[] r = {i * GRID_STEP, j * GRID_STEP, (steps - i - j) * GRID_STEP};
        boolean feasible = true;
        for (int d = 0; d < 3; d++) {
          feasible &= r[d] >= lower[d] - 1e-12 && r[d] <= upper[d] + 1e-12;
        }
        if (feasible && f.value(r) < best) {
          best = f.value(r);
          arg = r;
        }
      }
    }
    return arg;
  }

  private static void assertMatchesGrid(ExponentialMixtureObjective f, MixtureConstraints c) {
    OptimalMixture optimum = MixtureOptimizer.defaults().minimize(f, c);
    double[] grid = gridMinimum(f, c);

    assertThat(optimum.kkt().satisfied()).isTrue();
    // The exact minimum is at least as low as any grid point and within two grid steps of the
    // best one on this strongly convex objective.
    assertThat(optimum.objective()).isLessThanOrEqualTo(f.value(grid) + 1e-15);
    assertThat(optimum.weights()).containsExactly(grid, within(2 * GRID_STEP));
    assertThat(optimum.objective()).isEqualTo(f.value(optimum.weights()));
    assertFeasible(optimum.weights(), c);
  }

  private static void assertFeasible(double[] r, MixtureConstraints c) {
    double sum = 0;
    for (int j = 0; j < r.length; j++) {
      sum += r[j];
      assertThat(r[j]).isBetween(c.lower()[j] - 1e-12, c.upper()[j] + 1e-12);
    }
    assertThat(sum).isCloseTo(1, within(1e-12));
  }

  @Test
  void matchesBruteForceGridWithoutBounds() {
    assertMatchesGrid(interior(), MixtureConstraints.unconstrained(THREE));
  }

  @Test
  void matchesBruteForceGridWithBounds() {
    MixtureConstraints bounded =
        MixtureConstraints.unconstrained(THREE).withLower("math", 0.3).withUpper("web", 0.3);

    assertMatchesGrid(interior(), bounded);
  }

  @Test
  void stopsOnTheActiveUpperBound() {
    ExponentialMixtureObjective f = interior();
    double free =
        MixtureOptimizer.defaults()
            .minimize(f, MixtureConstraints.unconstrained(THREE))
            .weights()[0];
    MixtureConstraints capped = MixtureConstraints.unconstrained(THREE).withUpper("web", 0.2);

    OptimalMixture optimum = MixtureOptimizer.defaults().minimize(f, capped);

    assertThat(free).isGreaterThan(0.2);
    assertThat(optimum.weights()[0]).isEqualTo(0.2);
    assertThat(optimum.kkt().satisfied()).isTrue();
    assertThat(optimum.kkt().stationarity()).isLessThanOrEqualTo(1e-9);
  }

  @Test
  void findsTheVertexOfALinearlyRankedObjective() {
    // One target: exp(b . r) with b = (0, 1, 2) is smallest at r = (1, 0, 0).
    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(
            new double[] {1}, new double[] {1.5}, new double[][] {{0, 1, 2}});

    OptimalMixture optimum =
        MixtureOptimizer.defaults().minimize(f, MixtureConstraints.unconstrained(THREE));

    assertThat(optimum.weights()).containsExactly(1, 0, 0);
    assertThat(optimum.objective()).isEqualTo(2.5);
    assertThat(optimum.kkt().satisfied()).isTrue();
    assertThat(optimum.kkt().primalViolation()).isZero();
  }

  @Test
  void findsTheCornerOfTheBoundedRegion() {
    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(
            new double[] {1}, new double[] {1.5}, new double[][] {{0, 1, 2}});
    MixtureConstraints c =
        MixtureConstraints.unconstrained(THREE).withUpper("web", 0.5).withLower("math", 0.1);

    OptimalMixture optimum = MixtureOptimizer.defaults().minimize(f, c);

    assertThat(optimum.weights()).containsExactly(new double[] {0.5, 0.4, 0.1}, within(1e-12));
    assertThat(optimum.kkt().satisfied()).isTrue();
    assertMatchesGrid(f, c);
  }

  @Test
  void solvesLargerProblemsToTheKktTolerance() {
    Random random = new Random(5);
    int m = 8;
    int targets = 4;
    double[][] slopes = new double[targets][m];
    double[] constants = new double[targets];
    double[] weights = new double[targets];
    for (int v = 0; v < targets; v++) {
      constants[v] = 1 + random.nextDouble();
      weights[v] = random.nextDouble();
      for (int j = 0; j < m; j++) {
        slopes[v][j] = 2 * random.nextGaussian();
      }
    }
    ExponentialMixtureObjective f = ExponentialMixtureObjective.of(weights, constants, slopes);
    List<String> domains = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    MixtureConstraints c =
        MixtureConstraints.unconstrained(domains)
            .withLower("a", 0.05)
            .withUpper("b", 0.1)
            .withTokenLimit("c", 1e9, 4, 2e10);

    OptimalMixture optimum = MixtureOptimizer.defaults().minimize(f, c);

    assertThat(optimum.kkt().satisfied()).isTrue();
    assertThat(optimum.iterations()).isLessThan(50);
    assertFeasible(optimum.weights(), c);
    // No feasible random perturbation does better.
    for (int trial = 0; trial < 2000; trial++) {
      double[] y = optimum.weights();
      for (int j = 0; j < m; j++) {
        y[j] += 0.02 * random.nextGaussian();
      }
      double[] other = MixtureOptimizer.project(y, c);
      assertThat(f.value(other)).isGreaterThanOrEqualTo(optimum.objective() - 1e-12);
    }
  }

  @Test
  void satisfiesKktOnRandomBoundedProblems() {
    Random random = new Random(17);
    for (int trial = 0; trial < 300; trial++) {
      int m = 2 + random.nextInt(10);
      int targets = 1 + random.nextInt(5);
      double[][] slopes = new double[targets][m];
      double[] constants = new double[targets];
      double[] weights = new double[targets];
      for (int v = 0; v < targets; v++) {
        constants[v] = 3 * random.nextDouble();
        weights[v] = random.nextDouble();
        for (int j = 0; j < m; j++) {
          slopes[v][j] = 2 * random.nextGaussian();
        }
      }
      ExponentialMixtureObjective f = ExponentialMixtureObjective.of(weights, constants, slopes);
      List<String> domains = new java.util.ArrayList<>();
      for (int j = 0; j < m; j++) {
        domains.add("d" + j);
      }
      MixtureConstraints c =
          MixtureConstraints.unconstrained(domains)
              .withLower("d0", 0.5 / m)
              .withUpper("d1", 1.5 / m);

      OptimalMixture optimum = MixtureOptimizer.defaults().minimize(f, c);

      assertThat(optimum.kkt().satisfied()).as("trial %d", trial).isTrue();
      assertFeasible(optimum.weights(), c);
      for (int k = 0; k < 20; k++) {
        double[] y = optimum.weights();
        for (int j = 0; j < m; j++) {
          y[j] += 0.01 * random.nextGaussian();
        }
        assertThat(f.value(MixtureOptimizer.project(y, c)))
            .isGreaterThanOrEqualTo(optimum.objective() - 1e-12);
      }
    }
  }

  @Test
  void reportsKktFailureWhenIterationsRunOut() {
    OptimalMixture optimum =
        MixtureOptimizer.defaults()
            .withMaxIterations(1)
            .minimize(interior(), MixtureConstraints.unconstrained(THREE));

    assertThat(optimum.iterations()).isEqualTo(1);
    assertThat(optimum.kkt().satisfied()).isFalse();
    assertThat(optimum.kkt().stationarity()).isGreaterThan(1e-9);
  }

  @Test
  void projectionIsExactAndRespectsBounds() {
    Random random = new Random(9);
    List<String> domains = List.of("a", "b", "c", "d", "e");
    MixtureConstraints c =
        MixtureConstraints.unconstrained(domains)
            .withLower("a", 0.1)
            .withUpper("b", 0.15)
            .withLower("c", 0.05)
            .withUpper("c", 0.3);
    for (int trial = 0; trial < 1000; trial++) {
      double[] y = new double[5];
      for (int j = 0; j < 5; j++) {
        y[j] = random.nextGaussian();
      }

      double[] p = MixtureOptimizer.project(y, c);

      assertFeasible(p, c);
      // Optimality of the projection p_j = clamp(y_j - nu): y - p = nu on free coordinates,
      // <= nu where p is at its lower bound and >= nu where p is at its upper bound.
      double nu = Double.NaN;
      for (int j = 0; j < 5; j++) {
        if (p[j] > c.lower()[j] && p[j] < c.upper()[j]) {
          nu = y[j] - p[j];
        }
      }
      for (int j = 0; j < 5 && !Double.isNaN(nu); j++) {
        double shift = y[j] - p[j];
        if (p[j] > c.lower()[j] && p[j] < c.upper()[j]) {
          assertThat(shift).isCloseTo(nu, within(1e-12));
        } else if (p[j] == c.lower()[j]) {
          assertThat(shift).isLessThanOrEqualTo(nu + 1e-12);
        } else {
          assertThat(shift).isGreaterThanOrEqualTo(nu - 1e-12);
        }
      }
    }
  }

  @Test
  void projectionLeavesAFeasiblePointUnchanged() {
    double[] r = {0.2, 0.5, 0.3};

    assertThat(MixtureOptimizer.project(r, MixtureConstraints.unconstrained(THREE)))
        .containsExactly(new double[] {0.2, 0.5, 0.3}, within(1e-15));
  }

  @Test
  void namesLowerBoundsThatSumAboveOne() {
    MixtureConstraints c =
        MixtureConstraints.unconstrained(List.of("academic", "prose", "code"))
            .withLower("academic", 0.6)
            .withLower("prose", 0.7);

    assertThatThrownBy(
            () ->
                MixtureOptimizer.defaults()
                    .minimize(
                        ExponentialMixtureObjective.of(
                            new double[] {1}, new double[] {1}, new double[][] {{0, 0, 0}}),
                        c))
        .isInstanceOf(InfeasibleMixtureException.class)
        .hasMessage(
            "mixture constraints are infeasible: lower bounds sum to 1.300 > 1"
                + " (academic >= 0.600, prose >= 0.700); lower them in optimize.constraints");
  }

  @Test
  void namesUpperBoundsThatSumBelowOne() {
    MixtureConstraints c =
        MixtureConstraints.unconstrained(List.of("academic", "prose"))
            .withUpper("academic", 0.3)
            .withTokenLimit("prose", 1e9, 4, 1e10);

    assertThatThrownBy(c::checkFeasible)
        .isInstanceOf(InfeasibleMixtureException.class)
        .hasMessage(
            "mixture constraints are infeasible: upper bounds sum to 0.700 < 1"
                + " (academic <= 0.300, prose <= 0.400); raise them (or the epoch limits) in"
                + " optimize.constraints");
  }

  @Test
  void namesTheDomainWhoseLowerBoundExceedsItsUpperBound() {
    MixtureConstraints c =
        MixtureConstraints.unconstrained(THREE).withUpper("code", 0.3).withLower("code", 0.5);

    assertThatThrownBy(c::checkFeasible)
        .isInstanceOf(InfeasibleMixtureException.class)
        .hasMessage(
            "mixture constraints are infeasible: code has lower bound 0.500 > upper"
                + " bound 0.300; lower the minimum or raise the maximum (or the epoch limit) in"
                + " optimize.constraints");
  }

  @Test
  void acceptsBoundsThatSumToOneUpToRounding() {
    MixtureConstraints c =
        MixtureConstraints.unconstrained(THREE)
            .withLower("web", 0.1)
            .withLower("code", 0.2)
            .withLower("math", 0.7);

    OptimalMixture optimum = MixtureOptimizer.defaults().minimize(interior(), c);

    assertThat(optimum.weights()).containsExactly(0.1, 0.2, 0.7);
  }

  @Test
  void tokenLimitCapsTheUpperBound() {
    MixtureConstraints c =
        MixtureConstraints.unconstrained(THREE)
            .withTokenLimit("math", 2e9, 2, 1e11)
            .withTokenLimit("web", 1e12, 4, 1e11);

    assertThat(c.upper()).containsExactly(1.0, 1.0, 0.04);
  }

  @Test
  void rejectsAnUnknownDomainAndBadBounds() {
    MixtureConstraints c = MixtureConstraints.unconstrained(THREE);

    assertThatThrownBy(() -> c.withLower("prose", 0.1))
        .hasMessage("unknown domain prose; known domains: web, code, math");
    assertThatThrownBy(() -> c.withUpper("web", 1.5))
        .hasMessage("upper bound of domain web must be in [0, 1], got 1.5");
    assertThatThrownBy(
            () ->
                MixtureOptimizer.defaults()
                    .minimize(interior(), MixtureConstraints.unconstrained(List.of("a", "b"))))
        .hasMessage("objective has 3 domains but the constraints have 2 (a, b)");
  }

  @Test
  void startsFromTheLinearMinimumWhenTheCentreOverflows() {
    // exp(b . r) at the uniform mixture is exp(1000.3): it overflows, the optimum r = (1, 0, 0)
    // does not.
    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(
            new double[] {1}, new double[] {1.5}, new double[][] {{0, 1, 3000}});

    OptimalMixture optimum =
        MixtureOptimizer.defaults().minimize(f, MixtureConstraints.unconstrained(THREE));

    assertThat(optimum.weights()).containsExactly(1, 0, 0);
    assertThat(optimum.objective()).isEqualTo(2.5);
    assertThat(optimum.kkt().satisfied()).isTrue();
  }

  @Test
  void optimizesADegenerateFitWhoseCoefficientsCancelOnTheProxies() {
    // gamma of order 1e5 is harmless at N0 = 1e8 (slopes 0.1 and 0.2 there) but not at 8e8
    // parameters, where the slopes are about -2.1e5 and +4.2e5: the uniform mixture overflows and
    // the optimum is the domain whose excess vanishes.
    FitDiagnostics none = new FitDiagnostics(0, 0, 0, 1, 1, true, 0, 0, 0, "");
    CamelFit degenerate =
        new CamelFit(
            CamelLaw.Form.CORE,
            1e8,
            1.7,
            0,
            0,
            new double[] {0.1, 0.2},
            new double[] {1e5, -2e5},
            1e10,
            0,
            0,
            new double[0],
            none);
    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(List.of(degenerate), new double[] {1}, 8e8, 2e10);

    OptimalMixture optimum =
        MixtureOptimizer.defaults()
            .minimize(f, MixtureConstraints.unconstrained(List.of("a", "b")));

    assertThat(f.value(new double[] {0.5, 0.5})).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(optimum.weights()).containsExactly(1, 0);
    assertThat(optimum.objective()).isEqualTo(1.7);
    assertThat(optimum.kkt().satisfied()).isTrue();
  }

  @Test
  void throwsACatchableOverflowWhenEveryMixtureOverflows() {
    ExponentialMixtureObjective f =
        ExponentialMixtureObjective.of(
            new double[] {1}, new double[] {1.5}, new double[][] {{800, 900, 1000}});

    assertThatThrownBy(
            () -> MixtureOptimizer.defaults().minimize(f, MixtureConstraints.unconstrained(THREE)))
        .isInstanceOf(ObjectiveOverflowException.class)
        .hasMessageStartingWith(
            "the value of the mixture objective overflows at mixture [1.0, 0.0, 0.0]: exponent"
                + " z = 800.000 of target 0");
  }

  /** The interior objective with saturation: phi pulls weight towards every domain it names. */
  private static ExponentialMixtureObjective saturated() {
    return ExponentialMixtureObjective.of(
        new double[] {0.6, 0.4},
        new double[] {1.8, 2.1},
        new double[][] {{-1.0, 0.8, 0.3}, {0.9, -1.2, 0.1}},
        new double[][] {{0.0, -0.05, -0.2}, {-0.1, 0.0, -0.02}},
        new double[] {0.01, 0.01});
  }

  @Test
  void matchesBruteForceGridWithSaturation() {
    assertMatchesGrid(saturated(), MixtureConstraints.unconstrained(THREE));
    assertMatchesGrid(
        saturated(), MixtureConstraints.unconstrained(THREE).withUpper("math", 0.05));
  }

  @Test
  void saturationKeepsADomainTheAffineObjectiveDrops() {
    OptimalMixture affine =
        MixtureOptimizer.defaults().minimize(interior(), MixtureConstraints.unconstrained(THREE));
    OptimalMixture saturated =
        MixtureOptimizer.defaults().minimize(saturated(), MixtureConstraints.unconstrained(THREE));

    assertThat(affine.weights()[2]).isEqualTo(0.0);
    assertThat(saturated.weights()[2]).isGreaterThan(0.01);
    assertThat(saturated.kkt().satisfied()).isTrue();
  }

  @Test
  void saturatedGradientAndHessianMatchFiniteDifferences() {
    ExponentialMixtureObjective f = saturated();
    double[] r = {0.2, 0.05, 0.75};
    double[] gradient = f.gradient(r);
    double[][] hessian = f.hessian(r);
    double h = 1e-6;
    for (int j = 0; j < 3; j++) {
      double[] up = r.clone();
      double[] down = r.clone();
      up[j] += h;
      down[j] -= h;
      assertThat(gradient[j]).isCloseTo((f.value(up) - f.value(down)) / (2 * h), within(1e-6));
      double[] gUp = f.gradient(up);
      double[] gDown = f.gradient(down);
      for (int k = 0; k < 3; k++) {
        assertThat(hessian[k][j]).isCloseTo((gUp[k] - gDown[k]) / (2 * h), within(1e-5));
      }
    }
  }

  @Test
  void rejectsAPositiveSaturationCoefficient() {
    assertThatThrownBy(
            () ->
                ExponentialMixtureObjective.of(
                    new double[] {1},
                    new double[] {1},
                    new double[][] {{0.1, 0.2}},
                    new double[][] {{-0.1, 0.3}},
                    new double[] {0.01}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "saturation 0[1] must be finite and <= 0 for the objective to be convex, got 0.3");
  }
}
