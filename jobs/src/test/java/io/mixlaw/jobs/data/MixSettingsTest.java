package io.mixlaw.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.config.ConfigLoader;
import io.mixlaw.tokenization.TokenizerSpec;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import io.mixlaw.tokenization.mix.MixtureRequest;
import io.mixlaw.tokenization.mix.ShardLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the tokenizer, tokenize and mix settings, without Spark. */
class MixSettingsTest {

  private static Config config(String... overrides) {
    return ConfigLoader.load(null, List.of(overrides));
  }

  @Test
  void defaultsApplyWhenTheConfigurationIsSilent() {
    MixSettings settings = MixSettings.from(config("home=/srv/mixlaw", "output-dir=/srv/out"));

    assertThat(settings.outputDirectory()).isEqualTo("/srv/out/shards");
    assertThat(settings.totalTokens()).isEqualTo(MixSettings.DEFAULT_TOTAL_TOKENS);
    assertThat(settings.sequenceLength()).isEqualTo(2048);
    assertThat(settings.sequencesPerShard()).isEqualTo(ShardLayout.DEFAULT_SEQUENCES_PER_SHARD);
    assertThat(settings.seed()).isEqualTo(MixtureRequest.DEFAULT_SEED);
    assertThat(settings.defaultMaxEpochs()).isEqualTo(1.0);
    assertThat(settings.mixtures()).isEmpty();
    assertThat(DataSettings.tokenizer(config())).isEqualTo(TokenizerSpec.tiktoken("o200k_base"));
  }

  @Test
  void theExampleConfigurationReadsAsDocumented() {
    Path conf = Path.of("..", "conf", "tokenize.conf").toAbsolutePath().normalize();
    Config config = ConfigLoader.load(conf, List.of("home=/repo", "output-dir=/repo/out"));

    MixSettings settings = MixSettings.from(config);
    List<CorpusInput> inputs = DataSettings.inputs(config);

    assertThat(inputs).hasSize(5);
    assertThat(inputs.get(4))
        .isEqualTo(
            new CorpusInput(
                "math",
                "/repo/examples/corpora/math/train.jsonl",
                CorpusFormat.JSON_LINES,
                "text",
                "id"));
    assertThat(settings.sequencesPerShard()).isEqualTo(64);
    assertThat(settings.mixtures()).hasSize(1);
    assertThat(settings.mixtures().get(0).weights()).containsEntry("code", 0.2).hasSize(5);
    assertThat(settings.domainMap()).containsEntry("symbolic", "code").hasSize(5);
    assertThat(settings.epochsFor(Map.of("code", 1.0, "math", 0.0)))
        .containsEntry("code", 1.0)
        .containsEntry("math", 1.0);
  }

  @Test
  void invalidSettingsNameTheKeyAndTheFix() {
    assertThatThrownBy(() -> MixSettings.from(config("mix.sequence-length=0")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "mix.sequence-length is 0: it must be at least 1. Fix: set mix.sequence-length in the"
                + " configuration");
    assertThatThrownBy(() -> MixSettings.from(config("mix.mixtures=[{weights {a = 1}}]")))
        .hasMessage(
            "mix.mixtures[0] lacks an id or weights: each configured mixture needs both. Fix: write"
                + " it as { id = demo, weights { english = 0.5, code = 0.5 } }");
    assertThatThrownBy(() -> DataSettings.inputs(config("tokenize.inputs=[{path = x.jsonl}]")))
        .hasMessage(
            "tokenize.inputs[0] has no domain: every corpus input needs a domain and a path. Fix:"
                + " add domain = ... to tokenize.inputs[0]");
    assertThatThrownBy(
            () ->
                DataSettings.inputs(
                    config("tokenize.inputs=[{domain = a, path = x, format = csv}]")))
        .hasMessage(
            "tokenize.inputs[0].format is invalid: unknown corpus format 'csv'; use one of [jsonl,"
                + " text, parquet]. Fix: set format = jsonl, text or parquet");
    assertThat(
            DataSettings.inputs(
                    config("home=/h", "tokenize.inputs=[{domain = a, path = \"d/p.parquet\"}]"))
                .get(0))
        .isEqualTo(CorpusInput.of("a", "/h/d/p.parquet", CorpusFormat.PARQUET));
    assertThat(
            DataSettings.inputs(config("tokenize.inputs=[{domain = a, path = \"s3a://bucket/x\"}]"))
                .get(0)
                .location())
        .isEqualTo("s3a://bucket/x");
  }

  @Test
  void aMisspeltKeyOfTheDataStagesIsNamedWithTheKeyItWasMeantToBe() {
    assertThatThrownBy(() -> MixSettings.from(config("mix.sequence-lenght=64")))
        .isInstanceOf(MixlawException.class)
        .hasMessageStartingWith(
            "configuration key mix.sequence-lenght is unknown (set on the command line)")
        .hasMessageEndingWith("Fix: did you mean mix.sequence-length? Fix its spelling");
    assertThatThrownBy(
            () ->
                DataSettings.inputs(
                    config("tokenize.inputs=[{domain = code, path = /data/code, txt-field = body}]")))
        .hasMessageStartingWith("configuration key tokenize.inputs[0].txt-field is unknown")
        .hasMessageEndingWith("Fix: did you mean tokenize.inputs[0].text-field? Fix its spelling");
    assertThatThrownBy(() -> DataSettings.tokenizer(config("tokenizer.nmae=cl100k_base")))
        .hasMessageEndingWith("Fix: did you mean tokenizer.name? Fix its spelling");
    assertThatThrownBy(
            () -> MixSettings.from(config("mix.mixtures=[{id = a, weights {x = 1}, budget = 5}]")))
        .hasMessageStartingWith("configuration key mix.mixtures[0].budget is unknown");
  }
}
