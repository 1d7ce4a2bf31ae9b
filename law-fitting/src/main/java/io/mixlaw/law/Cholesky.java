package io.mixlaw.law;

/** In-place Cholesky solve of small dense symmetric positive definite systems. */
final class Cholesky {

  private Cholesky() {}

  /**
   * Solves {@code A x = b} for a symmetric positive definite A given by its upper triangle.
   *
   * @param a row-major k x k matrix whose upper triangle (diagonal included) holds A; overwritten
   *     by the Cholesky factor R with {@code A = R^T R}
   * @param k order of the system
   * @param b right-hand side, overwritten by the solution
   * @return false, leaving a and b partly overwritten, when a pivot is not positive (A is not
   *     numerically positive definite)
   */
  static boolean solve(double[] a, int k, double[] b) {
    for (int j = 0; j < k; j++) {
      double d = a[j * k + j];
      for (int s = 0; s < j; s++) {
        double v = a[s * k + j];
        d -= v * v;
      }
      if (!(d > 0)) {
        return false;
      }
      double root = Math.sqrt(d);
      a[j * k + j] = root;
      for (int c = j + 1; c < k; c++) {
        double v = a[j * k + c];
        for (int s = 0; s < j; s++) {
          v -= a[s * k + j] * a[s * k + c];
        }
        a[j * k + c] = v / root;
      }
    }
    for (int j = 0; j < k; j++) {
      double v = b[j];
      for (int s = 0; s < j; s++) {
        v -= a[s * k + j] * b[s];
      }
      b[j] = v / a[j * k + j];
    }
    for (int j = k - 1; j >= 0; j--) {
      double v = b[j];
      for (int s = j + 1; s < k; s++) {
        v -= a[j * k + s] * b[s];
      }
      b[j] = v / a[j * k + j];
    }
    return true;
  }
}
