package io.mixlaw.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mixlaw.core.MixlawException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixlawFormatReaderTest {

  /** Options of the sample files: tokens per step differs from the records' own. */
  private static SourceOptions sampleOptions() {
    return Fixtures.mixlaw().tokensPerStep(524_288L).build();
  }

  @Test
  void readsTheJsonLinesSampleWithDefaultsFromTheRecordAndTheOptions() {
    Path file = Fixtures.file("mixlaw-sample.jsonl");

    ParseResult result =
        EvalLogReader.read(LogSource.of(LogFormat.MIXLAW_JSONL, file, sampleOptions()));

    assertThat(result.rejected()).isEmpty();
    assertSampleRecords(result.records(), List.of(1L, 2L, 4L, 5L));
    assertThat(result.records())
        .allSatisfy(
            record -> {
              assertThat(record.format()).isEqualTo("MIXLAW_JSONL");
              assertThat(record.sourceFile()).isEqualTo(file.toString());
            });
    assertThat(result.records().get(0).raw())
        .startsWith("{\"run_id\": \"100M_a\"")
        .endsWith("\"value\": 3.25}");
  }

  @Test
  void readsTheCsvSampleIntoTheSameRecordsAsTheJsonLines() {
    Path file = Fixtures.file("mixlaw-sample.csv");

    ParseResult result =
        EvalLogReader.read(LogSource.of(LogFormat.MIXLAW_CSV, file, sampleOptions()));

    assertThat(result.rejected()).isEmpty();
    assertSampleRecords(result.records(), List.of(2L, 3L, 5L, 6L));
    assertThat(result.records().get(3).raw())
        .isEqualTo("\"70M_c\",70M,,,3000,,,\"code_val\",,2.5,1.0,");
  }

  private static void assertSampleRecords(List<EvalRecord> records, List<Long> lines) {
    assertThat(records)
        .extracting(
            EvalRecord::lineNumber,
            EvalRecord::runId,
            EvalRecord::scale,
            EvalRecord::totalParams,
            EvalRecord::activeParams,
            EvalRecord::step,
            EvalRecord::tokens,
            EvalRecord::target,
            EvalRecord::metric,
            EvalRecord::value)
        .containsExactly(
            tuple(
                lines.get(0),
                "100M_a",
                "100M",
                100_000_000L,
                100_000_000L,
                1000L,
                1_048_576_000L,
                "web_val",
                "loss",
                3.25),
            tuple(
                lines.get(1),
                "100M_a",
                "100M",
                100_000_000L,
                100_000_000L,
                2000L,
                2_097_152_000L,
                "web_val",
                "loss",
                3.0),
            tuple(
                lines.get(2),
                "1B-A200M_b",
                "1B-A200M",
                1_000_000_000L,
                200_000_000L,
                null,
                20_000_000_000L,
                "hellaswag",
                "acc",
                0.4125),
            tuple(
                lines.get(3),
                "70M_c",
                "70M",
                18_915_328L,
                18_915_328L,
                3000L,
                1_572_864_000L,
                "code_val",
                "loss",
                2.5));
    assertThat(records.get(0).mixture())
        .containsExactly(Map.entry("code", 0.25), Map.entry("web", 0.75));
    assertThat(records.get(2).mixture())
        .containsExactly(Map.entry("code", 0.5), Map.entry("web", 0.5));
    assertThat(records.get(3).mixture()).containsExactly(Map.entry("web", 1.0));
  }

  @Test
  void completesMissingConfiguredDomainsWithZeroWhenValidating() {
    ParseResult result =
        EvalLogReader.readAndValidate(
            LogSource.of(
                LogFormat.MIXLAW_JSONL, Fixtures.file("mixlaw-sample.jsonl"), sampleOptions()));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).hasSize(4);
    assertThat(result.records().get(3).mixture())
        .containsExactly(Map.entry("code", 0.0), Map.entry("web", 1.0));
  }

  @Test
  void takesScaleStepAndTokensFromTheOptionsWhenRecordsLeaveThemOut(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("one-scale.jsonl");
    Files.writeString(
        file,
        "{\"run_id\": \"r\", \"mixture\": {\"web\": 1}, \"target\": \"t\", \"value\": 1.5}\n",
        StandardCharsets.UTF_8);
    SourceOptions options = Fixtures.mixlaw().scale("70M").step(500).tokens(7_000L).build();

    EvalRecord record =
        EvalLogReader.read(LogSource.of(LogFormat.MIXLAW_JSONL, file, options)).records().get(0);

    assertThat(record.scale()).isEqualTo("70M");
    assertThat(record.totalParams()).isEqualTo(18_915_328L);
    assertThat(record.step()).isEqualTo(500L);
    assertThat(record.tokens()).isEqualTo(7_000L);
  }

  @Test
  void rejectsCsvRowsWithTheWrongFieldCountOrUnclosedQuotes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.csv");
    Files.writeString(
        file,
        "run_id,target,value,mix.web\nr1,t,2.0,1\nr2,t,2.0\n\"r3,t,2.0,1\nr4,t,2.0,heavy\n",
        StandardCharsets.UTF_8);

    ParseResult result =
        EvalLogReader.read(LogSource.of(LogFormat.MIXLAW_CSV, file, SourceOptions.defaults()));

    assertThat(result.records()).extracting(EvalRecord::runId).containsExactly("r1");
    assertThat(result.rejected())
        .extracting(RejectedRecord::lineNumber, RejectedRecord::reason)
        .containsExactly(
            tuple(
                3L,
                "expected 4 comma-separated fields as in the header, found 3; fix or remove"
                    + " the line"),
            tuple(4L, "a quote is not closed; fix the quoting of the line"),
            tuple(5L, "weight of domain 'web' is 'heavy', not a number; fix the mixture"));
  }

  @Test
  void failsOnACsvHeaderWithoutTheRequiredColumns(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.csv");
    Files.writeString(file, "run_id,value\nr1,2.0\n", StandardCharsets.UTF_8);
    LogSource source = LogSource.of(LogFormat.MIXLAW_CSV, file, SourceOptions.defaults());

    assertThatThrownBy(() -> EvalLogReader.read(source))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "CSV header of evaluation log "
                + file
                + " is invalid: it has no 'target' column"
                + " (columns: [run_id, value]). Fix: add the column; see"
                + " docs/eval-log-format.md for the layout");
  }

  @Test
  void failsOnTextThatIsNotUtf8NamingTheLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.jsonl");
    byte[] latin1 = "{\"run_id\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, latin1);
    LogSource source = LogSource.of(LogFormat.MIXLAW_JSONL, file, SourceOptions.defaults());

    assertThatThrownBy(() -> EvalLogReader.read(source))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "evaluation log "
                + file
                + " (config key 'path') cannot be decoded: line 1 is not"
                + " valid UTF-8. Fix: convert the file to UTF-8");
  }

  @Test
  void dropsAByteOrderMarkAtTheStartOfTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("log.jsonl");
    Files.writeString(
        file,
        "\uFEFF{\"run_id\": \"r\", \"total_params\": 5, \"tokens\": 9, \"mixture\": {\"web\": 1},"
            + " \"target\": \"t\", \"value\": 1.5}\n",
        StandardCharsets.UTF_8);

    ParseResult result =
        EvalLogReader.read(LogSource.of(LogFormat.MIXLAW_JSONL, file, SourceOptions.defaults()));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).extracting(EvalRecord::runId).containsExactly("r");
  }
}
