package io.mixlaw.law.optimize;

/**
 * The Karush-Kuhn-Tucker conditions of {@code min f(r)} subject to {@code l_j <= r_j <= u_j} and
 * {@code sum_j r_j = 1}, evaluated at one point.
 *
 * <p>With gradient g and multiplier mu of the sum constraint, the point is optimal for a convex f
 * when it is feasible and {@code g_j = mu} where {@code l_j < r_j < u_j}, {@code g_j >= mu} where
 * {@code r_j = l_j} and {@code g_j <= mu} where {@code r_j = u_j}.
 *
 * @param stationarity largest violation of the gradient conditions for the best multiplier, in
 *     units of the objective, &gt;= 0
 * @param primalViolation largest violation of a bound or of the sum constraint, &gt;= 0
 * @param multiplier the multiplier mu that minimizes the stationarity violation
 * @param satisfied whether both violations are within the optimizer's tolerances
 */
public record KktReport(
    double stationarity, double primalViolation, double multiplier, boolean satisfied) {

  /** Checks that the violations are non-negative and the multiplier is not NaN. */
  public KktReport {
    if (!(stationarity >= 0) || !(primalViolation >= 0)) {
      throw new IllegalArgumentException(
          "violations must be >= 0, got stationarity="
              + stationarity
              + ", primalViolation="
              + primalViolation);
    }
    if (Double.isNaN(multiplier)) {
      throw new IllegalArgumentException("multiplier must not be NaN");
    }
  }
}
