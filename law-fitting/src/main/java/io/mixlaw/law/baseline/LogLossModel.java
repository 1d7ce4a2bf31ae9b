package io.mixlaw.law.baseline;

/**
 * A law evaluated on the observations of one fit, in the unconstrained parameterization its fitter
 * works in (logarithms of positive parameters, exponents as they are).
 */
interface LogLossModel {

  /** Number of free parameters. */
  int parameterCount();

  /** Number of observations the model is evaluated on. */
  int observationCount();

  /**
   * Returns the natural logarithm of the predicted loss of one observation.
   *
   * @param theta parameters, length {@link #parameterCount()}
   * @param observation index of the observation, in [0, {@link #observationCount()})
   * @param gradient receives d ln(predicted loss) / d theta, length {@link #parameterCount()}
   * @return ln of the predicted loss
   */
  double logLoss(double[] theta, int observation, double[] gradient);
}
