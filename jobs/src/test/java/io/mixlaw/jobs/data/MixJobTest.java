package io.mixlaw.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.DataTables;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.tokenization.mix.DomainAllocation;
import io.mixlaw.tokenization.mix.DomainProportion;
import io.mixlaw.tokenization.mix.MixSummary;
import io.mixlaw.tokenization.mix.MixVerification;
import io.mixlaw.tokenization.mix.ShardDocumentRecord;
import io.mixlaw.tokenization.mix.ShardManifestEntry;
import io.mixlaw.tokenization.shard.MegatronShardReader;
import io.mixlaw.tokenization.shard.MegatronShardWriter;
import io.mixlaw.tokenization.shard.TokenDtype;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokenize, mix and verify-shards on the bundled validation splits. */
class MixJobTest {

  @TempDir static Path temp;

  private static Path warehouse;

  @BeforeAll
  static void tokenizeTheBundledValidationSplits() {
    warehouse = temp.resolve("warehouse");
    StringBuilder inputs = new StringBuilder("tokenize.inputs=[");
    for (String domain : List.of("chinese", "code", "english", "knowledge", "math")) {
      inputs.append(
          String.format(
              "{domain=%s, path=\"%s\"},",
              domain,
              TestSpark.repositoryRoot()
                  .resolve("examples/corpora")
                  .resolve(domain)
                  .resolve("valid.jsonl")));
    }

    TokenizeJob.run(TestSpark.context("tokenize", null, warehouse, inputs.append("]").toString()));
  }

  private static final String UNIFORM_ONLY =
      "mix.mixtures=[{id=uniform, weights {chinese=0.2, code=0.2, english=0.2, knowledge=0.2,"
          + " math=0.2}}]";

  private static StageContext context(String stage, Path shards, String... more) {
    List<String> overrides =
        new ArrayList<>(
            List.of(
                "mix.output-dir=" + shards,
                "mix.total-tokens=60000",
                "mix.sequence-length=512",
                "mix.sequences-per-shard=16",
                "mix.seed=7",
                "mix.mixtures=[{id=uniform, weights {chinese=0.2, code=0.2, english=0.2,"
                    + " knowledge=0.2, math=0.2}}, {id=\"code heavy\", total-tokens=30000, weights"
                    + " {code=0.6, math=0.4, english=0}}]"));
    overrides.addAll(List.of(more));
    return TestSpark.context(stage, null, warehouse, overrides.toArray(String[]::new));
  }

  @Test
  void mixWritesShardsThatVerifyAndRerunsToTheSameBytes() throws IOException {
    Path shards = temp.resolve("shards-a");
    StageContext context = context("mix", shards);

    MixJob.Summary summary = MixJob.run(context);

    assertThat(summary.mixtures())
        .extracting(MixJob.MixtureResult::mixtureId)
        .containsExactly("uniform", "code heavy");
    MixJob.MixtureResult uniform = summary.mixtures().get(0);
    assertThat(uniform.shards()).isEqualTo(8);
    for (DomainAllocation a : uniform.allocations()) {
      assertThat(a.targetTokens()).isEqualTo(12_000);
      assertThat(a.withinOneDocument()).as(a.domain()).isTrue();
    }

    MixJob.MixtureResult codeHeavy = summary.mixtures().get(1);
    assertThat(codeHeavy.allocations())
        .extracting(DomainAllocation::domain, DomainAllocation::targetTokens)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("code", 18_000L),
            org.assertj.core.api.Assertions.tuple("english", 0L),
            org.assertj.core.api.Assertions.tuple("math", 12_000L));
    assertThat(Files.exists(shards.resolve("code_heavy/code_heavy-00000.bin"))).isTrue();
    try (MegatronShardReader reader =
        MegatronShardReader.open(shards.resolve("uniform/uniform-00000"))) {
      assertThat(reader.totalTokens()).isEqualTo(512 * 16);
      assertThat(reader.dtypeCode()).isEqualTo(4);
    }

