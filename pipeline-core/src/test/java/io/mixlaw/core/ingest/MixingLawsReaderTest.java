package io.mixlaw.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.core.MixlawException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixingLawsReaderTest {

  private static final String CHECKPOINTS = "/ckpts/Pile100B//";
  private static final String VALIDATION = "\t/data/pythia-pile.valid.domains//pythia-pile.valid.";

  private static LogSource fiveMix(Path file) {
    return LogSource.of(
        LogFormat.MIXING_LAWS, file, Fixtures.mixingLaws(Fixtures.FIVE_MIX_DOMAINS).build());
  }

  @Test
  void parsesRunStepDomainMixtureAndLossOfFiveMixLines() {
    Path file = Fixtures.file("mixinglaws-5mix-70M.txt");

    ParseResult result = EvalLogReader.read(fiveMix(file));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).hasSize(24);
    EvalRecord first = result.records().get(0);
    assertThat(first.sourceFile()).isEqualTo(file.toString());
    assertThat(first.lineNumber()).isEqualTo(1);
    assertThat(first.format()).isEqualTo("MIXING_LAWS");
    assertThat(first.runId()).isEqualTo("70M_3");
    assertThat(first.scale()).isEqualTo("70M");
    assertThat(first.totalParams()).isEqualTo(18_915_328L);
    assertThat(first.activeParams()).isEqualTo(18_915_328L);
    assertThat(first.step()).isEqualTo(13_000L);
    assertThat(first.tokens()).isEqualTo(13_000L * 1_048_576L);
    assertThat(first.mixture())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "academic", 0.125,
                    "prose", 0.0,
                    "dialogue", 0.0,
                    "symbolic", 0.125,
                    "internet", 0.75)));
    assertThat(first.target()).isEqualTo("Github");
    assertThat(first.metric()).isEqualTo("loss");
    assertThat(first.value()).isEqualTo(1.870334640688259);
    assertThat(first.raw())
        .startsWith("/cpfs01/projects-HDD/")
        .endsWith("pythia-pile.valid.Github.bin\t1.870334640688259");

    EvalRecord last = result.records().get(23);
    assertThat(last.lineNumber()).isEqualTo(24);
    assertThat(last.step()).isEqualTo(21_000L);
    assertThat(last.target()).isEqualTo("Books3");
    assertThat(last.value()).isEqualTo(3.8495260099085367);
    assertThat(result.records().stream().map(EvalRecord::target).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("Github", "Pile-CC", "Books3");
  }

  @Test
  void readsRunsOfSeveralMixturesAtTheLargerScale() {
    ParseResult result = EvalLogReader.read(fiveMix(Fixtures.file("mixinglaws-5mix-160M.txt")));

    assertThat(result.records()).hasSize(12);
    EvalRecord run2 = result.records().get(0);
    assertThat(run2.runId()).isEqualTo("160M_2");
    assertThat(run2.totalParams()).isEqualTo(85_056_000L);
    assertThat(run2.step()).isEqualTo(9_000L);
    assertThat(run2.mixture())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "academic", 0.5,
                    "prose", 0.1875,
                    "dialogue", 0.0625,
                    "symbolic", 0.25,
                    "internet", 0.0)));
    EvalRecord run1 = result.records().get(6);
    assertThat(run1.lineNumber()).isEqualTo(7);
    assertThat(run1.runId()).isEqualTo("160M_1");
    assertThat(run1.step()).isEqualTo(4_000L);
    assertThat(run1.tokens()).isEqualTo(4_194_304_000L);
    assertThat(run1.mixture())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "academic", 0.0625,
                    "prose", 0.09375,
                    "dialogue", 0.03125,
                    "symbolic", 0.0625,
                    "internet", 0.75)));
    assertThat(run1.value()).isEqualTo(2.2353515625);
  }

  @Test
  void quarantinesRedPajamaRun999WhoseLabelSumsTo10199375() {
    SourceOptions options = Fixtures.mixingLaws(Fixtures.RED_PAJAMA_DOMAINS).build();
    LogSource source =
        LogSource.of(LogFormat.MIXING_LAWS, Fixtures.file("mixinglaws-redpajama-70M.txt"), options);

    ParseResult parsed = EvalLogReader.read(source);
    ParseResult validated = EvalLogReader.readAndValidate(source);

    assertThat(parsed.records()).hasSize(37);
    assertThat(parsed.rejected()).isEmpty();
    EvalRecord run999 = parsed.records().get(14);
    assertThat(run999.lineNumber()).isEqualTo(15);
    assertThat(run999.runId()).isEqualTo("70M_RP_999");
    assertThat(run999.scale()).isEqualTo("70M");
    assertThat(run999.step()).isEqualTo(16_000L);
    assertThat(run999.target()).isEqualTo("Github");
    assertThat(run999.value()).isEqualTo(2.7830884678643724);
    assertThat(run999.mixture())
        .containsExactly(
            Map.entry("rp0", 0.66796875),
            Map.entry("rp1", 0.168375),
            Map.entry("rp2", 0.046875),
            Map.entry("rp3", 0.04296875),
            Map.entry("rp4", 0.04296875),
            Map.entry("rp5", 0.02734375),
            Map.entry("rp6", 0.0234375));

    assertThat(validated.records()).hasSize(33);
    assertThat(validated.rejected())
        .extracting(RejectedRecord::lineNumber)
        .containsExactly(15L, 22L, 31L, 33L);
    assertThat(validated.rejected())
        .allSatisfy(
            rejected ->
                assertThat(rejected.reason())
                    .isEqualTo(
                        "mixture weights sum to 1.0199375, not 1 within 0.000001; the record is"
                            + " kept out of the fit — fix the mixture or raise"
                            + " 'weight-tolerance'"));
  }

  @Test
  void keepsExactDuplicateLinesAsSeparateValidRecords() {
    SourceOptions options = Fixtures.mixingLaws(Fixtures.RED_PAJAMA_DOMAINS).build();
    LogSource source =
        LogSource.of(LogFormat.MIXING_LAWS, Fixtures.file("mixinglaws-redpajama-70M.txt"), options);

    List<EvalRecord> run14 =
        EvalLogReader.readAndValidate(source).records().stream()
            .filter(record -> record.runId().equals("70M_RP_14"))
            .collect(Collectors.toList());

    assertThat(run14)
        .extracting(EvalRecord::lineNumber)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(run14.get(0).raw()).isEqualTo(run14.get(4).raw());
    assertThat(run14.get(0).value()).isEqualTo(2.4161065599696356).isEqualTo(run14.get(4).value());
  }

  @Test
  void reportsRunsAboveTheDropOptionAsRejectedInsteadOfLosingThem() {
    SourceOptions options =
        Fixtures.mixingLaws(Fixtures.RED_PAJAMA_DOMAINS).dropRunIdsAbove(900).build();
    LogSource source =
        LogSource.of(LogFormat.MIXING_LAWS, Fixtures.file("mixinglaws-redpajama-70M.txt"), options);

    ParseResult result = EvalLogReader.readAndValidate(source);

    assertThat(result.records()).hasSize(30);
    assertThat(result.records())
        .extracting(EvalRecord::runId)
        .doesNotContain("70M_RP_999", "70M_RP_998");
    assertThat(result.rejected())
        .extracting(RejectedRecord::lineNumber)
        .containsExactly(15L, 22L, 31L, 33L, 35L, 36L, 37L);
    assertThat(result.rejected().get(0).reason())
        .isEqualTo(
            "special run id > 900 excluded by ingest option drop-run-ids-above (run 70M_RP_999);"
                + " raise or remove the option to ingest it");
    assertThat(result.rejected().get(6).reason()).contains("(run 70M_RP_998)");
    assertThat(result.records().size() + result.rejected().size()).isEqualTo(37);
  }

  @Test
  void readsTheWholeBundled70MFileWith26RunsAllAtStep20000OnEvery22Domains() {
    LogSource source = fiveMix(Fixtures.EXAMPLES.resolve("mixinglaws/5Mix/70M.txt"));

    ParseResult result = EvalLogReader.readAndValidate(source);

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).hasSize(8932);
    Map<String, Set<String>> domainsAt20000 =
        result.records().stream()
            .filter(record -> record.step() == 20_000L)
            .collect(
                Collectors.groupingBy(
                    EvalRecord::runId,
                    TreeMap::new,
                    Collectors.mapping(EvalRecord::target, Collectors.toCollection(TreeSet::new))));
    Set<String> runs = result.records().stream().map(EvalRecord::runId).collect(Collectors.toSet());
    assertThat(runs).hasSize(26).contains("70M_0", "70M_24", "70M_30");
    assertThat(domainsAt20000).hasSize(26).containsOnlyKeys(runs);
    assertThat(domainsAt20000.values()).allSatisfy(domains -> assertThat(domains).hasSize(22));
    assertThat(result.records())
        .filteredOn(record -> record.step() == 20_000L)
        .hasSize(26 * 22)
        .allSatisfy(record -> assertThat(record.tokens()).isEqualTo(20_971_520_000L));
    assertThat(result.records())
        .allSatisfy(
            record ->
                assertThat(record.mixture().values().stream().mapToDouble(w -> w).sum())
                    .isCloseTo(1.0, within(1e-15)));
  }

  @Test
  void rejectsMalformedLinesWithTheReasonAndKeepsReading(@TempDir Path dir) throws IOException {
    String run = CHECKPOINTS + "70M_3-0.125-0-0-0.125-0.75/";
    Path file = dir.resolve("70M.txt");
    Files.writeString(
        file,
        String.join(
            "\n",
            run + "1000" + VALIDATION + "Github.bin\t2.5",
            run + "1000" + VALIDATION + "Github.bin",
            CHECKPOINTS + "70M_3-0.125-0-0-0.875/1000" + VALIDATION + "Github.bin\t2.5",
            CHECKPOINTS + "3-0.125-0-0-0.125-0.75/1000" + VALIDATION + "Github.bin\t2.5",
            run + "last" + VALIDATION + "Github.bin\t2.5",
            run + "1000" + VALIDATION + "Github.bin\tn/a",
            run + "1000\t/data/validation\t2.5",
            CHECKPOINTS + "70M_3-0.125-x-0-0.125-0.75/1000" + VALIDATION + "Github.bin\t2.5",
            "",
            run + "2000" + VALIDATION + "Github.bin\tnan",
            ""),
        StandardCharsets.UTF_8);

    ParseResult result = EvalLogReader.read(fiveMix(file));

    assertThat(result.records()).extracting(EvalRecord::lineNumber).containsExactly(1L, 10L);
    assertThat(result.records().get(1).value()).isNaN();
    assertThat(result.rejected())
        .extracting(RejectedRecord::lineNumber, RejectedRecord::reason)
        .containsExactly(
            tuple(
                2L,
                "expected 3 tab-separated fields (checkpoint path, validation file, loss), found"
                    + " 2; fix or remove the line"),
            tuple(
                3L,
                "run name '70M_3-0.125-0-0-0.875' has 4 proportions but 5 training domains are"
                    + " configured [academic, prose, dialogue, symbolic, internet]; fix the"
                    + " 'domains' option of the source"),
            tuple(
                4L,
                "run name '3-0.125-0-0-0.125-0.75' is not <size>_<id>-<p1>-...-<pK> or"
                    + " <size>_<tag>_<id>-<p1>-...; fix the checkpoint path"),
            tuple(
                5L,
                "step 'last' is not a whole number; only numbered checkpoints can be ingested,"
                    + " remove the line or rename the checkpoint"),
            tuple(6L, "loss 'n/a' is not a number; fix or remove the line"),
            tuple(
                7L,
                "validation file '/data/validation' has no <domain>.<extension> at the end of its"
                    + " name; fix the path"),
            tuple(
                8L,
                "proportion 2 'x' of run name '70M_3-0.125-x-0-0.125-0.75' is not a number; fix"
                    + " the checkpoint path"));
    assertThat(result.rejected().get(0).raw()).isEqualTo(run + "1000" + VALIDATION + "Github.bin");
    assertThat(result.rejected().get(0).format()).isEqualTo("MIXING_LAWS");
  }

  @Test
  void failsOnAMissingFileNamingThePathAndConfigKey() {
    Path missing = Fixtures.DIR.resolve("no-such-log.txt");

    assertThatThrownBy(() -> EvalLogReader.read(fiveMix(missing)))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "evaluation log "
                + missing
                + " (config key 'path') cannot be read: it does not"
                + " exist. Fix: fix the 'path' key of the ingest source or put the log there");
  }

  @Test
  void readsEveryLogOfAFolderInNameOrder(@TempDir Path dir) throws IOException {
    Path lines = Fixtures.file("mixinglaws-5mix-70M.txt");
    Files.copy(Fixtures.file("mixinglaws-5mix-160M.txt"), dir.resolve("b-160M.txt"));
    Files.copy(lines, dir.resolve("a-70M.txt"));
    Files.writeString(dir.resolve("notes.md"), "not a log", StandardCharsets.UTF_8);

    ParseResult result = EvalLogReader.read(fiveMix(dir));

    assertThat(result.records()).hasSize(36);
    assertThat(result.records().get(0).sourceFile()).isEqualTo(dir.resolve("a-70M.txt").toString());
    assertThat(result.records().get(24).sourceFile())
        .isEqualTo(dir.resolve("b-160M.txt").toString());
  }
}
