package io.mixlaw.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mixlaw.core.MixlawException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFormatTest {

  @Test
  void detectsEveryFormatOfTheFixtures() {
    assertThat(LogFormat.detect(Fixtures.file("mixlaw-sample.jsonl")))
        .isEqualTo(LogFormat.MIXLAW_JSONL);
    assertThat(LogFormat.detect(Fixtures.file("mixlaw-sample.csv")))
        .isEqualTo(LogFormat.MIXLAW_CSV);
    assertThat(LogFormat.detect(Fixtures.file("mixinglaws-5mix-70M.txt")))
        .isEqualTo(LogFormat.MIXING_LAWS);
    assertThat(LogFormat.detect(Fixtures.file("regmix-train-mixture-1m.csv")))
        .isEqualTo(LogFormat.REGMIX);
    assertThat(LogFormat.detect(Fixtures.file("regmix-train-pile-loss-1m.csv")))
        .isEqualTo(LogFormat.REGMIX);
  }

  @Test
  void detectsByContentWhenTheExtensionIsUnknown(@TempDir Path dir) throws IOException {
    Path jsonl = dir.resolve("eval.out");
    Files.writeString(jsonl, "\n{\"run_id\": \"r\"}\n", StandardCharsets.UTF_8);
    Path tabs = dir.resolve("losses");
    Files.writeString(tabs, "/ckpt/70M_1-1/100\t/v/a.b.bin\t2.0\n", StandardCharsets.UTF_8);

    assertThat(LogFormat.detect(jsonl)).isEqualTo(LogFormat.MIXLAW_JSONL);
    assertThat(LogFormat.detect(tabs)).isEqualTo(LogFormat.MIXING_LAWS);
  }

  @Test
  void detectsAFolderByItsFirstLogFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("README"), "notes", StandardCharsets.UTF_8);
    Files.copy(Fixtures.file("mixlaw-sample.csv"), dir.resolve("b.csv"));
    Files.copy(Fixtures.file("mixlaw-sample.jsonl"), dir.resolve("a.jsonl"));

    assertThat(LogFormat.detect(dir)).isEqualTo(LogFormat.MIXLAW_JSONL);
  }

  @Test
  void refusesAnExtensionThatContradictsTheContent(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.jsonl");
    Files.writeString(file, "run_id,target,value\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> LogFormat.detect(file))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "cannot tell the evaluation-log format of "
                + file
                + ": its extension and first line"
                + " 'run_id,target,value' match none of [MIXLAW_JSONL] (the first line looks like"
                + " MIXLAW_CSV). Fix: set the source's 'format' key to one of [MIXLAW_JSONL,"
                + " MIXLAW_CSV, MIXING_LAWS, REGMIX] or fix the file (see"
                + " docs/eval-log-format.md)");
  }

  @Test
  void namesTheFileWhenNoFormatMatches(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello world\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> LogFormat.detect(file))
        .isInstanceOf(MixlawException.class)
        .hasMessageStartingWith(
            "cannot tell the evaluation-log format of "
                + file
                + ": its extension and first line"
                + " 'hello world' match none of [MIXLAW_JSONL, MIXLAW_CSV, MIXING_LAWS, REGMIX].")
        .hasMessageEndingWith(
            "Fix: set the source's 'format' key to one of [MIXLAW_JSONL, MIXLAW_CSV, MIXING_LAWS,"
                + " REGMIX] or fix the file (see docs/eval-log-format.md)");
  }

  @Test
  void namesMissingAndEmptyFiles(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.jsonl");
    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "\n\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> LogFormat.detect(missing))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "cannot tell the evaluation-log format of "
                + missing
                + ": the file does not exist."
                + " Fix: check the source's 'path' key");
    assertThatThrownBy(() -> LogFormat.detect(empty))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "cannot tell the evaluation-log format of "
                + empty
                + ": the file is empty. Fix:"
                + " check the source's 'path' key or wait until the log is written");
  }
}
