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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegMixReaderTest {

  private static final List<String> PILE_DOMAINS =
      List.of(
          "arxiv",
          "freelaw",
          "nih_exporter",
          "pubmed_central",
          "wikipedia_en",
          "dm_mathematics",
          "github",
          "philpapers",
          "stackexchange",
          "enron_emails",
          "gutenberg_pg_19",
          "pile_cc",
          "ubuntu_irc",
          "europarl",
          "hackernews",
          "pubmed_abstracts",
          "uspto_backgrounds");

  private static final List<String> LOSS_TARGETS =
      List.of(
          "arxiv",
          "freelaw",
          "pubmed_central",
          "wikipedia_en",
          "dm_mathematics",
          "github",
          "stackexchange",
          "gutenberg_pg_19",
          "pile_cc",
          "ubuntu_irc",
          "hackernews",
          "pubmed_abstracts",
          "uspto_backgrounds");

  @Test
  void joinsMixturesAndLossesOnIndexIntoOneRecordPerLossCell() {
    ParseResult result = EvalLogReader.read(Fixtures.regmixSource(Fixtures.regmix().build()));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).hasSize(3 * 13);
    assertThat(result.records().subList(0, 13))
        .extracting(EvalRecord::target)
        .containsExactlyElementsOf(LOSS_TARGETS);
    EvalRecord first = result.records().get(0);
    assertThat(first.sourceFile())
        .isEqualTo(Fixtures.file("regmix-train-pile-loss-1m.csv").toString());
    assertThat(first.lineNumber()).isEqualTo(2);
    assertThat(first.format()).isEqualTo("REGMIX");
    assertThat(first.runId()).isEqualTo("1M_1");
    assertThat(first.scale()).isEqualTo("1M");
    assertThat(first.totalParams()).isEqualTo(1_312_000L);
    assertThat(first.activeParams()).isEqualTo(1_312_000L);
    assertThat(first.step()).isEqualTo(1000L);
    assertThat(first.tokens()).isEqualTo(1_048_576_000L);
    assertThat(first.mixture()).containsOnlyKeys(PILE_DOMAINS);
    assertThat(first.mixture())
        .containsEntry("philpapers", 0.004)
        .containsEntry("gutenberg_pg_19", 0.209)
        .containsEntry("pile_cc", 0.787)
        .containsEntry("arxiv", 0.0);
    assertThat(first.metric()).isEqualTo("loss");
    assertThat(first.value()).isEqualTo(7.0255866050720215);
    assertThat(first.raw())
        .isEqualTo("mixture line 2 + loss line 2 column 2 (metric/the_pile_arxiv_val_loss)");

    EvalRecord last = result.records().get(38);
    assertThat(last.runId()).isEqualTo("1M_3");
    assertThat(last.lineNumber()).isEqualTo(4);
    assertThat(last.target()).isEqualTo("uspto_backgrounds");
    assertThat(last.value()).isEqualTo(5.50736665725708);
    assertThat(last.mixture()).containsEntry("arxiv", 0.679).containsEntry("pile_cc", 0.269);
  }

  @Test
  void acceptsAndRenormalisesRoundedWeightsWithinTheRoundingTolerance() {
    ParseResult result =
        EvalLogReader.readAndValidate(Fixtures.regmixSource(Fixtures.regmix().build()));

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).hasSize(39);
    EvalRecord index2 = result.records().get(13);
    assertThat(index2.runId()).isEqualTo("1M_2");
    assertThat(index2.mixture().get("github")).isCloseTo(0.304 / 0.998, within(1e-15));
    assertThat(index2.mixture().get("pile_cc")).isCloseTo(0.299 / 0.998, within(1e-15));
    assertThat(index2.mixture().values().stream().mapToDouble(w -> w).sum())
        .isCloseTo(1.0, within(1e-15));
  }

  @Test
  void quarantinesRoundedRowsUnderTheDefaultTolerance() {
    SourceOptions strict =
        Fixtures.regmix().weightTolerance(SourceOptions.DEFAULT_WEIGHT_TOLERANCE).build();

    ParseResult result = EvalLogReader.readAndValidate(Fixtures.regmixSource(strict));

    assertThat(result.records()).hasSize(26);
    assertThat(result.rejected()).hasSize(13);
    assertThat(result.rejected())
        .allSatisfy(
            rejected -> {
              assertThat(rejected.lineNumber()).isEqualTo(3);
              assertThat(rejected.reason())
                  .isEqualTo(
                      "mixture weights sum to 0.998, not 1 within 0.000001; the record is kept"
                          + " out of the fit — fix the mixture or raise 'weight-tolerance'");
            });
  }

  @Test
  void reportsBadCellsUnmatchedIndicesAndDuplicateMixtures(@TempDir Path dir) throws IOException {
    Path mixtures = dir.resolve("mixtures.csv");
    Path losses = dir.resolve("losses.csv");
    Files.writeString(
        mixtures,
        "index,train_the_pile_a,train_the_pile_b\n1,0.5,0.5\n2,0.25,x\n3,1.0,0.0\n1,0.9,0.1\n"
            + "4,0.5,0.5\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        losses,
        "index,metric/the_pile_a_val_loss,metric/the_pile_b_val_loss\n1,3.5,oops\n2,3.0,3.1\n"
            + "3,2.5\n9,1.0,1.0\n4,2.0,NaN\n",
        StandardCharsets.UTF_8);
    SourceOptions options = SourceOptions.builder().scale("60M").tokens(1_000_000_000L).build();

    ParseResult result = EvalLogReader.read(LogSource.regmix(mixtures, losses, options));

    assertThat(result.records())
        .extracting(EvalRecord::runId, EvalRecord::target, EvalRecord::value)
        .containsExactly(
            tuple("60M_1", "a", 3.5), tuple("60M_4", "a", 2.0), tuple("60M_4", "b", Double.NaN));
    assertThat(result.records().get(0).step()).isNull();
    assertThat(result.records().get(0).tokens()).isEqualTo(1_000_000_000L);
    assertThat(result.records().get(0).totalParams()).isZero();
    assertThat(result.rejected())
        .extracting(RejectedRecord::sourceFile, RejectedRecord::lineNumber, RejectedRecord::reason)
        .containsExactly(
            tuple(
                mixtures.toString(),
                3L,
                "weight 'x' in column train_the_pile_b is not a number; fix the cell"),
            tuple(
                mixtures.toString(),
                5L,
                "index 1 appears again (first at line 2); give every mixture its own index"),
            tuple(
                losses.toString(),
                2L,
                "loss 'oops' is not a number; fix the cell or remove the row"),
            tuple(
                losses.toString(),
                3L,
                "index 2 has no mixture: its row in "
                    + mixtures
                    + " (line 3) was rejected; fix"
                    + " the mixtures file"),
            tuple(
                losses.toString(),
                4L,
                "expected 3 comma-separated fields as in the header, found 2; fix or remove the"
                    + " line"),
            tuple(
                losses.toString(),
                5L,
                "index 9 has no mixture: the mixtures file "
                    + mixtures
                    + " has no row with this"
                    + " index; fix the mixtures file"),
            tuple(
                mixtures.toString(),
                4L,
                "index 3 has a mixture but no usable row in the losses file "
                    + losses
                    + "; add its"
                    + " losses or remove the row"));
    assertThat(result.rejected().get(2).raw())
        .isEqualTo("mixture line 2 + loss line 2 column 3 (metric/the_pile_b_val_loss): 'oops'");
  }

  @Test
  void failsOnAMissingLossesFileNamingThePathAndConfigKey() {
    Path missing = Fixtures.DIR.resolve("no-such-losses.csv");
    LogSource source =
        LogSource.regmix(
            Fixtures.file("regmix-train-mixture-1m.csv"), missing, Fixtures.regmix().build());

    assertThatThrownBy(() -> EvalLogReader.read(source))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "evaluation log "
                + missing
                + " (config key 'losses') cannot be read: it does not"
                + " exist. Fix: fix the 'losses' key of the ingest source or put the log there");
  }

  @Test
  void failsWhenTheMixturesAndLossesFilesAreSwapped() {
    LogSource swapped =
        LogSource.regmix(
            Fixtures.file("regmix-train-pile-loss-1m.csv"),
            Fixtures.file("regmix-train-mixture-1m.csv"),
            Fixtures.regmix().build());

    assertThatThrownBy(() -> EvalLogReader.read(swapped))
        .isInstanceOf(MixlawException.class)
        .hasMessageContaining(
            "has an unexpected column 'metric/the_pile_arxiv_val_loss': mixture columns are named"
                + " train_the_pile_<domain>. Fix: check that 'mixtures' and 'losses' are not"
                + " swapped");
  }
}
