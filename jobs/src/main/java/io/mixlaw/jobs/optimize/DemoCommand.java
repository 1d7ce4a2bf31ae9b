package io.mixlaw.jobs.optimize;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.jobs.fit.FitJob;
import io.mixlaw.jobs.ingest.IngestJob;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code mixlaw demo}: the whole main job on the bundled real data — ingest the Data Mixing Laws
 * 5-domain ladder, fit CAMEL with a parallel bootstrap, and recommend the mixture of a 1B target.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run ingest, fit and optimize on the bundled Data Mixing Laws 5-domain ladder",
      "(conf/demo.conf unless --config is given) with an embedded local Spark, and write",
      "out/recommendation.json."
    })
public final class DemoCommand extends StageCommand {

  @Override
  protected Path defaultConfigFile() {
    return Path.of(System.getProperty("mixlaw.home", "."), "conf", "demo.conf");
  }

  @Override
  protected String stageName() {
    return "demo";
  }

  @Override
  protected void run(StageContext context) {
    IngestJob.Summary ingest = IngestJob.run(context.forStage("ingest"));
    System.out.print(ingest.describe());
    FitJob.Summary fit = FitJob.run(context.forStage("fit"));
    System.out.printf(java.util.Locale.ROOT, "fit %s: %d runs x %d targets, %d fits (%d not converged)%n",
        fit.fitId(), fit.runs(), fit.targets(), fit.fits(), fit.notConverged());
    Recommendation recommendation = OptimizeJob.run(context.forStage("optimize"));
    System.out.print(recommendation.summary());
    System.out.println("Summary written to " + context.config().getString("optimize.output"));
  }
}