    List<Row> manifest =
        context
            .catalog()
            .read(DataTables.SHARD_MANIFEST)
            .filter(col("mixture_id").equalTo("uniform"))
            .orderBy("shard_index")
            .collectAsList();
    assertThat(manifest).hasSize(8);
    long manifestTokens = manifest.stream().mapToLong(r -> r.<Long>getAs("tokens")).sum();
    assertThat(manifestTokens).isEqualTo(uniform.tokens());
    Map<String, Long> byDomain =
        new TreeMap<>(
            manifest
                .get(0)
                .<String, Long>getJavaMap(manifest.get(0).fieldIndex("tokens_by_domain")));
    assertThat(byDomain.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(512 * 16);

    VerifyShardsJob.Summary verified = VerifyShardsJob.run(context("verify-shards", shards));
    assertThat(verified.ok()).isTrue();
    assertThat(verified.mixtures()).hasSize(2);
    for (MixVerification m : verified.mixtures()) {
      for (DomainProportion p : m.proportions()) {
        assertThat(p.withinTolerance()).as(m.mixtureId() + " " + p.domain()).isTrue();
      }
    }

    Map<String, String> before = checksums(shards);
    long version = context.catalog().version(DataTables.SHARD_MANIFEST);
    MixJob.Summary again = MixJob.run(context("mix", shards));
    assertThat(again.outcomes()).allSatisfy(o -> assertThat(o.changedRows()).isZero());
    assertThat(context.catalog().version(DataTables.SHARD_MANIFEST)).isEqualTo(version);
    assertThat(checksums(shards)).isEqualTo(before);
  }

  @Test
  void aSmallerBudgetRemovesTheShardsAndRowsOfTheEarlierLayout() throws IOException {
    Path shards = temp.resolve("shards-b");
    MixJob.run(context("mix", shards, UNIFORM_ONLY));
    MixJob.run(context("mix", shards, UNIFORM_ONLY, "mix.total-tokens=20000"));

    StageContext context = context("verify-shards", shards, UNIFORM_ONLY);
    try (Stream<Path> files = Files.list(shards.resolve("uniform"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".bin"))).hasSize(3);
    }

