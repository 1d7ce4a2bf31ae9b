package io.mixlaw.jobs.fit;

import io.mixlaw.law.FitDiagnostics;
import io.mixlaw.law.FittedLaw;
import java.io.Serializable;
import java.util.List;

/**
 * One row of {@code law_fits} as computed on an executor.
 *
 * @param bootstrapIndex 0 for the point fit, 1..B for bootstrap fits
 * @param target validation target
 * @param law law name
 * @param parameterNames names of the parameters
 * @param parameters fitted values
 * @param runs distinct runs in the (re)sample
 * @param diagnostics fit quality and convergence
 */
public record FitRow(
    int bootstrapIndex,
    String target,
    String law,
    List<String> parameterNames,
    double[] parameters,
    int runs,
    FitDiagnostics diagnostics)
    implements Serializable {

  /** Copies the parameters. */
  public FitRow {
    parameterNames = List.copyOf(parameterNames);
    parameters = parameters.clone();
  }

  /** Builds the row of a fitted law. */
  static FitRow of(int bootstrapIndex, String target, FittedLaw fit, int runs) {
    return new FitRow(bootstrapIndex, target, fit.lawName(), fit.parameterNames(), fit.parameters(), runs, fit.diagnostics());
  }

  @Override
  public double[] parameters() {
    return parameters.clone();
  }
}
