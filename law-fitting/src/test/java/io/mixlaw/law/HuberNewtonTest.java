package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HuberNewtonTest {

  private static final double DELTA = 0.05;
  private static final double TOLERANCE = 1e-12;

  @Test
  void solvesALinearHuberRegressionExactly() {
    Line line = Line.noisy(new Random(5), 60);

    HuberNewton.Result result =
        new HuberNewton(line, DELTA, TOLERANCE, 100).minimize(new double[2], null, Double.NaN);

    assertThat(result.status()).isEqualTo(HuberNewton.Status.CONVERGED);
    assertThat(result.point()).containsExactly(line.huberFit(), within(1e-9));
    assertThat(result.cost()).isCloseTo(line.cost(result.point()), within(1e-15));
  }

  @Test
  void stopsOnABoundThatTheGradientPushesAgainst() {
    Line line = Line.noisy(new Random(5), 60);
    double free = line.huberFit()[1];
    line.upper[1] = free - 0.3;

    HuberNewton.Result result =
        new HuberNewton(line, DELTA, TOLERANCE, 100).minimize(new double[2], null, Double.NaN);

    assertThat(result.status()).isEqualTo(HuberNewton.Status.CONVERGED);
    assertThat(result.point()[1]).isEqualTo(free - 0.3);
    // With the slope held, the intercept is the Huber location of y - slope x.
    assertThat(result.point()[0]).isCloseTo(line.interceptAtSlope(free - 0.3), within(1e-9));
  }

  @Test
  void reportsTheIterationLimit() {
    Line line = Line.noisy(new Random(5), 60);

    HuberNewton.Result result =
        new HuberNewton(line, DELTA, TOLERANCE, 1).minimize(new double[2], null, Double.NaN);

    assertThat(result.status()).isEqualTo(HuberNewton.Status.MAX_ITERATIONS);
    assertThat(result.iterations()).isEqualTo(1);
    assertThat(result.cost()).isGreaterThan(line.cost(line.huberFit()));
  }

  /**
   * Residuals {@code u_i = p0 + p1 x_i - y_i} of a straight line, with a box and no ridge: the
   * Huber fit of a line, whose exact answer {@link HuberRegression} gives independently.
   */
  private static final class Line implements HuberNewton.Model {
    final double[] x;
    final double[] y;
    final double[] lower = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    final double[] upper = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};

    Line(double[] x, double[] y) {
      this.x = x;
      this.y = y;
    }

    static Line noisy(Random random, int n) {
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextDouble() * 4 - 2;
        // Gaussian noise with 10% gross outliers.
        double noise = 0.05 * random.nextGaussian() + (i % 10 == 0 ? 3 : 0);
        y[i] = 1.2 - 0.7 * x[i] + noise;
      }
      return new Line(x, y);
    }

    /** The unconstrained Huber fit, from the linear solver with a negligible quadratic term. */
    double[] huberFit() {
      int n = x.length;
      double[][] a = new double[n][2];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        a[i][0] = 1;
        a[i][1] = x[i];
        v[i] = -y[i];
      }
      double[] d = new double[2];
      double[] w = new double[n];
      Arrays.fill(w, 1.0);
      new HuberRegression(n, 2)
          .solve(v, a, w, n, 2, new double[] {1e-14, 0, 0, 1e-14}, new double[2], DELTA, d);
      return d;
    }

    double interceptAtSlope(double slope) {
      int n = x.length;
      double[][] a = new double[n][1];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        a[i][0] = 1;
        v[i] = slope * x[i] - y[i];
      }
      double[] d = new double[1];
      double[] w = new double[n];
      Arrays.fill(w, 1.0);
      new HuberRegression(n, 1).solve(v, a, w, n, 1, new double[] {1e-14}, new double[1], DELTA, d);
      return d[0];
    }

    double cost(double[] p) {
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        sum += HuberRegression.rho(p[0] + p[1] * x[i] - y[i], DELTA);
      }
      return sum;
    }

    @Override
    public int size() {
      return 2;
    }

    @Override
    public int rows() {
      return x.length;
    }

    @Override
    public boolean residuals(double[] p, double[] u) {
      for (int i = 0; i < x.length; i++) {
        u[i] = p[0] + p[1] * x[i] - y[i];
      }
      return true;
    }

    @Override
    public boolean jacobian(double[] p, double[] u, double[][] jac) {
      residuals(p, u);
      for (int i = 0; i < x.length; i++) {
        jac[i][0] = 1;
        jac[i][1] = x[i];
      }
      return true;
    }

    @Override
    public void addCurvature(double[] p, double[][] jac, double[] w, double[] out) {
      // Linear residuals have no curvature.
    }

    @Override
    public void directionalCurvature(double[] p, double[][] jac, double[] v, double[] out) {
      Arrays.fill(out, 0.0);
    }

    @Override
    public double lower(int k) {
      return lower[k];
    }

    @Override
    public double upper(int k) {
      return upper[k];
    }

    @Override
    public double penalty(int k) {
      return 0;
    }

    @Override
    public double multiplicity(int i) {
      return 1;
    }
  }
}
