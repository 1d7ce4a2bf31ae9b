package io.mixlaw.law.baseline;

import io.mixlaw.law.FitDiagnostics;
import io.mixlaw.law.FittedLaw;
import java.util.List;
import java.util.Objects;

/** A fitted law given by its parameter values and the closed form that predicts from them. */
final class BaselineFit implements FittedLaw {

  /** The law's closed form with its parameters bound. */
  @FunctionalInterface
  interface Predictor {
    double predict(double capacity, double tokens, double[] weights);
  }

  private final String lawName;
  private final List<String> parameterNames;
  private final double[] parameters;
  private final int domainCount;
  private final Predictor predictor;
  private final FitDiagnostics diagnostics;

  /**
   * @param domainCount number of mixture weights predict expects, or -1 when the law ignores them
   */
  BaselineFit(
      String lawName,
      List<String> parameterNames,
      double[] parameters,
      int domainCount,
      Predictor predictor,
      FitDiagnostics diagnostics) {
    this.lawName = Objects.requireNonNull(lawName, "lawName");
    this.parameterNames = List.copyOf(parameterNames);
    this.parameters = parameters.clone();
    if (this.parameterNames.size() != this.parameters.length) {
      throw new IllegalArgumentException(
          "got "
              + this.parameterNames.size()
              + " parameter names for "
              + this.parameters.length
              + " values");
    }

    this.domainCount = domainCount;
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
  }

  @Override
  public String lawName() {
    return lawName;
  }

  @Override
  public List<String> parameterNames() {
    return parameterNames;
  }

  @Override
  public double[] parameters() {
    return parameters.clone();
  }

  @Override
  public double predict(double capacity, double tokens, double[] weights) {
    Arguments.checkPoint(capacity, tokens, weights, domainCount);
    return predictor.predict(capacity, tokens, weights);
  }

  @Override
  public FitDiagnostics diagnostics() {
    return diagnostics;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(lawName).append('[');
    for (int i = 0; i < parameters.length; i++) {
      text.append(i == 0 ? "" : ", ")
          .append(parameterNames.get(i))
          .append('=')
          .append(parameters[i]);
    }

    return text.append("; ").append(diagnostics).append(']').toString();
  }
}
