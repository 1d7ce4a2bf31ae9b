package io.mixlaw.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.DataTables;
import io.mixlaw.core.table.TableDefinition;
import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.StageContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenize stage on the bundled validation splits plus crafted inputs of every kind. */
class TokenizeJobTest {

  private static final Encoding O200K =
      Encodings.newDefaultEncodingRegistry().getEncoding("o200k_base").orElseThrow();

  @TempDir Path temp;

  private static Path corpora() {
    return TestSpark.repositoryRoot().resolve("examples/corpora");
  }

  /** Token counts of a bundled file, computed with JTokkit directly. */
  private static Map<String, Integer> directCounts(Path file) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode node = json.readTree(line);
      counts.put(node.get("id").asText(), O200K.countTokensOrdinary(node.get("text").asText()));
    }

    return counts;
  }

  private Path writeCraftedInputs() throws IOException {
    Path crafted = Files.createDirectories(temp.resolve("crafted"));
    Files.writeString(
        crafted.resolve("extra.jsonl"),
        "{\"id\": \"x1\", \"text\": \"An extra English document.\"}\n"
            + "{\"id\": \"x2\", \"text\": \"\"}\n"
            + "not json\n"
            + "{\"id\": \"x3\", \"body\": \"no text\"}\n"
            + "{\"id\": \"x4\", \"text\": \"lone \\udc01 surrogate\"}\n"
            + "{\"id\": \"x1\", \"text\": \"Same id again.\"}\n",
        StandardCharsets.UTF_8);
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(crafted.resolve("more.jsonl.gz")))) {
      out.write(
          "{\"id\": \"g1\", \"text\": \"Compressed text.\"}\n".getBytes(StandardCharsets.UTF_8));
      out.write(
          new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, '"', '}', '\n'});
    }

    Path texts = Files.createDirectories(temp.resolve("texts/notes"));
    Files.writeString(texts.resolve("a.txt"), "A note about integrals.", StandardCharsets.UTF_8);
    return crafted;
  }

  private Path writeParquet() {
    Path parquet = temp.resolve("parquet");
    List<Row> rows =
        List.of(
            RowFactory.create("p1", "fn main() {}"),
            RowFactory.create("p2", null),
            RowFactory.create("p3", "   "),
            RowFactory.create("p4", "print('hi')"));
    TestSpark.session()
        .createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("doc", DataTypes.StringType, false),
                    DataTypes.createStructField("content", DataTypes.StringType, true))))
        .coalesce(1)
        .write()
        .parquet(parquet.toString());
    return parquet;
  }

  private StageContext context(Path crafted, Path parquet, Path warehouse, boolean withExtras) {
    StringBuilder inputs = new StringBuilder("tokenize.inputs=[");
    for (String domain : List.of("chinese", "code", "english", "knowledge", "math")) {
      inputs.append(
          String.format(
              "{domain=%s, path=\"%s\", format=jsonl},",
              domain, corpora().resolve(domain).resolve("valid.jsonl")));
    }

    if (withExtras) {
      inputs.append(String.format("{domain=english, path=\"%s\"},", crafted));
      inputs.append(
          String.format("{domain=math, path=\"%s\", format=text},", temp.resolve("texts")));
      inputs.append(
          String.format(
              "{domain=code, path=\"%s\", format=parquet, text-field=content, id-field=doc},",
              parquet));
    }

    inputs.append("]");
    return TestSpark.context("tokenize", null, warehouse, inputs.toString());
  }

  @Test
  void tokenizesEveryInputKindQuarantinesBadRecordsAndRerunsWithoutChanges() throws IOException {
    Path crafted = writeCraftedInputs();
    Path parquet = writeParquet();
    Path warehouse = temp.resolve("warehouse");
    StageContext context = context(crafted, parquet, warehouse, true);

    TokenizeJob.Summary summary = TokenizeJob.run(context);

    Map<String, Integer> english = directCounts(corpora().resolve("english/valid.jsonl"));
    Map<String, Integer> code = directCounts(corpora().resolve("code/valid.jsonl"));
    TokenizeJob.DomainStats englishStats =
        summary.domains().stream()
            .filter(d -> d.domain().equals("english"))
            .findFirst()
            .orElseThrow();
    long englishTokens =
        english.values().stream().mapToLong(Integer::longValue).sum()
            + O200K.countTokensOrdinary("An extra English document.")
            + O200K.countTokensOrdinary("Compressed text.");
    assertThat(englishStats.documents()).isEqualTo(26 + 2);
    assertThat(englishStats.tokens()).isEqualTo(englishTokens);
    assertThat(englishStats.quarantined()).isEqualTo(6);
    assertThat(englishStats.files()).isEqualTo(3);

    List<Row> codeRows =
        context
            .catalog()
            .read(DataTables.TOKENIZED_DOCUMENTS)
            .filter(col("domain").equalTo("code"))
            .select("document_id", "token_count", "tokens")
            .collectAsList();
    assertThat(codeRows).hasSize(38 + 2);
    for (Row row : codeRows) {
      String id = row.getString(0);
      int expected =
          switch (id) {
            case "p1" -> O200K.countTokensOrdinary("fn main() {}");
            case "p4" -> O200K.countTokensOrdinary("print('hi')");
            default -> code.get(id);
          };
      assertThat(row.getInt(1)).as(id).isEqualTo(expected);
      assertThat(row.getList(2)).as(id).hasSize(expected);
    }

    List<Row> quarantine =
        context
            .catalog()
            .read(DataTables.TOKENIZE_QUARANTINE)
            .orderBy("domain", "source_file", "line_number")
            .select("domain", "line_number", "reason")
            .collectAsList();
    assertThat(quarantine)
        .extracting(r -> tuple(r.getString(0), r.getLong(1), r.getString(2)))
        .containsExactly(
            tuple("code", 2L, "MISSING_TEXT_FIELD"),
            tuple("code", 3L, "EMPTY_TEXT"),
            tuple("english", 2L, "EMPTY_TEXT"),
            tuple("english", 3L, "UNPARSABLE_JSON"),
            tuple("english", 4L, "MISSING_TEXT_FIELD"),
            tuple("english", 5L, "LONE_SURROGATE"),
            tuple("english", 6L, "DUPLICATE_ID"),
            tuple("english", 2L, "INVALID_UTF8"));
    Row duplicate =
        context
            .catalog()
            .read(DataTables.TOKENIZE_QUARANTINE)
            .filter(col("reason").equalTo("DUPLICATE_ID"))
            .select("detail")
            .first();
    assertThat(duplicate.getString(0))
        .isEqualTo(
            "the document id x1 was already read at file:" + crafted.resolve("extra.jsonl") + ":1");

    Row stats =
        context
            .catalog()
            .read(DataTables.DOMAIN_TOKEN_STATS)
            .filter(col("domain").equalTo("math"))
            .first();
    assertThat(stats.<Long>getAs("documents")).isEqualTo(194 + 1);
    assertThat(stats.<Long>getAs("files")).isEqualTo(2);
    assertThat(stats.<Integer>getAs("vocabulary_size")).isEqualTo(200_019);
    assertThat(stats.<Integer>getAs("end_of_document_token")).isEqualTo(199_999);
    assertThat(stats.<Double>getAs("tokens_per_byte")).isBetween(0.15, 0.5);

    long[] versions = versions(context);
    TokenizeJob.Summary again = TokenizeJob.run(context);
    assertThat(again.outcomes()).allSatisfy(o -> assertThat(o.changedRows()).isZero());
    assertThat(versions(context)).containsExactly(versions);
    assertThat(again.domains()).isEqualTo(summary.domains());

    StageContext without = context(crafted, parquet, warehouse, false);
    long documentsBefore = without.catalog().read(DataTables.TOKENIZED_DOCUMENTS).count();
    long quarantinedBefore = without.catalog().read(DataTables.TOKENIZE_QUARANTINE).count();
    TokenizeJob.Summary removed = TokenizeJob.run(without);
    assertThat(without.catalog().read(DataTables.TOKENIZED_DOCUMENTS).count()).isEqualTo(535);
    assertThat(without.catalog().read(DataTables.TOKENIZE_QUARANTINE).count()).isZero();
    // Rows the inputs no longer produce are removed in the same single commit as the rest.
    assertThat(versions(without)[0]).isEqualTo(versions[0] + 1);
    assertThat(versions(without)[1]).isEqualTo(versions[1] + 1);
    assertThat(removed.outcomes().get(0).changedRows()).isEqualTo(documentsBefore - 535);
    assertThat(removed.outcomes().get(0).versionAfter()).isEqualTo(versions[0] + 1);
    assertThat(removed.outcomes().get(1).changedRows()).isEqualTo(quarantinedBefore);
  }

  /**
   * About 120 lines of every kind: ids, default ids and ids seen before, CRLF endings, empty and
   * blank lines, 2-, 3- and 4-byte UTF-8 characters, a byte that is not UTF-8, long lines, and a
   * last line without a newline, so that parts of a few hundred bytes cut inside all of them.
   */
  private static byte[] linesOfEveryKind() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        "\uFEFF{\"id\": \"bom\", \"text\": \"after a byte order mark\"}\n"
            .getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 120; i++) {
      if (i % 8 == 4) {
        // A UTF-8 lead byte without its continuation bytes.
        out.writeBytes(
            ("{\"id\": \"d" + i + "\", \"text\": \"bad ").getBytes(StandardCharsets.UTF_8));
        out.write(0xE6);
        out.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        continue;
      }

      String line =
          switch (i % 8) {
            case 0 -> "{\"id\": \"d" + i + "\", \"text\": \"plain line " + i + "\"}\n";
            case 1 -> "{\"text\": \"no id, 漢字 " + i + "\"}\r\n";
            case 2 -> "\n";
            case 3 -> "{\"id\": \"d" + i + "\", \"text\": \"emoji \uD83D\uDE00 é " + i + "\"}\n";
            case 5 -> "{\"id\": \"d" + (i - 5) + "\", \"text\": \"an id seen before\"}\n";
            case 6 -> "   \r\n";
            case 7 -> "{\"id\": \"d" + i + "\", \"text\": \"" + "長い".repeat(i) + "\"}\n";
            default -> throw new IllegalStateException("no line of kind " + i % 8);
          };
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    }

    out.writeBytes(
        "{\"id\": \"last\", \"text\": \"no newline at the end\"}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The tokenized documents, sorted by where they were read, with every column a read sets. */
  private static List<Row> documentRows(StageContext context) {
    return sortedRows(
        context,
        DataTables.TOKENIZED_DOCUMENTS,
        "source_file",
        "line_number",
        "document_id",
        "token_count",
        "tokens",
        "text_bytes");
  }

  /** The quarantined records, sorted by where they were read. */
  private static List<Row> quarantineRows(StageContext context) {
    return sortedRows(
        context,
        DataTables.TOKENIZE_QUARANTINE,
        "source_file",
        "line_number",
        "reason",
        "detail",
        "excerpt");
  }

  private static List<Row> sortedRows(
      StageContext context, TableDefinition table, String... columns) {
    String[] rest = Arrays.copyOfRange(columns, 1, columns.length);
    return context
        .catalog()
        .read(table)
        .select(columns[0], rest)
        .orderBy(columns[0], rest)
        .collectAsList();
  }

  @Test
  void filesReadInByteRangesAndLineStripesGiveTheSameRowsAsWholeFiles() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("split"));
    byte[] lines = linesOfEveryKind();
    Files.write(folder.resolve("plain.jsonl"), lines);
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(folder.resolve("packed.jsonl.gz")))) {
      out.write(lines);
    }

    Path warehouse = temp.resolve("warehouse");
    String input = "tokenize.inputs=[{domain=english, path=\"" + folder + "\"}]";
    StageContext whole =
        TestSpark.context("tokenize", null, warehouse, input, "tokenize.partitions=1");
    TokenizeJob.Summary first = TokenizeJob.run(whole);
    long[] versions = versions(whole);
    List<Row> documents =
        documentRows(whole);
    List<Row> quarantine =
        quarantineRows(whole);

    assertThat(first.fileParts()).isEqualTo(2);
    // Each file holds 77 documents, 15 of which repeat an earlier id, and 15 lines not UTF-8.
    // packed.jsonl.gz sorts first and keeps its 62 distinct ids; plain.jsonl adds only its 15
    // default ids, and every other id of it repeats one of packed.jsonl.gz.
    assertThat(documents).hasSize(62 + 15);
    assertThat(quarantine).hasSize(2 * 15 + 15 + 62);
    assertThat(quarantine).filteredOn(r -> r.getString(2).equals("INVALID_UTF8")).hasSize(2 * 15);
    assertThat(documents)
        .filteredOn(r -> r.getString(0).endsWith("plain.jsonl"))
        .extracting(r -> r.getString(2))
        .hasSize(15)
        .contains("plain.jsonl:3", "plain.jsonl:115");
    for (String[] split :
        List.of(
            new String[] {"tokenize.partitions=7", "tokenize.min-split-bytes=512"},
            new String[] {"tokenize.partitions=40", "tokenize.min-split-bytes=16"})) {
      StageContext parts =
          TestSpark.context("tokenize", null, warehouse, input, split[0], split[1]);

      TokenizeJob.Summary summary = TokenizeJob.run(parts);

      assertThat(summary.fileParts()).as(split[0]).isGreaterThan(5);
      assertThat(summary.domains()).isEqualTo(first.domains());
      assertThat(summary.outcomes()).allSatisfy(o -> assertThat(o.changedRows()).isZero());
      assertThat(versions(parts)).containsExactly(versions);
      assertThat(documentRows(parts)).isEqualTo(documents);
      assertThat(quarantineRows(parts)).isEqualTo(quarantine);
    }
  }

  @Test
  void missingInputsAndUnknownTokenizersAreReportedWithTheFix() {
    Path warehouse = temp.resolve("warehouse");
    StageContext missing =
        TestSpark.context(
            "tokenize",
            null,
            warehouse,
            "tokenize.inputs=[{domain=code, path=\"" + temp.resolve("absent") + "\"}]");
    assertThatThrownBy(() -> TokenizeJob.run(missing))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            "the corpus input of domain code does not exist: "
                + temp.resolve("absent")
                + ": no file or folder at that location. Fix: fix the path of that input in"
                + " tokenize.inputs");

    StageContext badTokenizer =
        TestSpark.context(
            "tokenize",
            null,
            warehouse,
            "tokenizer.name=o300k_base",
            "tokenize.inputs=[{domain=code, path=\""
                + corpora().resolve("code/valid.jsonl")
                + "\"}]");
    assertThatThrownBy(() -> TokenizeJob.run(badTokenizer))
        .isInstanceOf(MixlawException.class)
        .hasMessageStartingWith("the tokenizer ")
        .hasMessageContaining("o300k_base does not exist or is not a file")
        .hasMessageEndingWith("Fix: fix tokenizer.name or tokenizer.end-of-document");

    StageContext none = TestSpark.context("tokenize", null, warehouse);
    assertThatThrownBy(() -> TokenizeJob.run(none))
        .hasMessageStartingWith(
            "no corpus inputs are configured: tokenize.inputs is missing or empty.");
  }

  private static long[] versions(StageContext context) {
    return new long[] {
      context.catalog().version(DataTables.TOKENIZED_DOCUMENTS),
      context.catalog().version(DataTables.TOKENIZE_QUARANTINE),
      context.catalog().version(DataTables.DOMAIN_TOKEN_STATS)
    };
  }
}
