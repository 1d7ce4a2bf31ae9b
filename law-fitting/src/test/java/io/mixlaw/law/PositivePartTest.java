package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PositivePartTest {

  @Test
  void dropsTheNegativeEigenvaluesOfAKnownDecomposition() {
    Random random = new Random(4);
    double[][] basis = orthonormal(random, 4);
    double[] s = compose(basis, new double[] {3, -2, 0.5, -1e-3});

    new PositivePart(4).apply(s);

    assertThat(s).containsExactly(compose(basis, new double[] {3, 0, 0.5, 0}), within(1e-13));
  }

  @Test
  void leavesAPositiveDefiniteMatrixUnchanged() {
    Random random = new Random(9);
    double[][] basis = orthonormal(random, 6);
    double[] s = compose(basis, new double[] {5, 4, 1, 0.1, 1e-3, 1e-6});
    double[] original = s.clone();

    new PositivePart(6).apply(s);

    assertThat(s).containsExactly(original, within(1e-13));
  }

  @Test
  void givesTheSameResultWhenStartedFromEarlierEigenvectors() {
    Random random = new Random(12);
    PositivePart reused = new PositivePart(5);
    for (int trial = 0; trial < 10; trial++) {
      double[] eigenvalues = new double[5];
      double[] kept = new double[5];
      for (int j = 0; j < 5; j++) {
        eigenvalues[j] = random.nextGaussian();
        kept[j] = Math.max(eigenvalues[j], 0);
      }
      double[][] basis = orthonormal(random, 5);
      double[] s = compose(basis, eigenvalues);

      reused.apply(s);

      assertThat(s).as("trial %d", trial).containsExactly(compose(basis, kept), within(1e-12));
    }
  }

  @Test
  void zeroMatrixStaysZero() {
    double[] s = new double[9];

    new PositivePart(3).apply(s);

    assertThat(s).containsOnly(0.0);
  }

  /** {@code V diag(lambda) V^T}, row-major. */
  private static double[] compose(double[][] v, double[] lambda) {
    int k = lambda.length;
    double[] s = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
          sum += v[i][c] * lambda[c] * v[j][c];
        }
        s[i * k + j] = sum;
      }
    }
    return s;
  }

  /** Columns of a random orthonormal matrix, by Gram-Schmidt on Gaussian vectors. */
  private static double[][] orthonormal(Random random, int k) {
    double[][] v = new double[k][k];
    for (int c = 0; c < k; c++) {
      double[] x = new double[k];
      for (int i = 0; i < k; i++) {
        x[i] = random.nextGaussian();
      }
      for (int p = 0; p < c; p++) {
        double dot = 0;
        for (int i = 0; i < k; i++) {
          dot += x[i] * v[i][p];
        }
        for (int i = 0; i < k; i++) {
          x[i] -= dot * v[i][p];
        }
      }
      double norm = 0;
      for (double xi : x) {
        norm += xi * xi;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < k; i++) {
        v[i][c] = x[i] / norm;
      }
    }
    return v;
  }
}
