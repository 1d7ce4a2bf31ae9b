package io.mixlaw.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the tokenize stage cuts its files into read tasks. */
class ReadPlanTest {

  private static final long MIB = 1L << 20;

  private static final List<CorpusInput> INPUTS =
      List.of(
          CorpusInput.of("code", "/corpora/code", CorpusFormat.JSON_LINES),
          CorpusInput.of("math", "/corpora/notes", CorpusFormat.TEXT_FILES));

  private static final List<CorpusFiles.FileTask> FILES =
      List.of(
          new CorpusFiles.FileTask(0, "file:/corpora/code/a.jsonl", "a.jsonl", 10_000_000),
          new CorpusFiles.FileTask(0, "file:/corpora/code/b.jsonl", "b.jsonl", 1_500_000),
          new CorpusFiles.FileTask(0, "file:/corpora/code/c.jsonl.gz", "c.jsonl.gz", 30_000_000),
          new CorpusFiles.FileTask(0, "file:/corpora/code/d.jsonl", "d.jsonl", 200_000),
          new CorpusFiles.FileTask(1, "file:/corpora/notes/e.txt", "e.txt", 5_000_000));

  @Test
  void filesLargerThanTheirShareAreCutAndCompressedOnesInAtMostFourStripes() {
    // 46.7 MB over 10 tasks: a share of 4.67 MB.
    assertThat(ReadPlan.parts(FILES, 10, MIB, INPUTS)).containsExactly(3, 1, 4, 1, 1);
  }

  @Test
  void noPartIsSmallerThanTheMinimumSplit() {
    // A share of 0.47 MB is raised to 1 MiB: a.jsonl holds 9 whole MiB, b.jsonl only one.
    assertThat(ReadPlan.parts(FILES, 100, MIB, INPUTS)).containsExactly(9, 1, 4, 1, 1);
    assertThat(ReadPlan.parts(FILES, 100, 8 * MIB, INPUTS)).containsExactly(1, 1, 3, 1, 1);
  }

  @Test
  void oneTaskWantedReadsEveryFileWhole() {
    assertThat(ReadPlan.parts(FILES, 1, 16, INPUTS)).containsExactly(1, 1, 1, 1, 1);
  }
}
