package io.mixlaw.tokenization.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mixlaw.tokenization.TestCorpora;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a JSON Lines file in byte ranges or line stripes gives exactly the whole file's records.
 */
class CorpusSplitTest {

  @TempDir Path temp;

  /**
   * Lines of every kind: a byte order mark, ids and default ids, blank and empty lines, CRLF
   * endings, 2-, 3- and 4-byte UTF-8 characters (so that many cut points fall inside one), an
   * invalid byte, a broken line and, unless {@code finalNewline}, a last line without a newline.
   */
  private static byte[] craftedFile(boolean finalNewline) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, "\uFEFF{\"id\": \"a\", \"text\": \"first, after a byte order mark\"}\n"); // 1
    write(out, "\n"); // 2: empty
    write(out, "{\"text\": \"no id: gets <file>:<line> ü\"}\r\n"); // 3, CRLF
    write(out, "   \t\r\n"); // 4: blank
    write(out, "{\"id\": \"c\", \"text\": \"漢字と絵文字 \uD83D\uDE00\uD83D\uDE01 é\"}\n"); // 5
    write(out, "{\"id\": \"d\", \"text\": \"bad ");
    out.write(0xC3); // 6: a lead byte without its continuation
    write(out, "\"}\n");
    write(out, "{\"id\": \"e\", \"text\": \"unclosed\n"); // 7
    write(out, "\r\n"); // 8: CR only, blank
    write(out, "{\"id\": \"f\", \"text\": \"" + "長い行".repeat(40) + "\"}\n"); // 9: long
    write(out, "{\"text\": \"second default id\"}\n"); // 10
    write(out, "\n\n"); // 11, 12: empty
    write(out, "{\"id\": \"g\", \"text\": \"last \uD83D\uDE80\"}"); // 13
    if (finalNewline) {
      write(out, "\n");
    }

    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private CorpusInput input(Path file) {
    return CorpusInput.of("english", file.toString(), CorpusFormat.JSON_LINES);
  }

  private static List<CorpusRecord> readAll(CorpusInput input, Path file, CorpusSplit split) {
    List<CorpusRecord> records = new ArrayList<>();
    try (CorpusReader reader = CorpusReader.open(input, file, split)) {
      reader.forEachRemaining(records::add);
    }

    return records;
  }

  /** Reads the file in the ranges the boundaries give, counting newlines as a task would. */
  private static List<CorpusRecord> readInRanges(CorpusInput input, Path file, long[] boundaries)
      throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<CorpusSplits.NewlineCount> counts = new ArrayList<>();
    for (int i = 0; i + 1 < boundaries.length; i++) {
      InputStream span = new ByteArrayInputStream(bytes);
      span.skipNBytes(boundaries[i]);
      counts.add(CorpusSplits.countNewlines(span, boundaries[i + 1] - boundaries[i]));
    }

    List<CorpusRecord> records = new ArrayList<>();
    for (CorpusSplit.ByteRange range : CorpusSplits.byteRanges(boundaries, counts)) {
      records.addAll(readAll(input, file, range));
    }

    return records;
  }

  private static long lineOf(CorpusRecord record) {
    return record instanceof CorpusDocument d ? d.line() : ((QuarantinedRecord) record).line();
  }

  @Test
  void everyCutPointGivesTheWholeFilesRecordsOnceEach() throws IOException {
    for (boolean finalNewline : List.of(true, false)) {
      Path file = temp.resolve("crafted-" + finalNewline + ".jsonl");
      Files.write(file, craftedFile(finalNewline));
      long size = Files.size(file);
      List<CorpusRecord> whole = readAll(input(file), file, CorpusSplit.wholeFile());

      assertThat(whole)
          .extracting(CorpusSplitTest::lineOf)
          .containsExactly(1L, 3L, 5L, 6L, 7L, 9L, 10L, 13L);
      for (long cut = 1; cut < size; cut++) {
        assertThat(readInRanges(input(file), file, new long[] {0, cut, size}))
            .as("cut at byte %d, final newline %s", cut, finalNewline)
            .isEqualTo(whole);
      }

      for (long first = 1; first < size; first += 7) {
        for (long second = first + 1; second < size; second += 11) {
          assertThat(readInRanges(input(file), file, new long[] {0, first, second, size}))
              .as("cuts at %d and %d", first, second)
              .isEqualTo(whole);
        }
      }
    }
  }

  @Test
  void oneToManyEqualRangesGiveTheSameRecordsWithTheirLineNumbersAndIds() throws IOException {
    Path file = temp.resolve("crafted.jsonl");
    Files.write(file, craftedFile(false));
    List<CorpusRecord> whole = readAll(input(file), file, CorpusSplit.wholeFile());

    for (int ranges = 1; ranges <= 40; ranges++) {
      long[] boundaries = CorpusSplits.boundaries(Files.size(file), ranges);
      assertThat(readInRanges(input(file), file, boundaries))
          .as("%d ranges", ranges)
          .isEqualTo(whole);
    }

    assertThat(whole)
        .filteredOn(CorpusDocument.class::isInstance)
        .map(CorpusDocument.class::cast)
        .extracting(CorpusDocument::id, CorpusDocument::line)
        .containsExactly(
            tuple("a", 1L),
            tuple("crafted.jsonl:3", 3L),
            tuple("c", 5L),
            tuple("f", 9L),
            tuple("crafted.jsonl:10", 10L),
            tuple("g", 13L));
    assertThat(whole)
        .filteredOn(QuarantinedRecord.class::isInstance)
        .map(QuarantinedRecord.class::cast)
        .extracting(QuarantinedRecord::line, QuarantinedRecord::reason)
        .containsExactly(
            tuple(6L, QuarantineReason.INVALID_UTF8), tuple(7L, QuarantineReason.UNPARSABLE_JSON));
  }

  @Test
  void aBundledSplitReadInRangesMatchesTheWholeFile() throws IOException {
    Path file = TestCorpora.root().resolve("chinese/valid.jsonl");
    CorpusInput input = CorpusInput.of("chinese", file.toString(), CorpusFormat.JSON_LINES);
    List<CorpusRecord> whole = readAll(input, file, CorpusSplit.wholeFile());

    for (int ranges : List.of(2, 3, 7, 16)) {
      assertThat(readInRanges(input, file, CorpusSplits.boundaries(Files.size(file), ranges)))
          .as("%d ranges", ranges)
          .isEqualTo(whole);
    }

    assertThat(whole).hasSize(Files.readAllLines(file, StandardCharsets.UTF_8).size());
  }

  @Test
  void lineStripesOfACompressedFileShareItsRecordsWithoutOverlap() throws IOException {
    Path file = temp.resolve("crafted.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(craftedFile(false));
    }

    CorpusInput input = input(file);
    List<CorpusRecord> whole = readAll(input, file, CorpusSplit.wholeFile());
    for (int count = 1; count <= 6; count++) {
      List<CorpusRecord> union = new ArrayList<>();
      for (int index = 0; index < count; index++) {
        CorpusSplit.LineStripe stripe = new CorpusSplit.LineStripe(index, count);
        List<CorpusRecord> part = readAll(input, file, stripe);
        assertThat(part).allMatch(r -> stripe.holds(lineOf(r)));
        union.addAll(part);
      }

      union.sort(Comparator.comparingLong(CorpusSplitTest::lineOf));
      assertThat(union).as("%d stripes", count).isEqualTo(whole);
    }
  }

  @Test
  void newlinesAreCountedPerSpanAndTurnedIntoFirstLines() throws IOException {
    byte[] bytes = "a\n\nbc\nd".getBytes(StandardCharsets.UTF_8);
    long[] boundaries = {0, 2, 4, 7};
    List<CorpusSplits.NewlineCount> counts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      InputStream in = new ByteArrayInputStream(bytes);
      in.skipNBytes(boundaries[i]);
      counts.add(CorpusSplits.countNewlines(in, boundaries[i + 1] - boundaries[i]));
    }

    assertThat(counts)
        .containsExactly(
            new CorpusSplits.NewlineCount(1, true),
            new CorpusSplits.NewlineCount(1, false),
            new CorpusSplits.NewlineCount(1, false));
    // Lines start at bytes 0 (1), 2 (2), 3 (3) and 6 (4).
    assertThat(CorpusSplits.byteRanges(boundaries, counts))
        .containsExactly(
            new CorpusSplit.ByteRange(0, 2, 1),
            new CorpusSplit.ByteRange(2, 4, 2),
            new CorpusSplit.ByteRange(4, 7, 4));
    assertThat(CorpusSplits.boundaries(10, 3)).containsExactly(0, 3, 6, 10);
    assertThat(CorpusSplits.boundaries(Long.MAX_VALUE, 2))
        .containsExactly(0, Long.MAX_VALUE / 2, Long.MAX_VALUE);
  }

  @Test
  void splitsThatCannotBeReadAreRejectedWithTheReason() throws IOException {
    Path gz = temp.resolve("part.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("{\"text\": \"x\"}\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThatThrownBy(() -> CorpusReader.open(input(gz), gz, new CorpusSplit.ByteRange(0, 5, 1)))
        .isInstanceOf(CorpusException.class)
        .hasMessage(
            "the compressed file "
                + gz
                + " cannot be read from a byte offset (ByteRange[start=0, end=5, firstLine=1]);"
                + " read it whole or in line stripes");

    Path texts = Files.createDirectories(temp.resolve("texts"));
    Path note = Files.writeString(texts.resolve("a.txt"), "a note", StandardCharsets.UTF_8);
    CorpusInput textInput = CorpusInput.of("math", texts.toString(), CorpusFormat.TEXT_FILES);
    assertThatThrownBy(() -> CorpusReader.open(textInput, note, new CorpusSplit.LineStripe(0, 2)))
        .isInstanceOf(CorpusException.class)
        .hasMessage(
            "the text file "
                + note
                + " is one document and cannot be read in parts (LineStripe[index=0, count=2])");

    assertThatThrownBy(() -> new CorpusSplit.ByteRange(0, 10, 3))
        .hasMessage("the first line of a byte range starting at 0 must be 1, got 3");
    assertThatThrownBy(() -> new CorpusSplit.ByteRange(5, 5, 2))
        .hasMessage("a byte range needs 0 <= start < end, got [5, 5)");
    assertThatThrownBy(() -> new CorpusSplit.LineStripe(3, 3))
        .hasMessage("a line stripe needs 0 <= index < count, got index 3 of 3");
    assertThatThrownBy(() -> CorpusSplits.boundaries(3, 4))
        .hasMessage("cannot cut 3 bytes into 4 non-empty ranges");
  }
}
