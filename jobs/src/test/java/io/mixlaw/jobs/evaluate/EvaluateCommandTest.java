package io.mixlaw.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.config.ConfigLoader;
import io.mixlaw.core.ingest.LogFormat;
import io.mixlaw.core.ingest.LogSource;
import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.MixlawCli;
import io.mixlaw.law.evaluation.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvaluateCommandTest {

  private static Config parse(String... args) {
    EvaluateCommand command = new EvaluateCommand();
    new CommandLine(command).parseArgs(args);
    Config base =
        ConfigLoader.load(null, List.of("home=" + TestSpark.repositoryRoot(), "output-dir=/tmp/x"));
    return command.withOptions(base);
  }

  @Test
  void optionsBecomeEvaluateSettings() {
    Config config =
        parse(
            "--protocol",
            "scale-split",
            "--train-scales",
            "70M,160M",
            "--test-scales",
            "410M",
            "--laws",
            "camel,regmix-gbt",
            "--step",
            "20000",
            "--metric-bootstrap",
            "10",
            "--predictions-out",
            "p.csv");

    EvaluateSettings settings = EvaluateSettings.fromConfig(config);

    assertThat(settings.toProtocol())
        .isEqualTo(new Protocol.ScaleSplit(List.of("70M", "160M"), List.of("410M")));
    assertThat(settings.laws()).containsExactly("camel", "regmix-gbt");
    assertThat(settings.selection().describe()).isEqualTo("step=20000");
    assertThat(settings.metricResamples()).isEqualTo(10);
    assertThat(settings.predictionsOut()).isEqualTo(Path.of("p.csv"));
    assertThat(settings.reportOut()).isEqualTo(Path.of("/tmp/x/law-benchmark.md"));
  }

  @Test
  void regmixLogsPairTheMixturesWithTheLosses() {
    Config config =
        parse(
            "--logs",
            "examples/regmix/train_mixture_1m.csv",
            "--losses",
            "examples/regmix/train_pile_loss_1m.csv",
            "--format",
            "regmix",
            "--scale",
            "1M",
            "evaluate.log-options.step=1000");

    List<LogSource> sources =
        EvaluateJob.sources(
            com.typesafe.config.ConfigFactory.parseString(
                    "evaluate.log-options { step = 1000, tokens-per-step = 1048576 }")
                .withFallback(config));

    assertThat(sources).hasSize(1);
    LogSource source = sources.get(0);
    assertThat(source.format()).isEqualTo(LogFormat.REGMIX);
    assertThat(source.path()).endsWith(Path.of("examples/regmix/train_mixture_1m.csv"));
    assertThat(source.secondPath()).endsWith(Path.of("examples/regmix/train_pile_loss_1m.csv"));
    assertThat(source.options().scale()).contains("1M");
  }

  @Test
  void defaultsAreLeaveLargestScaleOutOverTheMixtureLaws() {
    EvaluateSettings settings = EvaluateSettings.fromConfig(parse());

    assertThat(settings.protocol()).isEqualTo("leave-largest-scale-out");
    assertThat(settings.laws()).containsExactlyElementsOf(EvaluateSettings.DEFAULT_LAWS);
    assertThat(settings.metricResamples()).isEqualTo(1000);
    assertThat(EvaluateJob.sources(parse())).isEmpty();
  }

  @Test
  void unknownLawsAndMissingScalesAreUserErrors() {
    assertThatThrownBy(() -> EvaluateSettings.fromConfig(parse("--laws", "camel,gpt")))
        .isInstanceOf(MixlawException.class)
        .hasMessageContaining("names an unknown law 'gpt'");
    assertThatThrownBy(() -> EvaluateSettings.fromConfig(parse("--protocol", "scale-split")))
        .isInstanceOf(MixlawException.class)
        .hasMessageContaining("protocol scale-split needs evaluate.train-scales");
  }

  @Test
  void helpListsTheOptions() {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = MixlawCli.execute("evaluate-laws", "--help");
    } finally {
      System.setOut(old);
    }

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "Usage: mixlaw evaluate-laws",
            "--protocol",
            "--train-scales",
            "--test-scales",
            "--laws",
            "--logs",
            "--format",
            "--predictions-out");
  }
}
