package io.mixlaw.jobs.optimize;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import com.typesafe.config.ConfigValueFactory;
import io.mixlaw.jobs.data.MixJob;
import io.mixlaw.jobs.data.TokenizeJob;
import io.mixlaw.jobs.data.VerifyShardsJob;
import io.mixlaw.jobs.fit.FitJob;
import io.mixlaw.jobs.ingest.IngestJob;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code mixlaw demo}: the whole main job on the bundled real data — ingest the Data Mixing Laws
 * 5-domain ladder, fit CAMEL with a parallel bootstrap, recommend the mixture of a 1B target, then
 * tokenize the bundled corpora and write verified shards for the configured mixture and for the
 * recommendation.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run ingest, fit and optimize on the bundled Data Mixing Laws 5-domain ladder, then",
      "tokenize, mix and verify-shards on the bundled corpora (conf/demo.conf unless --config",
      "is given), with an embedded local Spark; writes out/recommendation.json and out/shards."
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

    System.out.print(TokenizeJob.run(context.forStage("tokenize")).describe());
    // Shards for the mixture given in the config and for the recommendation just made.
    StageContext mixContext =
        context
            .forStage("mix")
            .withConfig(
                context.config().withValue(
                    "mix.recommendations", ConfigValueFactory.fromIterable(List.of(recommendation.id()))));
    System.out.print(MixJob.run(mixContext).describe());
    System.out.print(VerifyShardsJob.run(mixContext.forStage("verify-shards")).describe());
  }
}
