package io.mixlaw.tokenization.mix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixlaw.tokenization.TestCorpora;
import io.mixlaw.tokenization.Tokenizer;
import io.mixlaw.tokenization.Tokenizers;
import io.mixlaw.tokenization.corpus.CorpusDocument;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import io.mixlaw.tokenization.corpus.CorpusReader;
import io.mixlaw.tokenization.shard.MegatronShardReader;
import io.mixlaw.tokenization.shard.MegatronShardWriter;
import io.mixlaw.tokenization.shard.TokenDtype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixtureShardWriterTest {

  private static final int SEQUENCE_LENGTH = 512;
  private static final int SEQUENCES_PER_SHARD = 32;

  /** Tokens of every document of the five bundled validation splits, by domain and id. */
  private static final Map<String, Map<String, int[]>> TOKENS = new TreeMap<>();

  private static Tokenizer tokenizer;

  @TempDir Path temp;

  @BeforeAll
  static void tokenizeTheBundledValidationSplits() {
    tokenizer = Tokenizers.byName("o200k_base");
    for (String domain : TestCorpora.DOMAINS) {
      Map<String, int[]> documents = new LinkedHashMap<>();
      Path file = TestCorpora.root().resolve(domain).resolve("valid.jsonl");
      CorpusReader.readAll(
          CorpusInput.of(domain, file.toString(), CorpusFormat.JSON_LINES),
          record -> {
            CorpusDocument document = (CorpusDocument) record;
            documents.put(document.id(), tokenizer.encode(document.text()));
          });
      TOKENS.put(domain, documents);
    }
  }

  private static List<DomainDocuments> domains() {
    List<DomainDocuments> domains = new ArrayList<>();
    TOKENS.forEach(
        (domain, documents) -> {
          String[] ids = documents.keySet().toArray(String[]::new);
          int[] counts = documents.values().stream().mapToInt(t -> t.length).toArray();
          domains.add(DomainDocuments.sorted(domain, ids, counts));
        });
    return domains;
  }

  private static MixtureRequest request(long seed) {
    return MixtureRequest.of(
        "demo mix/1",
        Map.of("chinese", 0.2, "code", 0.2, "english", 0.3, "knowledge", 0.1, "math", 0.2),
        80_000,
        seed);
  }

  /** Plans, writes every shard and the description; returns the description. */
  private static MixSummary writeMixture(Path directory, long seed) {
    MixPlan plan = MixPlanner.plan(request(seed), domains());
    TokenDtype dtype = TokenDtype.forVocabularySize(tokenizer.vocabularySize());
    MixtureShardWriter writer =
        new MixtureShardWriter(directory, dtype, tokenizer.endOfDocumentToken(), SEQUENCE_LENGTH);
    List<ShardManifestEntry> entries = new ArrayList<>();
    for (ShardSpec shard : ShardLayout.of(plan, SEQUENCE_LENGTH, SEQUENCES_PER_SHARD)) {
      entries.add(writer.write(plan, shard, (domain, id) -> TOKENS.get(domain).get(id).clone()));
    }

    MixSummary summary =
        MixSummary.of(
            plan,
            tokenizer.name(),
            dtype.name(),
            tokenizer.endOfDocumentToken(),
            SEQUENCE_LENGTH,
            SEQUENCES_PER_SHARD,
            entries);
    summary.write(directory);
    return summary;
  }

  @Test
  void writtenMixtureVerifiesAndMeetsEveryDomainTargetWithinOneDocument() {
    MixSummary summary = writeMixture(temp, 7);
    MixVerification verification = ShardVerifier.verify(temp, "demo mix/1");

    assertThat(verification.allProblems()).isEmpty();
    assertThat(verification.ok()).isTrue();
    assertThat(summary.dtype()).isEqualTo("INT32");
    assertThat(summary.shards()).hasSize(5);
    assertThat(summary.shards().get(0).prefix()).isEqualTo("demo_mix_1-00000");
    assertThat(summary.shards().subList(0, 4))
        .allMatch(s -> s.tokens() == SEQUENCE_LENGTH * SEQUENCES_PER_SHARD);
    assertThat(verification.totalTokens())
        .isEqualTo(
            summary.allocations().stream().mapToLong(DomainAllocation::realizedTokens).sum());
    for (DomainProportion proportion : verification.proportions()) {
      assertThat(proportion.withinTolerance()).as(proportion.domain()).isTrue();
      assertThat(Math.abs(proportion.realizedShare() - proportion.requestedWeight()))
          .as(proportion.domain())
          .isLessThan((double) proportion.toleranceTokens() / 80_000 + 1e-3);
    }
  }

  @Test
  void shardsHoldEachDrawnDocumentsTokensFollowedByTheEndToken() {
    MixSummary summary = writeMixture(temp, 7);
    Map<String, List<Integer>> rebuilt = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (ShardManifestEntry entry : summary.shards()) {
      List<ShardDocumentRecord> map = readMap(temp.resolve(entry.prefix() + ".documents.jsonl"));
      try (MegatronShardReader reader = MegatronShardReader.open(temp.resolve(entry.prefix()))) {
        assertThat(reader.dtypeCode()).isEqualTo(4);
        for (int i = 0; i < reader.sequenceCount(); i++) {
          ShardDocumentRecord record = map.get(i);
          String key = record.domain() + "/" + record.documentId() + "/" + record.epoch();
          if (record.offset() == 0) {
            order.add(key);
          }

          List<Integer> tokens = rebuilt.computeIfAbsent(key, k -> new ArrayList<>());
          for (int token : reader.sequence(i)) {
            tokens.add(token);
          }
        }
      }
    }

    assertThat(rebuilt).hasSize(order.size());
    rebuilt.forEach(
        (key, tokens) -> {
          String[] parts = key.split("/", -1);
          int[] expected = TOKENS.get(parts[0]).get(parts[1]);
          assertThat(tokens).hasSize(expected.length + 1);
          for (int i = 0; i < expected.length; i++) {
            assertThat(tokens.get(i)).isEqualTo(expected[i]);
          }

          assertThat(tokens.get(expected.length)).isEqualTo(199_999);
        });
  }

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
    Path first = Files.createDirectories(temp.resolve("first"));
    Path second = Files.createDirectories(temp.resolve("second"));
    Path other = Files.createDirectories(temp.resolve("other"));
    writeMixture(first, 7);
    writeMixture(second, 7);
    writeMixture(other, 8);

    List<String> names = fileNames(first);
    assertThat(names).hasSize(5 * 3 + 1).isEqualTo(fileNames(second));
    for (String name : names) {
      assertThat(Files.readAllBytes(second.resolve(name)))
          .as(name)
          .isEqualTo(Files.readAllBytes(first.resolve(name)));
    }

    assertThat(Files.readAllBytes(other.resolve("demo_mix_1-00000.bin")))
        .isNotEqualTo(Files.readAllBytes(first.resolve("demo_mix_1-00000.bin")));
  }

  @Test
  void verificationReportsADamagedShard() throws IOException {
    writeMixture(temp, 7);
    Path bin = temp.resolve("demo_mix_1-00002.bin");
    byte[] bytes = Files.readAllBytes(bin);
    bytes[100] ^= 1;
    Files.write(bin, bytes);
    Files.delete(temp.resolve("demo_mix_1-00004.idx"));

    MixVerification verification = ShardVerifier.verify(temp, "demo mix/1");

    assertThat(verification.ok()).isFalse();
    assertThat(verification.allProblems())
        .anyMatch(
            p -> p.startsWith("demo_mix_1-00002: checksum mismatch for demo_mix_1-00002.bin: "))
        .anyMatch(
            p ->
                p.equals("demo_mix_1-00004: missing file " + temp.resolve("demo_mix_1-00004.idx")))
        .noneMatch(p -> p.startsWith("domain "))
        .hasSize(2);
    assertThat(verification.shards())
        .filteredOn(check -> !check.counted())
        .extracting(ShardCheck::shardIndex)
        .containsExactly(2, 4);
    MixSummary summary = MixSummary.read(MixSummary.file(temp, "demo mix/1"));
    for (DomainProportion proportion : verification.proportions()) {
      long unread =
          summary.shards().get(2).tokensByDomain().getOrDefault(proportion.domain(), 0L)
              + summary.shards().get(4).tokensByDomain().getOrDefault(proportion.domain(), 0L);
      assertThat(proportion.unreadTokens()).as(proportion.domain()).isEqualTo(unread);
      assertThat(proportion.withinTolerance()).as(proportion.domain()).isTrue();
    }
  }

  @Test
  void aDomainPastItsTargetWhateverTheUnreadShardsHoldIsStillReported() {
    DomainProportion over = new DomainProportion("code", 0.5, 1000, 1200, 0.6, 100, 500);
    DomainProportion under = new DomainProportion("math", 0.5, 1000, 300, 0.4, 100, 500);
    DomainProportion possible = new DomainProportion("prose", 0.5, 1000, 700, 0.4, 100, 500);

    assertThat(over.withinTolerance()).isFalse();
    assertThat(under.withinTolerance()).isFalse();
    assertThat(possible.withinTolerance()).isTrue();
    assertThat(possible.exact()).isFalse();
    assertThat(new MixVerification("m", List.of(), List.of(under), 1000, List.of()).allProblems())
        .containsExactly(
            "domain math: 300 tokens realized (and at most 500 in unread shards) for a target of"
                + " 1,000, off by more than one document (100 tokens)");
  }

  @Test
  void aRecountOfSoundShardsAgainstTheDocumentsFindsNothing() {
    MixSummary summary = writeMixture(temp, 7);
    MixPlan plan = MixPlanner.plan(summary.request(), domains());
    List<ShardSpec> layout = ShardLayout.of(plan, SEQUENCE_LENGTH, SEQUENCES_PER_SHARD);

    assertThat(layout).hasSize(summary.shards().size());
    for (ShardManifestEntry entry : summary.shards()) {
      assertThat(recount(entry, plan, layout)).as(entry.prefix()).isEmpty();
    }
  }

  @Test
  void aRecountNamesTheDocumentOfAChangedTokenAndOfAMissingEntry() throws IOException {
    MixSummary summary = writeMixture(temp, 7);
    MixPlan plan = MixPlanner.plan(summary.request(), domains());
    List<ShardSpec> layout = ShardLayout.of(plan, SEQUENCE_LENGTH, SEQUENCES_PER_SHARD);

    ShardManifestEntry changed = summary.shards().get(2);
    List<ShardDocumentRecord> map = readMap(temp.resolve(changed.prefix() + ".documents.jsonl"));
    int entry = wholeDocumentEntry(map, 5);
    ShardDocumentRecord record = map.get(entry);
    int[] original = TOKENS.get(record.domain()).get(record.documentId());
    long pointer;
    try (MegatronShardReader reader = MegatronShardReader.open(temp.resolve(changed.prefix()))) {
      pointer = reader.sequencePointer(entry);
    }

    writeInt(temp.resolve(changed.prefix() + ".bin"), pointer + 4L * 3, original[3] + 1);

    assertThat(recount(changed, plan, layout))
        .containsExactly(
            String.format(
                Locale.ROOT,
                "entry %d: document %s of domain %s differs from tokenized_documents at token 3 of"
                    + " %d: %d in the shard, %d in the table",
                entry,
                record.documentId(),
                record.domain(),
                original.length + 1,
                original[3] + 1,
                original[3]));

    ShardManifestEntry shortened = summary.shards().get(3);
    List<ShardDocumentRecord> fullMap =
        readMap(temp.resolve(shortened.prefix() + ".documents.jsonl"));
    int removed = wholeDocumentEntry(fullMap, 7);
    removeEntry(shortened.prefix(), fullMap, removed);

    assertThat(recount(shortened, plan, layout))
        .containsExactly(
            String.format(
                Locale.ROOT,
                "document %s of domain %s is missing from the shard: the recomputed plan puts it at"
                    + " entry %d, where the shard holds the plan's next document %s",
                fullMap.get(removed).documentId(),
                fullMap.get(removed).domain(),
                removed,
                fullMap.get(removed + 1).documentId()),
            "later entries are not compared");
  }

  private List<String> recount(ShardManifestEntry entry, MixPlan plan, List<ShardSpec> layout) {
    return ShardVerifier.recount(
        temp,
        entry,
        plan,
        layout.get(entry.shardIndex()),
        tokenizer.endOfDocumentToken(),
        (domain, id) -> TOKENS.get(domain).get(id));
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

  private static void writeInt(Path file, long position, int value) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
      buffer.flip();
      channel.write(buffer, position);
    }
  }

  /** Rewrites a shard and its document map without one entry, keeping both consistent. */
  private void removeEntry(String prefix, List<ShardDocumentRecord> map, int removed)
      throws IOException {
    List<int[]> runs = new ArrayList<>();
    try (MegatronShardReader reader = MegatronShardReader.open(temp.resolve(prefix))) {
      for (int i = 0; i < reader.sequenceCount(); i++) {
        runs.add(reader.sequence(i));
      }
    }

    List<String> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (MegatronShardWriter writer =
        MegatronShardWriter.create(temp.resolve(prefix), TokenDtype.INT32)) {
      for (int i = 0; i < runs.size(); i++) {
        if (i == removed) {
          continue;
        }

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

      writer.finish();
    }

    Files.write(temp.resolve(prefix + ".documents.jsonl"), lines, StandardCharsets.UTF_8);
  }

  @Test
  void aSmallVocabularyWritesUint16ShardsThatVerify() {
    try (Tokenizer small = Tokenizers.fromHuggingFaceFile(TestCorpora.tinyTokenizer())) {
      Map<String, int[]> tokens = new HashMap<>();
      List<String> ids = new ArrayList<>();
      List<Integer> counts = new ArrayList<>();
      List<String> texts = TestCorpora.texts("english", "valid", 6);
      for (int i = 0; i < texts.size(); i++) {
        int[] encoded = small.encode(texts.get(i).toLowerCase(Locale.ROOT));
        tokens.put("e" + i, encoded);
        ids.add("e" + i);
        counts.add(encoded.length);
      }

      DomainDocuments english =
          DomainDocuments.sorted(
              "english",
              ids.toArray(String[]::new),
              counts.stream().mapToInt(Integer::intValue).toArray());
      MixPlan plan =
          MixPlanner.plan(
              MixtureRequest.of("tiny", Map.of("english", 1.0), 3_000, 1), List.of(english));
      TokenDtype dtype = TokenDtype.forVocabularySize(small.vocabularySize());
      MixtureShardWriter writer =
          new MixtureShardWriter(temp, dtype, small.endOfDocumentToken(), 256);
      List<ShardManifestEntry> entries = new ArrayList<>();
      for (ShardSpec shard : ShardLayout.of(plan, 256, 4)) {
        entries.add(writer.write(plan, shard, (domain, id) -> tokens.get(id)));
      }

      MixSummary.of(plan, small.name(), dtype.name(), small.endOfDocumentToken(), 256, 4, entries)
          .write(temp);
      assertThat(ShardVerifier.verify(temp, "tiny").allProblems()).isEmpty();
      assertThat(dtype).isEqualTo(TokenDtype.UINT16);
      try (MegatronShardReader reader = MegatronShardReader.open(temp.resolve("tiny-00000"))) {
        assertThat(reader.dtypeCode()).isEqualTo(8);
      }
    }
  }

  @Test
  void descriptionSurvivesAJsonRoundTrip() {
    MixSummary summary = writeMixture(temp, 7);
    MixSummary read = MixSummary.read(MixSummary.file(temp, "demo mix/1"));

    assertThat(read).isEqualTo(summary);
    assertThat(read.request().targets()).isEqualTo(request(7).targets());
    assertThat(read.maxEpochs())
        .containsEntry("code", MixtureRequest.DEFAULT_MAX_EPOCHS)
        .hasSize(5);
  }

  private static List<ShardDocumentRecord> readMap(Path file) {
    try {
      List<ShardDocumentRecord> records = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        records.add(json.readValue(line, ShardDocumentRecord.class));
      }

      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
