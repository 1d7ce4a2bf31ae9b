package io.mixlaw.tokenization.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.luben.zstd.ZstdOutputStream;
import io.mixlaw.tokenization.TestCorpora;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {

  @TempDir Path temp;

  /**
   * A JSON Lines file with one line of each kind, in bytes so that invalid UTF-8 can be written.
   */
  private static byte[] mixedLines() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, "\uFEFF{\"id\": \"a\", \"text\": \"first valid\"}\n"); // 1, with a byte order mark
    write(out, "{\"id\": \"b\", \"text\": \"bad ");
    out.write(0xFF); // 2: not UTF-8
    write(out, " byte\"}\n");
    write(out, "{\"id\": \"c\", \"text\": \"unclosed\n"); // 3
    write(out, "[\"an\", \"array\"]\n"); // 4
    write(out, "{\"id\": \"d\", \"body\": \"no text key\"}\n"); // 5
    write(out, "{\"id\": \"e\", \"text\": 42}\n"); // 6
    write(out, "{\"id\": \"f\", \"text\": \"\"}\n"); // 7
    write(out, "{\"id\": \"g\", \"text\": \" \\n\\t \"}\n"); // 8
    write(out, "{\"id\": \"h\", \"text\": \"broken \\ud800 pair\"}\n"); // 9
    write(out, "   \n"); // 10: blank, skipped
    write(out, "{\"id\": \"i\", \"text\": \"second valid \\ud83d\\ude00\"}\r\n"); // 11, CRLF
    write(out, "{\"id\": \"j\", \"text\": \"x\"} trailing\n"); // 12
    write(out, "{\"id\": \"k\", \"text\": \"one\", \"text\": \"two\"}\n"); // 13
    write(out, "{\"text\": \"no id\", \"id\": null}\n"); // 14
    write(out, "{\"id\": \"\\udc00\", \"text\": \"bad id\"}\n"); // 15
    write(out, "{\"id\": 7, \"text\": null}\n"); // 16
    write(out, "{\"id\": 8, \"text\": \"last valid, no newline\"}"); // 17
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<CorpusRecord> read(CorpusInput input) {
    List<CorpusRecord> records = new ArrayList<>();
    CorpusReader.readAll(input, records::add);
    return records;
  }

  @Test
  void everyLineGivesADocumentOrAQuarantineReason() throws IOException {
    Path file = temp.resolve("mixed.jsonl");
    Files.write(file, mixedLines());
    List<CorpusRecord> records =
        read(CorpusInput.of("english", file.toString(), CorpusFormat.JSON_LINES));

    assertThat(records)
        .filteredOn(CorpusDocument.class::isInstance)
        .map(CorpusDocument.class::cast)
        .extracting(CorpusDocument::id, CorpusDocument::text, CorpusDocument::line)
        .containsExactly(
            tuple("a", "first valid", 1L),
            tuple("i", "second valid \uD83D\uDE00", 11L),
            tuple("mixed.jsonl:14", "no id", 14L),
            tuple("8", "last valid, no newline", 17L));
    assertThat(records)
        .filteredOn(QuarantinedRecord.class::isInstance)
        .map(QuarantinedRecord.class::cast)
        .extracting(QuarantinedRecord::line, QuarantinedRecord::reason, QuarantinedRecord::detail)
        .containsExactly(
            tuple(2L, QuarantineReason.INVALID_UTF8, "invalid UTF-8 at byte 25: 0xFF"),
            tuple(
                3L,
                QuarantineReason.UNPARSABLE_JSON,
                "not valid JSON at column 30: Unexpected end-of-input: was expecting closing quote"
                    + " for a string value"),
            tuple(
                4L,
                QuarantineReason.NOT_A_JSON_OBJECT,
                "expected a JSON object per line, found an array"),
            tuple(
                5L,
                QuarantineReason.MISSING_TEXT_FIELD,
                "no text field 'text' (set the input's text-field option)"),
            tuple(6L, QuarantineReason.TEXT_NOT_A_STRING, "the text field 'text' holds a number"),
            tuple(7L, QuarantineReason.EMPTY_TEXT, "the text is empty"),
            tuple(8L, QuarantineReason.EMPTY_TEXT, "the text is only whitespace"),
            tuple(
                9L,
                QuarantineReason.LONE_SURROGATE,
                "the text holds a lone surrogate U+D800 at char 7"),
            tuple(
                12L,
                QuarantineReason.UNPARSABLE_JSON,
                "not valid JSON at column 34: Unrecognized token 'trailing': was expecting (JSON"
                    + " String, Number, Array, Object or token 'null', 'true' or 'false')"),
            tuple(
                13L,
                QuarantineReason.UNPARSABLE_JSON,
                "not valid JSON at column 34: Duplicate field 'text'"),
            tuple(
                15L,
                QuarantineReason.LONE_SURROGATE,
                "the id holds a lone surrogate U+DC00 at char 0"),
            tuple(
                16L,
                QuarantineReason.MISSING_TEXT_FIELD,
                "no text field 'text' (set the input's text-field option)"));
    assertThat(records)
        .allMatch(r -> r.file().equals(file.toString()) && r.domain().equals("english"));
    QuarantinedRecord invalid = (QuarantinedRecord) records.get(1);
    assertThat(invalid.excerpt()).isEqualTo("{\"id\": \"b\", \"text\": \"bad \uFFFD byte\"}");
  }

  @Test
  void documentsCarryTheUtf8LengthOfTheirTextAndParseErrorsCountColumnsInChars()
      throws IOException {
    Path file = temp.resolve("multibyte.jsonl");
    Files.write(
        file,
        List.of(
            "{\"text\": \"caf\u00e9 \u4e2d\u6587 \\u00e9 \\ud83d\\ude00\"}",
            "{\"text\": \"\u4e2d\u6587\u4e2d\u6587\" oops}"),
        StandardCharsets.UTF_8);
    List<CorpusRecord> records =
        read(CorpusInput.of("chinese", file.toString(), CorpusFormat.JSON_LINES));

    CorpusDocument document = (CorpusDocument) records.get(0);
    assertThat(document.text()).isEqualTo("caf\u00e9 \u4e2d\u6587 \u00e9 \uD83D\uDE00");
    assertThat(document.utf8Bytes())
        .isEqualTo(document.text().getBytes(StandardCharsets.UTF_8).length)
        .isEqualTo(20);
    assertThat(((QuarantinedRecord) records.get(1)).detail())
        .startsWith("not valid JSON at column 18: Unexpected character ('o'");
  }

  @Test
  void aDocumentRejectsAUtf8LengthItsTextCannotHave() {
    assertThat(new CorpusDocument("d", "i", "\u4e2d", "f", 1).utf8Bytes()).isEqualTo(3);
    assertThatThrownBy(() -> new CorpusDocument("d", "i", "abc", "f", 1, 2))
        .hasMessage("a text of 3 chars cannot take 2 UTF-8 bytes");
    assertThatThrownBy(() -> new CorpusDocument("d", "i", "a\uD800", "f", 1))
        .hasMessage("the text holds a lone surrogate U+D800 at char 1");
  }

  @Test
  void readerCountsRecordsAndSkippedBlankLines() throws IOException {
    Path file = temp.resolve("mixed.jsonl");
    Files.write(file, mixedLines());
    CorpusInput input = CorpusInput.of("english", file.toString(), CorpusFormat.JSON_LINES);
    try (CorpusReader reader = CorpusReader.open(input, file)) {
      reader.forEachRemaining(record -> {});
      assertThat(reader.records()).isEqualTo(16);
      assertThat(reader.blankLines()).isEqualTo(1);
    }
  }

  @Test
  void gzipAndZstdFilesGiveTheSameRecordsAsThePlainFile() throws IOException {
    byte[] plain = mixedLines();
    Path folder = Files.createDirectories(temp.resolve("compressed"));
    Files.write(folder.resolve("a.jsonl"), plain);
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(folder.resolve("b.jsonl.gz")))) {
      out.write(plain);
    }

    try (OutputStream out =
        new ZstdOutputStream(Files.newOutputStream(folder.resolve("c.jsonl.zst")))) {
      out.write(plain);
    }

    Files.writeString(folder.resolve("notes.md"), "not a corpus file", StandardCharsets.UTF_8);
    Files.write(folder.resolve("_SUCCESS.jsonl"), plain);
    List<CorpusRecord> records =
        read(CorpusInput.of("math", folder.toString(), CorpusFormat.JSON_LINES));

    assertThat(records).hasSize(48);
    List<String> files = records.stream().map(CorpusRecord::file).distinct().toList();
    assertThat(files)
        .containsExactly(
            folder.resolve("a.jsonl").toString(),
            folder.resolve("b.jsonl.gz").toString(),
            folder.resolve("c.jsonl.zst").toString());
    for (int i = 0; i < 16; i++) {
      assertThat(withoutFile(records.get(16 + i))).isEqualTo(withoutFile(records.get(i)));
      assertThat(withoutFile(records.get(32 + i))).isEqualTo(withoutFile(records.get(i)));
    }

    assertThat(records.get(16 + 12))
        .extracting(r -> ((CorpusDocument) r).id())
        .isEqualTo("b.jsonl.gz:14");
  }

  private static Object withoutFile(CorpusRecord record) {
    if (record instanceof CorpusDocument d) {
      return List.of(d.text(), d.line(), d.id().replaceAll("^[abc]\\.jsonl(\\.gz|\\.zst)?:", ""));
    }

    QuarantinedRecord q = (QuarantinedRecord) record;
    return List.of(q.reason(), q.line(), q.detail(), q.excerpt());
  }

  @Test
  void truncatedGzipFileFailsNamingTheFile() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < 2_000; i++) {
        out.write(("{\"text\": \"line " + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
      }
    }

    Path file = temp.resolve("cut.jsonl.gz");
    byte[] all = bytes.toByteArray();
    Files.write(file, Arrays.copyOf(all, all.length / 2));
    CorpusInput input = CorpusInput.of("code", file.toString(), CorpusFormat.JSON_LINES);
    assertThatThrownBy(() -> read(input))
        .isInstanceOf(CorpusException.class)
        .hasMessageStartingWith("reading the corpus file " + file + " failed after line ")
        .hasMessageEndingWith(
            ": Unexpected end of ZLIB input stream (is the file truncated or its compression"
                + " corrupt?)");
  }

  @Test
  void textFolderGivesOneDocumentPerFileWithItsRelativePathAsId() throws IOException {
    Path folder = temp.resolve("texts");
    Files.createDirectories(folder.resolve("sub"));
    Files.createDirectories(folder.resolve(".git"));
    Files.writeString(folder.resolve("a.txt"), "Alpha text.\n", StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("sub/b.txt"), "\uFEFFBeta text.", StandardCharsets.UTF_8);
    Files.writeString(folder.resolve(".git/c.txt"), "hidden", StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("empty.txt"), "", StandardCharsets.UTF_8);
    Files.write(
        folder.resolve("latin1.txt"), new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9});
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(folder.resolve("z.txt.gz")))) {
      out.write("Zipped text.".getBytes(StandardCharsets.UTF_8));
    }

    List<CorpusRecord> records =
        read(CorpusInput.of("english", folder.toString(), CorpusFormat.TEXT_FILES));

    assertThat(records)
        .extracting(
            CorpusRecord::line,
            r ->
                r instanceof CorpusDocument d
                    ? d.id() + "=" + d.text()
                    : ((QuarantinedRecord) r).detail())
        .containsExactly(
            tuple(0L, "a.txt=Alpha text.\n"),
            tuple(0L, "the text is empty"),
            tuple(0L, "invalid UTF-8 at byte 6 (line 2): 0xE9"),
            tuple(0L, "sub/b.txt=Beta text."),
            tuple(0L, "z.txt.gz=Zipped text."));
  }

  @Test
  void nestedAndRenamedFieldsAreFollowed() throws IOException {
    Path file = temp.resolve("nested.jsonl");
    Files.writeString(
        file,
        "{\"meta\": {\"body\": \"deep text\", \"key\": \"n1\"}}\n"
            + "{\"meta.body\": \"dotted key wins\", \"meta\": {\"body\": \"ignored\"}}\n",
        StandardCharsets.UTF_8);
    List<CorpusRecord> records =
        read(
            new CorpusInput(
                "code", file.toString(), CorpusFormat.JSON_LINES, "meta.body", "meta.key"));

    assertThat(records)
        .extracting(r -> ((CorpusDocument) r).id(), r -> ((CorpusDocument) r).text())
        .containsExactly(tuple("n1", "deep text"), tuple("nested.jsonl:2", "dotted key wins"));
  }

  @Test
  void bundledEnglishValidationSplitReadsWithoutQuarantine() {
    Path file = TestCorpora.root().resolve("english/valid.jsonl");
    List<CorpusRecord> records =
        read(CorpusInput.of("english", file.toString(), CorpusFormat.JSON_LINES));

    assertThat(records).hasSize(26).allMatch(CorpusDocument.class::isInstance);
    assertThat(((CorpusDocument) records.get(0)).id()).startsWith("tinyshakespeare-");
  }

  @Test
  void missingLocationsEmptyFoldersAndParquetAreExplained() throws IOException {
    Path missing = temp.resolve("nowhere");
    assertThatThrownBy(
            () ->
                CorpusReader.listFiles(
                    CorpusInput.of("math", missing.toString(), CorpusFormat.JSON_LINES)))
        .isInstanceOf(CorpusException.class)
        .hasMessage(
            "the corpus input of domain 'math' does not exist: "
                + missing
                + "; fix its location in the configuration");

    Path empty = Files.createDirectories(temp.resolve("empty"));
    assertThatThrownBy(
            () ->
                CorpusReader.listFiles(
                    CorpusInput.of("math", empty.toString(), CorpusFormat.TEXT_FILES)))
        .hasMessage(
            "the corpus folder "
                + empty
                + " of domain 'math' holds no text file (names ending with [.txt], optionally .gz"
                + " or .zst)");

    Path parquet = temp.resolve("part-0.parquet");
    Files.write(parquet, new byte[] {'P', 'A', 'R', '1'});
    assertThatThrownBy(
            () ->
                CorpusReader.open(
                    CorpusInput.of("math", parquet.toString(), CorpusFormat.PARQUET), parquet))
        .isInstanceOf(CorpusException.class)
        .hasMessage(
            "Parquet input "
                + parquet
                + " is read by the Spark tokenize stage (Spark's own Parquet reader); this reader"
                + " handles jsonl and text inputs");
    assertThat(CorpusFormat.fromConfigName(" JSONL ")).isEqualTo(CorpusFormat.JSON_LINES);
    assertThatThrownBy(() -> CorpusFormat.fromConfigName("csv"))
        .hasMessage("unknown corpus format 'csv'; use one of [jsonl, text, parquet]");
  }

  @Test
  void columnValuesAreValidatedFromTheirRawBytes() {
    RecordValidator validator =
        new RecordValidator(CorpusInput.of("code", "/data/code", CorpusFormat.PARQUET));

    assertThat(
            validator.utf8Value(
                "part-0.parquet", 3, "doc-3", "print(1)".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new CorpusDocument("code", "doc-3", "print(1)", "part-0.parquet", 3));
    assertThat(
            validator.utf8Value(
                "part-0.parquet", 4, null, "x = 2".getBytes(StandardCharsets.UTF_8)))
        .extracting(r -> ((CorpusDocument) r).id())
        .isEqualTo("part-0.parquet:4");
    assertThat(validator.utf8Value("part-0.parquet", 5, "doc-5", null))
        .extracting(r -> ((QuarantinedRecord) r).detail())
        .isEqualTo("no value in the text column 'text'");
    assertThat(
            validator.utf8Value(
                "part-0.parquet", 6, "doc-6", new byte[] {'a', (byte) 0xC3, '(', 'b'}))
        .extracting(r -> ((QuarantinedRecord) r).reason(), r -> ((QuarantinedRecord) r).detail())
        .containsExactly(QuarantineReason.INVALID_UTF8, "invalid UTF-8 at byte 1: 0xC3");
    assertThat(
            validator.utf8Value(
                "part-0.parquet", 7, "doc-7", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
        .extracting(r -> ((QuarantinedRecord) r).reason())
        .isEqualTo(QuarantineReason.INVALID_UTF8);
  }

  @Test
  void excerptsAreCutWithoutSplittingPairsAndMaskLoneSurrogates() {
    String text = "x".repeat(QuarantinedRecord.EXCERPT_CHARS - 1) + "\uD83D\uDE00tail";
    assertThat(RecordValidator.excerpt(text)).hasSize(QuarantinedRecord.EXCERPT_CHARS - 1);
    assertThat(RecordValidator.excerpt("a\uD800b\uDC00")).isEqualTo("a\uFFFDb\uFFFD");
  }
}
