package io.mixlaw.law;

import java.util.List;

/**
 * A functional form for the loss of one validation target, and the procedure that fits it.
 *
 * <p>Implementations are immutable and thread-safe: one instance may fit many targets and many
 * bootstrap resamples concurrently. A fit that does not converge is still returned, with
 * {@link FitDiagnostics#converged()} false; callers decide whether to use it.
 */
public interface MixtureLaw {

  /** Short stable name of the law as it appears in tables and configs, e.g. {@code "camel"}. */
  String name();

  /**
   * Fits the law to the observations of one validation target.
   *
   * @param observations at least as many observations as the law has parameters, all with the
   *     same number of training domains
   * @return the fitted law with its diagnostics
   * @throws IllegalArgumentException if the observations are too few or inconsistent
   */
  FittedLaw fit(List<Observation> observations);
}