    assertThat(
            context
                .catalog()
                .read(DataTables.SHARD_MANIFEST)
                .filter(col("mixture_id").equalTo("uniform"))
                .count())
        .isEqualTo(3);
    assertThat(VerifyShardsJob.run(context).ok()).isTrue();
  }

  @Test
  void verifyShardsFailsNamingADamagedShard() throws IOException {
    Path shards = temp.resolve("shards-c");
    MixJob.run(context("mix", shards, UNIFORM_ONLY));
    Path bin = shards.resolve("uniform/uniform-00003.bin");
    byte[] bytes = Files.readAllBytes(bin);
    bytes[10] ^= 0x40;
    Files.write(bin, bytes);

    assertThatThrownBy(
            () ->
                VerifyShardsJob.run(
                    context("verify-shards", shards, "verify-shards.mixtures=[uniform]")))
        .isInstanceOf(MixlawException.class)
        .hasMessageStartingWith(
            "shard verification failed for 1 of 1 mixtures: uniform: uniform-00003: checksum"
                + " mismatch for uniform-00003.bin: ")
        .hasMessageEndingWith("Fix: rerun mix for those mixtures to rewrite their shards");
  }

  @Test
  void verifyShardsRecountsAShardWhoseTokenChangedEvenWithItsChecksumsRewritten()
      throws IOException {
    Path shards = temp.resolve("shards-g");
    StageContext mix = context("mix", shards, UNIFORM_ONLY);
    MixJob.run(mix);
    Path folder = shards.resolve("uniform");
    List<ShardDocumentRecord> map = readMap(folder.resolve("uniform-00002.documents.jsonl"));
    int entry = wholeDocumentEntry(map, 3);
    ShardDocumentRecord record = map.get(entry);
    int original;
    long pointer;
    try (MegatronShardReader reader = MegatronShardReader.open(folder.resolve("uniform-00002"))) {
      original = reader.sequence(entry)[2];
      pointer = reader.sequencePointer(entry);
    }

    writeInt(folder.resolve("uniform-00002.bin"), pointer + 2 * 4, original + 1);
    // The description and the manifest now vouch for the changed file: only a recount can tell.
    String sha = sha256(folder.resolve("uniform-00002.bin"));
    MixSummary summary = MixSummary.read(MixSummary.file(folder, "uniform"));
    List<ShardManifestEntry> entries = new ArrayList<>(summary.shards());
    ShardManifestEntry e = entries.get(2);
    entries.set(
        2,
        new ShardManifestEntry(
            e.mixtureId(),
            e.shardIndex(),
            e.prefix(),
            e.dtype(),
            e.firstSequence(),
            e.sequences(),
            e.sequenceLength(),
            e.tokens(),
            e.pieces(),
            e.tokensByDomain(),
            e.documentsByDomain(),
            sha,
            e.idxSha256(),
            e.documentMapSha256()));
    new MixSummary(
            summary.mixtureId(),
            summary.tokenizer(),
            summary.dtype(),
            summary.endOfDocumentToken(),
            summary.sequenceLength(),
            summary.sequencesPerShard(),
            summary.budgetTokens(),
            summary.seed(),
            summary.weights(),
            summary.maxEpochs(),
            summary.allocations(),
            entries)
        .write(folder);
    DeltaTable.forPath(mix.spark(), mix.catalog().location(DataTables.SHARD_MANIFEST))
        .update(
            col("mixture_id").equalTo("uniform").and(col("shard_index").equalTo(2)),
            Map.of("bin_sha256", lit(sha)));

    assertThatThrownBy(
            () ->
                VerifyShardsJob.run(
                    context("verify-shards", shards, "verify-shards.mixtures=[uniform]")))
        .isInstanceOf(MixlawException.class)
        .hasMessage(
            String.format(
                Locale.ROOT,
                "shard verification failed for 1 of 1 mixtures: uniform: uniform-00002: entry %d:"
                    + " document %s of domain %s differs from tokenized_documents at token 2 of %d:"
                    + " %d in the shard, %d in the table. Fix: rerun mix for those mixtures to"
                    + " rewrite their shards",
                entry,
                record.documentId(),
                record.domain(),
                record.documentTokens(),
                original + 1,
                original));
  }

  @Test
  void verifyShardsNamesADocumentMissingFromAShard() throws IOException {
    Path shards = temp.resolve("shards-h");
    MixJob.run(context("mix", shards, UNIFORM_ONLY));
    Path folder = shards.resolve("uniform");
    List<ShardDocumentRecord> map = readMap(folder.resolve("uniform-00004.documents.jsonl"));
    int removed = wholeDocumentEntry(map, 2);
    removeEntry(folder, "uniform-00004", map, removed);

    assertThatThrownBy(
            () ->
                VerifyShardsJob.run(
                    context("verify-shards", shards, "verify-shards.mixtures=[uniform]")))
        .isInstanceOf(MixlawException.class)
        .hasMessageStartingWith("shard verification failed for 1 of 1 mixtures: ")
        .hasMessageContaining("uniform: uniform-00004: checksum mismatch for uniform-00004.bin")
        .hasMessageNotContaining("realized for a target")
        .hasMessageContaining(
            String.format(
                Locale.ROOT,
                "uniform: uniform-00004: document %s of domain %s is missing from the shard: the"
                    + " recomputed plan puts it at entry %d, where the shard holds the plan's next"
                    + " document %s; uniform: uniform-00004: later entries are not compared",
                map.get(removed).documentId(),
                map.get(removed).domain(),
                removed,
                map.get(removed + 1).documentId()));
  }

  @Test
  void aBudgetBeyondTheCorporaListsEveryShortDomain() {
    Path shards = temp.resolve("shards-d");
    assertThatThrownBy(
            () ->
                MixJob.run(
                    context("mix", shards, "mix.total-tokens=2000000", "mix.max-epochs.code=3")))
        .isInstanceOf(MixlawException.class)
        .hasMessageStartingWith(
            "mixture uniform cannot be drawn from the tokenized corpora: mixture uniform cannot be"
                + " met with a budget of 2,000,000 tokens; 5 domain(s) are short:")
        .hasMessageContaining("  code: needs 400,000 tokens, has ")
        .hasMessageContaining(" x 3 epoch(s) = ")
        .hasMessageEndingWith(
            "Fix: set mix.max-epochs.<domain>, mix.total-tokens or the weights accordingly");
  }

  @Test
  void aMixtureThatCannotBeMetLeavesTheMixturesBeforeItUnwrittenAndCollidingIdsAreRefused() {
    Path shards = temp.resolve("shards-i");
    String small = "{id = small, weights {code = 1.0}, total-tokens = 1000}";
    String huge = "{id = huge, weights {math = 1.0}, total-tokens = 100000000}";
    assertThatThrownBy(
            () -> MixJob.run(context("mix", shards, "mix.mixtures=[" + small + ", " + huge + "]")))
        .hasMessageStartingWith("mixture huge cannot be drawn from the tokenized corpora");
    assertThat(shards.resolve("small")).doesNotExist();

    assertThatThrownBy(
            () ->
                MixJob.run(
                    context(
                        "mix",
                        shards,
                        "mix.mixtures=[{id = \"a/b\", weights {code = 1.0}},"
                            + " {id = \"a b\", weights {code = 1.0}}]")))
        .hasMessage(
            "mixtures 'a/b' and 'a b' would share one shard folder: both ids become a_b once"
                + " characters other than letters, digits, '.', '_' and '-' are replaced. Fix: give"
                + " one of them another id");
    assertThat(shards.resolve("a_b")).doesNotExist();
  }

  @Test
  void aRecommendedMixtureIsMappedOntoCorpusDomains() {
    Path shards = temp.resolve("shards-e");
    StageContext context =
        context(
            "mix",
            shards,
            "mix.mixtures=[]",
            "mix.recommendations=[rec-1]",
            "mix.domain-map={academic=knowledge, prose=english, symbolic=code,"
                + " internet=knowledge}");
    List<Row> rows = new ArrayList<>();
    Map<String, Double> weights =
        Map.of("academic", 0.1, "prose", 0.3, "symbolic", 0.4, "internet", 0.2);
    weights.forEach(
        (domain, weight) ->
            rows.add(
                RowFactory.create(
                    "rec-1",
                    domain,
                    weight,
                    weight,
                    weight,
                    weight,
                    0.0,
                    1.0,
                    2.5,
                    2.4,
                    2.6,
                    0.95,
                    "fit-1",
                    "camel",
                    "1B",
                    1e9,
                    1e9,
                    2e10,
                    1e9,
                    "geometric",
                    "non-embedding",
                    10,
                    0,
                    1e-9,
                    1L,
                    1L)));
    context
        .catalog()
        .mergeChanges(
            "test",
            Tables.MIXTURE_RECOMMENDATIONS,
            context.catalog().frame(Tables.MIXTURE_RECOMMENDATIONS, rows));

    MixJob.Summary summary = MixJob.run(context);

    MixJob.MixtureResult result = summary.mixtures().get(0);
    assertThat(result.mixtureId()).isEqualTo("rec-1");
    assertThat(result.allocations())
        .extracting(DomainAllocation::domain, DomainAllocation::weight)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("code", 0.4),
            org.assertj.core.api.Assertions.tuple("english", 0.3),
            org.assertj.core.api.Assertions.tuple("knowledge", 0.30000000000000004));
    assertThat(result.allocations()).allMatch(DomainAllocation::withinOneDocument);
  }

  @Test
  void aHuggingFaceTokenizerFileGivesItsOwnRowsAndUint16Shards() throws IOException {
    Path tokenizer =
        TestSpark.repositoryRoot()
            .resolve(
                "tokenization/src/test/resources/io/mixlaw/tokenization/tiny-bpe-tokenizer.json");
    Path shards = temp.resolve("shards-f");
    String english =
        TestSpark.repositoryRoot().resolve("examples/corpora/english/valid.jsonl").toString();
    String[] hf = {
      "tokenizer.name=\"" + tokenizer + "\"",
      "tokenize.inputs=[{domain=english, path=\"" + english + "\"}]",
      "mix.mixtures=[{id=tiny, weights {english=1.0}}]",
      "mix.total-tokens=5000"
    };

    TokenizeJob.Summary tokenized = TokenizeJob.run(context("tokenize", shards, hf));
    MixJob.Summary mixed = MixJob.run(context("mix", shards, hf));

    assertThat(tokenized.tokenizer()).matches("hf:tiny-bpe-tokenizer\\.json#[0-9a-f]{12}");
    assertThat(tokenized.domains().get(0).documents()).isEqualTo(26);
    StageContext context = context("verify-shards", shards, hf);
    assertThat(
            context
                .catalog()
                .read(DataTables.TOKENIZED_DOCUMENTS)
                .filter(col("domain").equalTo("english"))
                .select("tokenizer")
                .distinct()
                .count())
        .isEqualTo(2);
    assertThat(mixed.mixtures().get(0).allocations().get(0).withinOneDocument()).isTrue();
    try (MegatronShardReader reader = MegatronShardReader.open(shards.resolve("tiny/tiny-00000"))) {
      assertThat(reader.dtypeCode()).isEqualTo(8);
      int[] tokens = reader.sequence(0);
      assertThat(java.util.Arrays.stream(tokens).boxed().toList())
          .isNotEmpty()
          .allMatch(t -> t >= 0 && t < 39);
    }

    assertThat(VerifyShardsJob.run(context).ok()).isTrue();
  }

  /** The first entry from {@code from} on that holds a whole document of at least 5 tokens. */
  private static int wholeDocumentEntry(List<ShardDocumentRecord> map, int from) {
    for (int i = from; i < map.size() - 1; i++) {
      ShardDocumentRecord record = map.get(i);
      if (record.offset() == 0 && record.endsDocument() && record.length() >= 5) {
        return i;
      }
    }

    throw new IllegalStateException("no whole document after entry " + from);
  }

  private static List<ShardDocumentRecord> readMap(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<ShardDocumentRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      records.add(json.readValue(line, ShardDocumentRecord.class));
    }

    return records;
  }

  private static void writeInt(Path file, long position, int value) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
      buffer.flip();
      channel.write(buffer, position);
    }
  }

  /** Rewrites a shard and its document map without one entry, keeping the two consistent. */
  private static void removeEntry(
      Path folder, String prefix, List<ShardDocumentRecord> map, int removed) throws IOException {
    List<int[]> runs = new ArrayList<>();
    try (MegatronShardReader reader = MegatronShardReader.open(folder.resolve(prefix))) {
      for (int i = 0; i < reader.sequenceCount(); i++) {
        runs.add(reader.sequence(i));
      }
    }

    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    try (MegatronShardWriter writer =
        MegatronShardWriter.create(folder.resolve(prefix), TokenDtype.INT32)) {
      for (int i = 0; i < runs.size(); i++) {
        if (i != removed) {
          writer.addSequence(runs.get(i), 0, runs.get(i).length);
          writer.endDocument();
          ShardDocumentRecord r = map.get(i);
          lines.add(
              json.writeValueAsString(
                  new ShardDocumentRecord(
                      lines.size(),
                      r.domain(),
                      r.documentId(),
                      r.epoch(),
                      r.offset(),
                      r.length(),
                      r.documentTokens())));
        }
      }

      writer.finish();
    }

    Files.write(folder.resolve(prefix + ".documents.jsonl"), lines, StandardCharsets.UTF_8);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> checksums(Path root) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        try {
          sums.put(
              root.relativize(file).toString(),
              HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    return sums;
  }
}
