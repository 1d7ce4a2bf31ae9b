package io.mixlaw.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mixlaw.core.MixlawException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SourceConfigTest {

  private static Config parse(String hocon) {
    return ConfigFactory.parseString(hocon);
  }

  @Test
  void readsEveryOptionFromConfig() {
    SourceOptions options =
        SourceOptions.fromConfig(
            parse(
                "domains = [academic, prose]\n"
                    + "scales { \"70M\" { total = 18915328 }, \"1B-A200M\" { total = 1e9, active ="
                    + " 200000000 }, \"1.5B\" = 1500000000 }\n"
                    + "tokens-per-step = 1048576\n"
                    + "drop-run-ids-above = 900\n"
                    + "weight-tolerance = 0.005\n"
                    + "scale = 70M\n"
                    + "step = 1000\n"
                    + "tokens = 1048576000\n"));

    assertThat(options.domains()).containsExactly("academic", "prose");
    assertThat(options.scales())
        .containsExactly(
            Map.entry("1.5B", ParameterCounts.dense(1_500_000_000L)),
            Map.entry("1B-A200M", new ParameterCounts(1_000_000_000L, 200_000_000L)),
            Map.entry("70M", ParameterCounts.dense(18_915_328L)));
    assertThat(options.tokensPerStep()).isEqualTo(OptionalLong.of(1_048_576L));
    assertThat(options.dropRunIdsAbove()).isEqualTo(OptionalLong.of(900));
    assertThat(options.weightTolerance()).isEqualTo(0.005);
    assertThat(options.scale()).isEqualTo(Optional.of("70M"));
    assertThat(options.step()).isEqualTo(OptionalLong.of(1000));
    assertThat(options.tokens()).isEqualTo(OptionalLong.of(1_048_576_000L));
  }

  @Test
  void leavesUnsetOptionsEmptyWithTheDefaultTolerance() {
    SourceOptions options = SourceOptions.fromConfig(parse("path = x.jsonl"));

    assertThat(options).isEqualTo(SourceOptions.defaults());
    assertThat(options.weightTolerance()).isEqualTo(1e-6);
    assertThat(options.domains()).isEmpty();
    assertThat(options.tokensPerStep()).isEmpty();
  }

  @Test
  void namesTheKeyOfAnInvalidOption() {
    assertThatThrownBy(() -> SourceOptions.fromConfig(parse("tokens-per-step = 0")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest option 'tokens-per-step' is invalid: it is 0, below 1. Fix: give at least 1");
    assertThatThrownBy(
            () -> SourceOptions.fromConfig(parse("scales { \"70M\" { total = 10, active = 20 } }")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest option 'scales.70M' is invalid: it has active parameters 20 above total"
                + " parameters 10. Fix: set active <= total (equal for dense models)");
    assertThatThrownBy(() -> SourceOptions.fromConfig(parse("step = 12.5")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest option 'step' is invalid: it is 12.5, not a whole number. Fix: give a whole"
                + " number");
    assertThatThrownBy(() -> SourceOptions.fromConfig(parse("domains = [a, b, a]")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest option 'domains' is invalid: domain 'a' is listed twice in [a, b, a]."
                + " Fix: list each domain name once");
  }

  @Test
  void buildsSourcesFromConfigResolvingPathsAgainstTheBaseFolder() {
    Path base = Path.of("/data/logs");

    LogSource mixingLaws =
        LogSource.fromConfig(
            parse(
                "format = mixing-laws, path = 5Mix/70M.txt, domains = [a, b],"
                    + " tokens-per-step = 1048576"),
            base);
    LogSource regmix =
        LogSource.fromConfig(
            parse("mixtures = m.csv, losses = \"/abs/l.csv\", scale = 1M, tokens = 1000"), base);

    assertThat(mixingLaws.format()).isEqualTo(LogFormat.MIXING_LAWS);
    assertThat(mixingLaws.path()).isEqualTo(Path.of("/data/logs/5Mix/70M.txt"));
    assertThat(mixingLaws.secondPath()).isNull();
    assertThat(mixingLaws.options().domains()).containsExactly("a", "b");
    assertThat(regmix.format()).isEqualTo(LogFormat.REGMIX);
    assertThat(regmix.path()).isEqualTo(Path.of("/data/logs/m.csv"));
    assertThat(regmix.secondPath()).isEqualTo(Path.of("/abs/l.csv"));
  }

  @Test
  void detectsTheFormatOfAConfiguredPathWhenTheKeyIsAbsent() {
    LogSource source = LogSource.fromConfig(parse("path = mixlaw-sample.csv"), Fixtures.DIR);

    assertThat(source.format()).isEqualTo(LogFormat.MIXLAW_CSV);
    assertThat(source.path()).isEqualTo(Fixtures.file("mixlaw-sample.csv"));
  }

  @Test
  void namesTheMissingOptionOfAFormat() {
    Path path = Path.of("70M.txt");

    assertThatThrownBy(
            () ->
                LogSource.of(
                    LogFormat.MIXING_LAWS, path, SourceOptions.builder().tokensPerStep(1).build()))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest source 70M.txt (MIXING_LAWS) has no 'domains' option: the MIXING_LAWS format"
                + " does not record it. Fix: list the training domains in the order of the"
                + " proportions in the run names");
    assertThatThrownBy(
            () ->
                LogSource.regmix(
                    path, path, SourceOptions.builder().scale("1M").step(1000).build()))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest source 70M.txt (REGMIX) has no 'tokens' option: the REGMIX format does not"
                + " record it. Fix: give the training tokens of the runs, or both 'step' and"
                + " 'tokens-per-step'");
  }

  @Test
  void rejectsUnknownFormatNamesAndMissingPaths() {
    assertThatThrownBy(
            () -> LogSource.fromConfig(parse("format = parquet, path = x"), Path.of(".")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest source key 'format' is invalid: 'parquet' is not a known evaluation-log"
                + " format. Fix: use one of [mixlaw-jsonl, mixlaw-csv, mixing-laws, regmix] or"
                + " leave the key out to detect the format");
    assertThatThrownBy(
            () -> LogSource.fromConfig(parse("format = regmix, mixtures = m.csv"), Path.of("/b")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "ingest source has no 'losses' key: the reader needs to know where the log is. Fix:"
                + " set 'losses' to the file (relative paths start at /b)");
  }

  @Test
  void checksThatPathsFitTheFormat() {
    Path path = Path.of("a.csv");
    SourceOptions options = SourceOptions.defaults();

    assertThatThrownBy(() -> new LogSource(LogFormat.MIXLAW_CSV, path, path, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MIXLAW_CSV reads a single path; secondPath must be null, got a.csv");
    assertThatThrownBy(() -> new LogSource(LogFormat.REGMIX, path, null, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a RegMix source needs the losses CSV as secondPath besides the mixtures CSV a.csv");
  }

  @Test
  void copiesDomainListsAndRejectsDuplicates() {
    List<String> names = new java.util.ArrayList<>(List.of("a", "b"));
    SourceOptions options = SourceOptions.builder().domains(names).build();
    names.add("c");

    assertThat(options.domains()).containsExactly("a", "b");
    assertThatThrownBy(() -> SourceOptions.builder().domains(List.of("a", "a")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domain 'a' is listed twice in [a, a]");
    assertThatThrownBy(() -> SourceOptions.builder().weightTolerance(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weightTolerance must be finite and at least 0, got -1.0");
  }
}
