package io.mixlaw.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.mixlaw.core.MixlawException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigKeysTest {

  private static final Set<String> MIX = Set.of("total-tokens", "sequence-length", "max-epochs");

  @TempDir Path folder;

  @Test
  void aMisspeltKeyInAFileIsNamedWithItsLineAndTheKeyItWasMeantToBe() throws IOException {
    Path file = folder.resolve("run.conf");
    Files.writeString(
        file,
        "mixlaw {\n  mix {\n    total-tokens = 1000\n    sequence-lenght = 64\n  }\n}\n",
        StandardCharsets.UTF_8);
    Config config = ConfigLoader.load(file, List.of());

    assertThatThrownBy(() -> ConfigKeys.requireKnown(config, "mix", MIX))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "configuration key mix.sequence-lenght is unknown ("
                + file
                + ", line 4): the keys of mix are max-epochs, sequence-length, total-tokens. Fix:"
                + " did you mean mix.sequence-length? Fix its spelling");
  }

  @Test
  void anUnknownKeyOnTheCommandLineWithNoNearKeyIsToBeRemoved() {
    Config config = ConfigLoader.load(null, List.of("mix.shuffle=true"));

    assertThatThrownBy(() -> ConfigKeys.requireKnown(config, "mix", MIX))
        .hasMessage(
            "configuration key mix.shuffle is unknown (set on the command line): the keys of mix"
                + " are max-epochs, sequence-length, total-tokens. Fix: remove it, or fix its"
                + " spelling");
  }

  @Test
  void knownKeysAndTheKeysBelowThemPassAndAMissingSectionPasses() {
    Config config =
        ConfigLoader.load(
            null, List.of("mix.total-tokens=5", "mix.max-epochs.any-domain-name=2"));

    assertThatCode(() -> ConfigKeys.requireKnown(config, "mix", MIX)).doesNotThrowAnyException();
    assertThatCode(() -> ConfigKeys.requireKnown(config, "tokenize", Set.of("inputs")))
        .doesNotThrowAnyException();
  }

  @Test
  void theNearestKeyIsOfferedOnlyWithinThreeEdits() {
    assertThat(ConfigKeys.nearest("totl-tokens", MIX)).isEqualTo("total-tokens");
    assertThat(ConfigKeys.nearest("Total-Tokens", MIX)).isEqualTo("total-tokens");
    assertThat(ConfigKeys.nearest("tokens", MIX)).isNull();
  }
}
