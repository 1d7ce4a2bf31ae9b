package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HuberRegressionTest {

  private static final double TINY = 1e-12;

  @Test
  void findsTheHuberLocationOfFourPoints() {
    // Huber location of {0, 1, 2, 10} with delta 1: 1 and 2 lie in the band, 0 and 10 beyond it,
    // so -1 + (1 - m) + (2 - m) + 1 = 0 gives m = 1.5.
    double[] points = {0, 1, 2, 10};
    double[] v = new double[4];
    double[][] a = new double[4][1];
    for (int i = 0; i < 4; i++) {
      v[i] = -points[i];
      a[i][0] = 1;
    }
    double[] d = new double[1];

    int iterations =
        new HuberRegression(4, 1)
            .solve(v, a, ones(4), 4, 1, new double[] {TINY}, new double[1], 1.0, d);

    assertThat(d[0]).isCloseTo(1.5, within(1e-10));
    assertThat(iterations).isBetween(1, 3);
  }

  @Test
  void minimizerMeetsTheOptimalityConditionOnRandomProblems() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      int rows = 20 + random.nextInt(60);
      int columns = 1 + random.nextInt(8);
      Problem p = Problem.random(random, rows, columns, 0.05);
      double[] d = new double[columns];

      int iterations =
          new HuberRegression(rows, columns)
              .solve(p.v, p.a, p.w, rows, columns, p.q, p.c, p.delta, d);

      assertThat(iterations).as("trial %d", trial).isPositive().isLessThan(40);
      double[] gradient = p.gradient(d);
      double scale = p.gradientScale(d);
      for (int j = 0; j < columns; j++) {
        assertThat(gradient[j]).as("trial %d", trial).isCloseTo(0, within(1e-11 * scale));
      }
      // Convexity: no random move lowers phi.
      double best = p.value(d);
      for (int k = 0; k < 20; k++) {
        double[] other = d.clone();
        for (int j = 0; j < columns; j++) {
          other[j] += 0.01 * random.nextGaussian();
        }
        assertThat(p.value(other)).isGreaterThanOrEqualTo(best);
      }
    }
  }

  @Test
  void rowWeightsActLikeRepeatedRows() {
    Random random = new Random(8);
    Problem p = Problem.random(random, 30, 4, 0.1);
    for (int i = 0; i < 30; i++) {
      p.w[i] = 1 + (i % 3);
    }
    Problem repeated = p.expanded();
    double[] weighted = new double[4];
    double[] copies = new double[4];

    new HuberRegression(30, 4).solve(p.v, p.a, p.w, 30, 4, p.q, p.c, p.delta, weighted);
    int rows = repeated.v.length;
    new HuberRegression(rows, 4)
        .solve(repeated.v, repeated.a, repeated.w, rows, 4, p.q, p.c, p.delta, copies);

    assertThat(weighted).containsExactly(copies, within(1e-12));
  }

  @Test
  void startsFromTheGivenPoint() {
    Random random = new Random(13);
    Problem p = Problem.random(random, 40, 5, 0.05);
    double[] cold = new double[5];
    new HuberRegression(40, 5).solve(p.v, p.a, p.w, 40, 5, p.q, p.c, p.delta, cold);
    double[] warm = cold.clone();

    int iterations =
        new HuberRegression(40, 5).solve(p.v, p.a, p.w, 40, 5, p.q, p.c, p.delta, warm);

    assertThat(iterations).isEqualTo(1);
    assertThat(warm).containsExactly(cold, within(1e-14));
  }

  @Test
  void shiftResponseIsTheDerivativeOfTheMinimizer() {
    Random random = new Random(21);
    Problem p = Problem.random(random, 50, 6, 0.2);
    HuberRegression regression = new HuberRegression(50, 6);
    double[] d = new double[6];
    regression.solve(p.v, p.a, p.w, 50, 6, p.q, p.c, p.delta, d);
    double[] shift = new double[50];
    for (int i = 0; i < 50; i++) {
      shift[i] = random.nextGaussian();
    }
    double[] response = new double[6];

    assertThat(regression.shiftResponse(p.a, p.w, 50, 6, p.q, p.delta, shift, response)).isTrue();

    // A shift small enough to keep every row on its side of the band edges moves the minimizer
    // linearly.
    double h = 1e-7;
    double[] moved = p.v.clone();
    for (int i = 0; i < 50; i++) {
      moved[i] += h * shift[i];
    }
    double[] shifted = new double[6];
    new HuberRegression(50, 6).solve(moved, p.a, p.w, 50, 6, p.q, p.c, p.delta, shifted);
    for (int j = 0; j < 6; j++) {
      assertThat((shifted[j] - d[j]) / h).isCloseTo(response[j], within(1e-5));
    }
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }

  /** A random instance of phi with a dense positive definite Q. */
  private static final class Problem {
    double[] v;
    double[][] a;
    double[] w;
    double[] q;
    double[] c;
    double delta;

    static Problem random(Random random, int rows, int columns, double delta) {
      Problem p = new Problem();
      p.delta = delta;
      p.v = new double[rows];
      p.a = new double[rows][columns];
      p.w = ones(rows);
      for (int i = 0; i < rows; i++) {
        p.v[i] = 0.3 * random.nextGaussian();
        for (int j = 0; j < columns; j++) {
          p.a[i][j] = random.nextGaussian();
        }
      }
      // Q = B^T B / columns + 1e-3 I: dense and positive definite.
      double[][] b = new double[columns][columns];
      for (double[] row : b) {
        for (int j = 0; j < columns; j++) {
          row[j] = random.nextGaussian();
        }
      }
      p.q = new double[columns * columns];
      for (int i = 0; i < columns; i++) {
        for (int j = 0; j < columns; j++) {
          double sum = 0;
          for (int k = 0; k < columns; k++) {
            sum += b[k][i] * b[k][j];
          }
          p.q[i * columns + j] = 1e-3 * sum / columns + (i == j ? 1e-3 : 0);
        }
      }
      p.c = new double[columns];
      for (int j = 0; j < columns; j++) {
        p.c[j] = 0.01 * random.nextGaussian();
      }
      return p;
    }

    /** The same problem with row i repeated w_i times, each copy of weight 1. */
    Problem expanded() {
      int rows = 0;
      for (double weight : w) {
        rows += (int) weight;
      }
      Problem p = new Problem();
      p.delta = delta;
      p.q = q;
      p.c = c;
      p.v = new double[rows];
      p.a = new double[rows][];
      p.w = ones(rows);
      int next = 0;
      for (int i = 0; i < v.length; i++) {
        for (int copy = 0; copy < (int) w[i]; copy++) {
          p.v[next] = v[i];
          p.a[next] = a[i].clone();
          next++;
        }
      }
      return p;
    }

    double value(double[] d) {
      int columns = d.length;
      double sum = 0;
      for (int i = 0; i < v.length; i++) {
        sum += w[i] * HuberRegression.rho(v[i] + dot(a[i], d), delta);
      }
      for (int i = 0; i < columns; i++) {
        sum += c[i] * d[i];
        for (int j = 0; j < columns; j++) {
          sum += 0.5 * d[i] * q[i * columns + j] * d[j];
        }
      }
      return sum;
    }

    double[] gradient(double[] d) {
      int columns = d.length;
      double[] g = c.clone();
      for (int i = 0; i < columns; i++) {
        for (int j = 0; j < columns; j++) {
          g[i] += q[i * columns + j] * d[j];
        }
      }
      for (int i = 0; i < v.length; i++) {
        double psi = w[i] * HuberRegression.psi(v[i] + dot(a[i], d), delta);
        for (int j = 0; j < columns; j++) {
          g[j] += psi * a[i][j];
        }
      }
      return g;
    }

    /** Sum of the magnitudes of the terms of the gradient, the scale of its rounding. */
    double gradientScale(double[] d) {
      double scale = 0;
      for (int i = 0; i < v.length; i++) {
        double psi = Math.abs(w[i] * HuberRegression.psi(v[i] + dot(a[i], d), delta));
        for (int j = 0; j < d.length; j++) {
          scale += psi * Math.abs(a[i][j]);
        }
      }
      return scale;
    }

    private static double dot(double[] x, double[] y) {
      double sum = 0;
      for (int j = 0; j < y.length; j++) {
        sum += x[j] * y[j];
      }
      return sum;
    }
  }
}
