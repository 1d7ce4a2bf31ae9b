package io.mixlaw.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MixlawCliTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = MixlawCli.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void topLevelHelpListsEveryStage() {
    Run result = run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("demo", "ingest", "fit", "optimize");
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "ingest", "fit", "optimize"})
  void everyStageHasHelpWithTheSharedOptions(String stage) {
    Run result = run(stage, "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Usage: mixlaw " + stage, "--config", "--warehouse", "KEY=VALUE");
  }

  @Test
  void missingConfigFileIsAUserErrorNamingTheFile() {
    Run result = run("fit", "--config", "no/such/file.conf");
    assertThat(result.exitCode()).isEqualTo(StageCommand.EXIT_USER_ERROR);
    assertThat(result.err()).contains("config file no/such/file.conf cannot be read", "Fix:", "--config");
  }

  @Test
  void malformedOverrideIsAUserErrorShowingTheExpectedForm() {
    Run result = run("ingest", "fit.bootstrap.samples");
    assertThat(result.exitCode()).isEqualTo(StageCommand.EXIT_USER_ERROR);
    assertThat(result.err()).contains("'fit.bootstrap.samples' is not of the form key=value");
  }

  @Test
  void misspeltOverrideKeyIsAUserErrorInsteadOfBeingIgnored() {
    Run result = run("fit", "fit.boostrap.samples=3");
    assertThat(result.exitCode()).isEqualTo(StageCommand.EXIT_USER_ERROR);
    assertThat(result.err()).contains("override 'fit.boostrap.samples' names an unknown config key");
  }

  @Test
  void unknownStageIsAUsageError() {
    Run result = run("train");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unmatched argument", "train");
  }
}
