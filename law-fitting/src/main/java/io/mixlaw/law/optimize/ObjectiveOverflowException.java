package io.mixlaw.law.optimize;

/**
 * Thrown when the mixture objective cannot be evaluated in double precision: {@code exp(b_v . r)}
 * exceeds {@link Double#MAX_VALUE} at every mixture the optimizer can start from, or at the mixture
 * whose optimality conditions are asked for. It happens only for degenerate fitted laws, whose
 * mixture coefficients are huge and cancel on the proxy capacities but not at the target capacity;
 * a ridge penalty on the coefficients (config key {@code fit.ridge}) prevents such fits.
 *
 * <p>It is an {@link ArithmeticException}, so that callers that skip unusable bootstrap fits can
 * catch it together with other arithmetic failures.
 */
public class ObjectiveOverflowException extends ArithmeticException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where the overflow occurs and how to avoid it
   */
  public ObjectiveOverflowException(String message) {
    super(message);
  }
}
