package io.mixlaw.law.evaluation;

import java.util.Objects;

/**
 * What happened when one law was fitted to the training runs of one fold and target.
 *
 * @param law name of the law
 * @param fold index of the fold
 * @param target validation target
 * @param observations training observations the law was given
 * @param status whether the fit converged, did not converge, or failed
 * @param rmse in-sample root mean squared error (nats); NaN when the fit failed
 * @param message the fit's diagnostics message, or why it failed; empty when converged cleanly
 */
public record FitRecord(
    String law,
    int fold,
    String target,
    int observations,
    Status status,
    double rmse,
    String message) {

  /** Outcome of a fit. */
  public enum Status {
    /** The optimizer met its convergence criterion; the fit's predictions are scored. */
    CONVERGED,
    /** The optimizer stopped early; the fit's predictions are scored and counted as such. */
    NOT_CONVERGED,
    /** The law rejected the data or predicted a non-finite loss; nothing of it is scored. */
    FAILED
  }

  /** Null-checks the names and normalises a null message to empty. */
  public FitRecord {
    Objects.requireNonNull(law, "law");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
  }
}
