package io.mixlaw.jobs.fit;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import picocli.CommandLine.Command;

/** {@code mixlaw fit}: point and bootstrap fits of the configured law into {@code law_fits}. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Fit the mixture law to run_results: a point fit and B bootstrap fits (whole runs resampled",
      "with replacement, stratified by scale) distributed over Spark partitions, into law_fits.",
      "Key settings: fit.law, fit.selection.mode/step/tokens, fit.bootstrap.samples,",
      "fit.bootstrap.seed, fit.targets, fit.scales, capacity.measure."
    })
public final class FitCommand extends StageCommand {

  @Override
  protected String stageName() {
    return "fit";
  }

  @Override
  protected void run(StageContext context) {
    FitJob.Summary summary = FitJob.run(context);
    System.out.printf(
        java.util.Locale.ROOT,
        "fit %s: %d runs x %d targets, %d fits written (%d not converged), run_results v%d%n",
        summary.fitId(), summary.runs(), summary.targets(), summary.fits(), summary.notConverged(),
        summary.runResultsVersion());
  }
}
