package io.mixlaw.law;

/**
 * The positive semi-definite part of a small symmetric matrix: with {@code S = V diag(lambda) V^T},
 * {@code S+ = V diag(max(lambda, 0)) V^T}, the nearest positive semi-definite matrix to S in the
 * Frobenius norm (Higham 1988, "Computing a nearest symmetric positive semidefinite matrix", Linear
 * Algebra Appl. 103). The eigen-decomposition is the cyclic Jacobi method (Golub and Van Loan,
 * Matrix Computations, section 8.5), accurate to rounding for the orders used here (a few tens).
 * Each call starts from the eigenvectors of the previous one, {@code V^T S V}: along an iteration
 * the matrices change little, and one or two sweeps then suffice.
 *
 * <p>Instances hold scratch space and the last eigenvectors for one order.
 */
final class PositivePart {

  /** Sweeps allowed; the cyclic Jacobi method converges quadratically, in well under ten. */
  static final int MAX_SWEEPS = 50;

  private final int k;
  private final double[] a;
  private final double[] v;
  private final double[] product;

  /**
   * Creates the scratch space.
   *
   * @param k order of the matrices
   */
  PositivePart(int k) {
    this.k = k;
    this.a = new double[k * k];
    this.v = new double[k * k];
    this.product = new double[k * k];
    for (int i = 0; i < k; i++) {
      v[i * k + i] = 1;
    }
  }

  /**
   * Replaces a symmetric matrix by its positive semi-definite part.
   *
   * @param s row-major {@code k x k} symmetric matrix, overwritten by {@code S+}
   */
  void apply(double[] s) {
    // a = V^T S V in the basis of the previous eigenvectors.
    for (int i = 0; i < k; i++) {
      for (int c = 0; c < k; c++) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
          sum += s[i * k + j] * v[j * k + c];
        }
        product[i * k + c] = sum;
      }
    }
    for (int r = 0; r < k; r++) {
      for (int c = r; c < k; c++) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
          sum += v[i * k + r] * product[i * k + c];
        }
        a[r * k + c] = sum;
        a[c * k + r] = sum;
      }
    }
    for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal() > 0; sweep++) {
      for (int p = 0; p < k - 1; p++) {
        for (int q = p + 1; q < k; q++) {
          rotate(p, q);
        }
      }
    }
    for (int i = 0; i < k * k; i++) {
      s[i] = 0;
    }
    for (int c = 0; c < k; c++) {
      double lambda = a[c * k + c];
      if (lambda > 0) {
        for (int i = 0; i < k; i++) {
          double vi = lambda * v[i * k + c];
          for (int j = 0; j < k; j++) {
            s[i * k + j] += vi * v[j * k + c];
          }
        }
      }
    }
  }

  /** Sum of squares of the off-diagonal entries that are not negligible against the diagonal. */
  private double offDiagonal() {
    double sum = 0;
    for (int p = 0; p < k; p++) {
      for (int q = p + 1; q < k; q++) {
        double x = a[p * k + q];
        double scale = Math.abs(a[p * k + p]) + Math.abs(a[q * k + q]);
        if (Math.abs(x) > 1e-300 && scale + Math.abs(x) * 1e16 != scale) {
          sum += x * x;
        }
      }
    }
    return sum;
  }

  /** One Jacobi rotation annihilating {@code a[p][q]} (Golub and Van Loan, algorithm 8.5.1). */
  private void rotate(int p, int q) {
    double apq = a[p * k + q];
    if (apq == 0) {
      return;
    }
    double tau = (a[q * k + q] - a[p * k + p]) / (2 * apq);
    double t = Math.signum(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
    if (tau == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(1 + t * t);
    double s = t * c;
    for (int i = 0; i < k; i++) {
      double aip = a[i * k + p];
      double aiq = a[i * k + q];
      a[i * k + p] = c * aip - s * aiq;
      a[i * k + q] = s * aip + c * aiq;
    }
    for (int j = 0; j < k; j++) {
      double apj = a[p * k + j];
      double aqj = a[q * k + j];
      a[p * k + j] = c * apj - s * aqj;
      a[q * k + j] = s * apj + c * aqj;
    }
    for (int i = 0; i < k; i++) {
      double vip = v[i * k + p];
      double viq = v[i * k + q];
      v[i * k + p] = c * vip - s * viq;
      v[i * k + q] = s * vip + c * viq;
    }
  }
}
