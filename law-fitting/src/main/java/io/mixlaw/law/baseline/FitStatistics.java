package io.mixlaw.law.baseline;

import io.mixlaw.law.FitDiagnostics;
import org.hipparchus.stat.correlation.SpearmansCorrelation;

/** Loss-space quality measures of a fit: RMSE, MAE, R^2 and Spearman rank correlation. */
final class FitStatistics {

  private FitStatistics() {}

  /**
   * Builds the diagnostics of a fit from its predictions on its own observations.
   *
   * <p>R^2 is 1 - SS_res / SS_tot around the mean observed loss (NaN when all observed losses are
   * equal); Spearman's rho uses average ranks for ties (NaN for fewer than two observations or a
   * constant series).
   *
   * @param observed observed losses
   * @param predicted predicted losses, same length
   * @param solution the optimizer run that produced the predictions
   */
  static FitDiagnostics diagnostics(
      double[] observed, double[] predicted, HuberLeastSquares.Solution solution) {
    return diagnostics(
        observed,
        predicted,
        solution.converged(),
        solution.iterations(),
        solution.evaluations(),
        solution.cost(),
        solution.message());
  }

  /** Builds diagnostics from predictions and explicit optimizer status. */
  static FitDiagnostics diagnostics(
      double[] observed,
      double[] predicted,
      boolean converged,
      int iterations,
      int evaluations,
      double cost,
      String message) {
    if (observed.length != predicted.length) {
      throw new IllegalArgumentException(
          "observed and predicted lengths differ: " + observed.length + " vs " + predicted.length);
    }

    int n = observed.length;
    double squared = 0;
    double absolute = 0;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      double residual = predicted[i] - observed[i];
      squared += residual * residual;
      absolute += Math.abs(residual);
      mean += observed[i];
    }

    mean /= n;
    double total = 0;
    for (double value : observed) {
      total += (value - mean) * (value - mean);
    }

    double rmse = n == 0 ? Double.NaN : Math.sqrt(squared / n);
    double mae = n == 0 ? Double.NaN : absolute / n;
    double r2 = total > 0 ? 1 - squared / total : Double.NaN;
    return new FitDiagnostics(
        n,
        rmse,
        mae,
        r2,
        spearman(observed, predicted),
        converged,
        iterations,
        evaluations,
        cost,
        message);
  }

  static double spearman(double[] observed, double[] predicted) {
    if (observed.length < 2 || isConstant(observed) || isConstant(predicted)) {
      return Double.NaN;
    }

    return new SpearmansCorrelation().correlation(predicted, observed);
  }

  private static boolean isConstant(double[] values) {
    for (double value : values) {
      if (value != values[0]) {
        return false;
      }
    }

    return true;
  }
}
