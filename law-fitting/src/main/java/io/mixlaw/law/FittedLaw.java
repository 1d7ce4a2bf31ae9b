package io.mixlaw.law;

import java.util.List;

/** A law with its parameters fixed by a fit, able to predict the loss of unseen runs. */
public interface FittedLaw {

  /** Name of the law that produced this fit, as {@link MixtureLaw#name()}. */
  String lawName();

  /** Names of the parameters, in the order of {@link #parameters()}. */
  List<String> parameterNames();

  /** Returns a copy of the fitted parameter values. */
  double[] parameters();

  /**
   * Predicts the validation loss.
   *
   * @param capacity model capacity N, same units as the fitted observations
   * @param tokens training tokens D
   * @param weights mixture proportions, same domain order and length as the fitted observations
   * @return predicted loss in nats per token
   */
  double predict(double capacity, double tokens, double[] weights);

  /** Quality and convergence of the fit on its own observations. */
  FitDiagnostics diagnostics();
}
