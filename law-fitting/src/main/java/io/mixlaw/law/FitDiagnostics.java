package io.mixlaw.law;

import java.io.Serializable;

/**
 * Quality and convergence of one fit, measured on the observations it was fitted to.
 *
 * @param observations number of observations used
 * @param rmse root mean squared error in loss space (nats)
 * @param mae mean absolute error in loss space (nats)
 * @param r2 coefficient of determination in loss space
 * @param spearman Spearman rank correlation between predicted and observed losses
 * @param converged whether the optimizer met its convergence criterion
 * @param iterations optimizer iterations of the kept fit
 * @param evaluations objective evaluations of the kept fit
 * @param cost final value of the fitting objective
 * @param message human-readable status, e.g. why the fit did not converge or which parameters the
 *     data could not identify; empty when converged with nothing to report
 */
public record FitDiagnostics(
    int observations,
    double rmse,
    double mae,
    double r2,
    double spearman,
    boolean converged,
    int iterations,
    int evaluations,
    double cost,
    String message)
    implements Serializable {

  /** Checks the counts and normalizes a null message to empty. */
  public FitDiagnostics {
    if (observations < 0 || iterations < 0 || evaluations < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0, got observations=" + observations + ", iterations="
              + iterations + ", evaluations=" + evaluations);
    }
    message = message == null ? "" : message;
  }
}
