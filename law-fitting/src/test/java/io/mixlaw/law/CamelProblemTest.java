package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analytic derivatives of the CAMEL residuals against central finite differences. */
class CamelProblemTest {

  private static final double STEP = 1e-5;

  /** Full law with the token term: every parameter group present. */
  private static CamelProblem problem() {
    List<Observation> data = new ArrayList<>();
    double[][] mixtures = SyntheticLadder.mixtures(7, 12, 5);
    double[] tokens = {2e9, 6e9, 2e10};
    int k = 0;
    for (double capacity : SyntheticLadder.CAPACITIES) {
      for (double[] mixture : mixtures) {
        double t = tokens[k % 3];
        double loss = 2.0 + 0.5 * Math.exp(-0.3 * Math.log(capacity / 1e8)) + 0.1 * (k % 7);
        data.add(new Observation("r" + k, "s" + capacity, capacity, t, mixture, loss));
        k++;
      }
    }
    return new CamelProblem(data, 1e8, 1e10, true, true, true, false, 0.01, 1e-3, 0);
  }

  private static double[] point(CamelProblem problem) {
    Random random = new Random(2);
    double[] p = new double[problem.size];
    p[0] = 1.2;
    p[problem.iA] = 0.6;
    p[problem.iAlpha] = 0.4;
    p[problem.iB] = 0.3;
    p[problem.iBeta] = 0.5;
    for (int k = problem.iTheta; k < problem.size; k++) {
      p[k] = 0.3 * random.nextGaussian();
    }
    return p;
  }

  @Test
  void jacobianMatchesFiniteDifferences() {
    CamelProblem problem = problem();
    double[] p = point(problem);
    double[] u = new double[problem.n];
    double[][] jac = new double[problem.n][problem.size];

    assertThat(problem.jacobian(p, u, jac)).isTrue();

    double[] plus = new double[problem.n];
    double[] minus = new double[problem.n];
    for (int k = 0; k < problem.size; k++) {
      double[] up = p.clone();
      double[] down = p.clone();
      up[k] += STEP;
      down[k] -= STEP;
      problem.residuals(up, plus);
      problem.residuals(down, minus);
      for (int i = 0; i < problem.n; i++) {
        double numeric = (plus[i] - minus[i]) / (2 * STEP);
        assertThat(jac[i][k]).as("row %d parameter %d", i, k).isCloseTo(numeric, within(1e-8));
      }
    }
  }

  @Test
  void curvatureMatchesFiniteDifferencesOfTheJacobian() {
    CamelProblem problem = problem();
    double[] p = point(problem);
    int n = problem.n;
    int size = problem.size;
    double[] u = new double[n];
    double[][] jac = new double[n][size];
    problem.jacobian(p, u, jac);
    double[] w = new double[n];
    Random random = new Random(4);
    for (int i = 0; i < n; i++) {
      w[i] = random.nextGaussian();
    }
    double[] curvature = new double[size * size];

    problem.addCurvature(p, jac, w, curvature);

    double[][] up = new double[n][size];
    double[][] down = new double[n][size];
    for (int k = 0; k < size; k++) {
      double[] pu = p.clone();
      double[] pd = p.clone();
      pu[k] += STEP;
      pd[k] -= STEP;
      problem.jacobian(pu, new double[n], up);
      problem.jacobian(pd, new double[n], down);
      for (int j = 0; j < size; j++) {
        double numeric = 0;
        for (int i = 0; i < n; i++) {
          numeric += w[i] * (up[i][j] - down[i][j]) / (2 * STEP);
        }
        assertThat(curvature[k * size + j])
            .as("entry %d,%d", k, j)
            .isCloseTo(numeric, within(1e-7));
      }
    }
  }

  @Test
  void directionalCurvatureMatchesSecondDifferences() {
    CamelProblem problem = problem();
    double[] p = point(problem);
    int n = problem.n;
    double[] u = new double[n];
    double[][] jac = new double[n][problem.size];
    problem.jacobian(p, u, jac);
    Random random = new Random(6);
    double[] v = new double[problem.size];
    for (int k = 0; k < v.length; k++) {
      v[k] = random.nextGaussian();
    }
    double[] second = new double[n];

    problem.directionalCurvature(p, jac, v, second);

    double h = 1e-4;
    double[] plus = new double[n];
    double[] minus = new double[n];
    double[] up = p.clone();
    double[] down = p.clone();
    for (int k = 0; k < v.length; k++) {
      up[k] += h * v[k];
      down[k] -= h * v[k];
    }
    problem.residuals(up, plus);
    problem.residuals(down, minus);
    for (int i = 0; i < n; i++) {
      double numeric = (plus[i] - 2 * u[i] + minus[i]) / (h * h);
      assertThat(second[i]).as("row %d", i).isCloseTo(numeric, within(1e-5));
    }
  }

  @Test
  void repeatedObservationsBecomeOneWeightedRow() {
    List<Observation> base =
        SyntheticLadder.observations(
            SyntheticLadder.truth(0, 0), SyntheticLadder.CAPACITIES, 0, 3);
    List<Observation> resample = new ArrayList<>(base);
    resample.add(base.get(4));
    resample.add(base.get(4));
    resample.add(base.get(9));

    CamelProblem problem =
        new CamelProblem(resample, 1e8, 1e10, false, true, false, false, 0.0, 1e-3, 0);

    assertThat(problem.observationCount).isEqualTo(107);
    assertThat(problem.n).isEqualTo(104);
    assertThat(problem.multiplicity[4]).isEqualTo(3);
    assertThat(problem.multiplicity[9]).isEqualTo(2);
    assertThat(problem.multiplicity[0]).isEqualTo(1);
    assertThat(problem.rowOf[105]).isEqualTo(4);
    assertThat(problem.rowOf[106]).isEqualTo(9);
  }
}
