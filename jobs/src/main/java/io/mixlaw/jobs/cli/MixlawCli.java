package io.mixlaw.jobs.cli;

import io.mixlaw.jobs.data.MixCommand;
import io.mixlaw.jobs.data.TokenizeCommand;
import io.mixlaw.jobs.data.VerifyShardsCommand;
import io.mixlaw.jobs.evaluate.EvaluateCommand;
import io.mixlaw.jobs.fit.FitCommand;
import io.mixlaw.jobs.ingest.IngestCommand;
import io.mixlaw.jobs.optimize.DemoCommand;
import io.mixlaw.jobs.optimize.OptimizeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/mixlaw} and of {@code spark-submit}: one subcommand per stage. */
@Command(
    name = "mixlaw",
    mixinStandardHelpOptions = true,
    version = "mixlaw 0.1.0",
    description = "Chooses the data mixture of a large model from a ladder of small proxy runs.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      FitCommand.class,
      OptimizeCommand.class,
      EvaluateCommand.class,
      TokenizeCommand.class,
      MixCommand.class,
      VerifyShardsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class MixlawCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int execute(String... args) {
    return new CommandLine(new MixlawCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing stage: choose one of "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
