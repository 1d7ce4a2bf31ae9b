package io.mixlaw.jobs.optimize;

import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mixlaw optimize}: the loss-minimising mixture for the target, with bootstrap intervals. */
@Command(
    name = "optimize",
    mixinStandardHelpOptions = true,
    description = {
      "Solve for the mixture that minimises the predicted validation loss of the target model",
      "(optimize.target.total-params, active-params, tokens) under per-domain bounds",
      "(optimize.constraints), for the point fit and every bootstrap fit; write",
      "mixture_recommendations and a JSON summary, and print a readable table."
    })
public final class OptimizeCommand extends StageCommand {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "JSON summary file (overrides optimize.output)")
  Path output;

  @Override
  protected String stageName() {
    return "optimize";
  }

  @Override
  protected void run(StageContext context) {
    StageContext effective = context;
    if (output != null) {
      effective = context.withConfig(context.config().withValue(
          "optimize.output", com.typesafe.config.ConfigValueFactory.fromAnyRef(output.toString())));
    }
    Recommendation recommendation = OptimizeJob.run(effective);
    System.out.print(recommendation.summary());
  }
}
