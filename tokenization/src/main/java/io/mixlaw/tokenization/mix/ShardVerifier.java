package io.mixlaw.tokenization.mix;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixlaw.tokenization.shard.MegatronShardReader;
import io.mixlaw.tokenization.shard.ShardFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Verifies a written mixture from its files alone: the checksums in its description, each index
 * read back by the independent {@link MegatronShardReader}, each document map against its index
 * (one entry per run, equal lengths, the end-of-document token at the end of every document, runs
 * cut only at shard boundaries), the layout (contiguous shards of full sequences), and every
 * domain's realized tokens against its target recomputed from the requested weights and budget.
 *
 * <p>{@link #recount} goes further and compares a shard with the tokenized documents themselves:
 * the runs the shard should hold follow from the mixture's request and the documents' token counts
 * (the plan is a pure function of both), and each run's tokens read back from the {@code .bin} file
 * must equal the document's tokens.
 */
public final class ShardVerifier {

  /**
   * The most recount problems reported per shard; one more line then says that there are more, and
   * the later entries are not compared.
   */
  public static final int MAX_RECOUNT_PROBLEMS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ShardVerifier() {}

  /**
   * Verifies the mixture described by {@code <directory>/<mixtureId>.mix.json}.
   *
   * @throws UncheckedIOException if the description cannot be read
   */
  public static MixVerification verify(Path directory, String mixtureId) {
    MixSummary summary = MixSummary.read(MixSummary.file(directory, mixtureId));
    List<ShardCheck> checks = new ArrayList<>();
    for (ShardManifestEntry entry : summary.shards()) {
      checks.add(verifyShard(directory, entry, summary.endOfDocumentToken()));
    }

    return summarize(summary, checks);
  }

  /**
   * Combines the checks of every shard of a mixture (made in any order, for example in parallel)
   * with the layout checks and the realized proportions.
   *
   * @param summary the mixture's description
   * @param checks one check per shard of the description
   */
  public static MixVerification summarize(MixSummary summary, List<ShardCheck> checks) {
    List<String> problems = new ArrayList<>();
    SortedMap<String, Long> realized = new TreeMap<>();
    long total = 0;
    long expectedFirstSequence = 0;
    long fullShardTokens = (long) summary.sequenceLength() * summary.sequencesPerShard();
    List<ShardCheck> ordered = new ArrayList<>(checks);
    ordered.sort(Comparator.comparingInt(ShardCheck::shardIndex));
    if (ordered.size() != summary.shards().size()) {
      problems.add(
          ordered.size()
              + " shard checks for the "
              + summary.shards().size()
              + " shards described");
    }

    for (int i = 0; i < summary.shards().size(); i++) {
      ShardManifestEntry entry = summary.shards().get(i);
      if (entry.shardIndex() != i) {
        problems.add("shard " + i + " of the description carries index " + entry.shardIndex());
      }

      if (entry.firstSequence() != expectedFirstSequence) {
        problems.add(
            entry.prefix()
                + " starts at sequence "
                + entry.firstSequence()
                + " but the shards before it end at "
                + expectedFirstSequence);
      }

      expectedFirstSequence = entry.firstSequence() + entry.sequences();
      boolean last = i == summary.shards().size() - 1;
      if (!last && entry.tokens() != fullShardTokens) {
        problems.add(
            entry.prefix()
                + " holds "
                + entry.tokens()
                + " tokens; every shard but the last must hold "
                + fullShardTokens);
      }
    }

    // A shard that could not be read is already a problem; what the description says it holds
    // widens each domain's realized tokens to a range, so that it does not also read as a
    // shortfall of every domain.
    SortedMap<String, Long> unread = new TreeMap<>();
    for (ShardCheck check : ordered) {
      total += check.tokens();
      check.tokensByDomain().forEach((domain, tokens) -> realized.merge(domain, tokens, Long::sum));
      boolean described =
          check.shardIndex() >= 0 && check.shardIndex() < summary.shards().size();
      if (!check.counted() && described) {
        summary
            .shards()
            .get(check.shardIndex())
            .tokensByDomain()
            .forEach((domain, tokens) -> unread.merge(domain, tokens, Long::sum));
      }
    }

    Map<String, Long> targets = summary.request().targets();
    List<DomainProportion> proportions = new ArrayList<>();
    for (Map.Entry<String, Double> weight : summary.weights().entrySet()) {
      String domain = weight.getKey();
      long tolerance =
          summary.allocations().stream()
              .filter(a -> a.domain().equals(domain))
              .mapToLong(DomainAllocation::maxDocumentTokens)
              .findFirst()
              .orElse(0);
      long tokens = realized.getOrDefault(domain, 0L);
      proportions.add(
          new DomainProportion(
              domain,
              weight.getValue(),
              targets.get(domain),
              tokens,
              total == 0 ? 0 : (double) tokens / total,
              tolerance,
              unread.getOrDefault(domain, 0L)));
    }

    for (String domain : realized.keySet()) {
      if (!summary.weights().containsKey(domain)) {
        problems.add("the shards hold tokens of domain " + domain + ", which was not requested");
      }
    }

    return new MixVerification(summary.mixtureId(), ordered, proportions, total, problems);
  }

  /**
   * Verifies one shard against its manifest entry.
   *
   * @param directory the shard folder
   * @param entry what the shard should hold
   * @param endOfDocumentToken the token every document must end with
   */
  public static ShardCheck verifyShard(
      Path directory, ShardManifestEntry entry, int endOfDocumentToken) {
    List<String> problems = new ArrayList<>();
    Path prefix = directory.resolve(entry.prefix());
    Path bin = directory.resolve(entry.prefix() + ".bin");
    Path idx = directory.resolve(entry.prefix() + ".idx");
    Path map = directory.resolve(entry.prefix() + MixtureShardWriter.DOCUMENT_MAP_SUFFIX);
    compareChecksum(bin, entry.binSha256(), problems);
    compareChecksum(idx, entry.idxSha256(), problems);
    compareChecksum(map, entry.documentMapSha256(), problems);
    if (!problems.isEmpty()) {
      return ShardCheck.unread(entry.shardIndex(), entry.prefix(), problems);
    }

    List<ShardDocumentRecord> records;
    try {
      records = readDocumentMap(map);
    } catch (IOException | RuntimeException e) {
      problems.add("unreadable document map " + map + ": " + e.getMessage());
      return ShardCheck.unread(entry.shardIndex(), entry.prefix(), problems);
    }

    SortedMap<String, Long> tokensByDomain = new TreeMap<>();
    long tokens;
    try (MegatronShardReader reader = MegatronShardReader.open(prefix)) {
      tokens = reader.totalTokens();
      int expectedCode =
          "UINT16".equals(entry.dtype()) ? 8 : "INT32".equals(entry.dtype()) ? 4 : -1;
      if (reader.dtypeCode() != expectedCode) {
        problems.add(
            "the index has type code "
                + reader.dtypeCode()
                + " but the manifest says "
                + entry.dtype());
      }

      if (reader.documentCount() != reader.sequenceCount()) {
        problems.add(
            "the index has "
                + reader.documentCount()
                + " documents for "
                + reader.sequenceCount()
                + " entries; mixlaw shards hold one document per entry");
      }

      if (records.size() != reader.sequenceCount()) {
        problems.add(
            "the document map lists "
                + records.size()
                + " runs but the index holds "
                + reader.sequenceCount()
                + " entries");
      }

      int count = Math.min(records.size(), reader.sequenceCount());
      for (int i = 0; i < count; i++) {
        ShardDocumentRecord record = records.get(i);
        checkRecord(reader, i, count, record, endOfDocumentToken, problems);
        tokensByDomain.merge(record.domain(), (long) reader.sequenceLength(i), Long::sum);
      }
    } catch (ShardFormatException | UncheckedIOException e) {
      problems.add(e.getMessage());
      return ShardCheck.unread(entry.shardIndex(), entry.prefix(), problems);
    }

    if (tokens != entry.tokens()) {
      problems.add("the shard holds " + tokens + " tokens but the manifest says " + entry.tokens());
    }

    if (!tokensByDomain.equals(entry.tokensByDomain())) {
      problems.add(
          "tokens per domain "
              + tokensByDomain
              + " differ from the manifest's "
              + entry.tokensByDomain());
    }

    return new ShardCheck(entry.shardIndex(), entry.prefix(), tokens, tokensByDomain, problems);
  }

  /**
   * Recounts one shard against the tokenized documents: entry by entry, its document map and its
   * index (read back with the independent {@link MegatronShardReader}) must hold the runs that the
   * plan recomputed from the documents' token counts puts in this shard (same document, domain,
   * draw, offset and length, and the document's token count), and every run's tokens must equal the
   * document's tokens at that offset, followed by the end-of-document token where the document
   * ends. A shard that lost, gained or swapped a document, or holds a changed token, is reported
   * with the entry, the document and its domain.
   *
   * @param directory the shard folder
   * @param entry the shard's manifest entry (for its prefix)
   * @param plan the plan recomputed from the documents' token counts and the mixture's request
   * @param expected the shard with the same index in that plan's layout
   * @param endOfDocumentToken the token that ends every document
   * @param tokens the tokens of every document of {@code expected}, as the table holds them
   * @return the problems found (at most {@link #MAX_RECOUNT_PROBLEMS}, then one line saying that
   *     there are more); empty if the shard holds exactly the expected runs
   */
  public static List<String> recount(
      Path directory,
      ShardManifestEntry entry,
      MixPlan plan,
      ShardSpec expected,
      int endOfDocumentToken,
      TokenLookup tokens) {
    Path map = directory.resolve(entry.prefix() + MixtureShardWriter.DOCUMENT_MAP_SUFFIX);
    List<ShardDocumentRecord> records;
    try {
      records = readDocumentMap(map);
    } catch (IOException | RuntimeException e) {
      return List.of("cannot recount: unreadable document map " + map + ": " + e.getMessage());
    }

    Recount recount = new Recount();
    try (MegatronShardReader reader = MegatronShardReader.open(directory.resolve(entry.prefix()))) {
      List<DocumentPiece> pieces = expected.pieces();
      for (int i = 0; i < Math.max(pieces.size(), records.size()) && recount.open(); i++) {
        if (i >= pieces.size()) {
          ShardDocumentRecord extra = records.get(i);
          recount.add(
              String.format(
                  Locale.ROOT,
                  "entry %d holds document %s of domain %s, past the %d runs the plan recomputed"
                      + " from tokenized_documents puts in this shard",
                  i,
                  extra.documentId(),
                  extra.domain(),
                  pieces.size()));
          break;
        }

        DocumentPiece piece = pieces.get(i);
        PlannedDocument document = plan.documents().get(piece.position());
        if (i >= records.size()) {
          recount.add(
              String.format(
                  Locale.ROOT,
                  "document %s of domain %s is missing from the shard: the recomputed plan puts it"
                      + " at entry %d, the document map ends after %d entries",
                  document.documentId(),
                  document.domain(),
                  i,
                  records.size()));
          continue;
        }

        if (!compareRun(reader, i, records, pieces, plan, endOfDocumentToken, tokens, recount)) {
          recount.add("later entries are not compared");
          break;
        }
      }
    } catch (ShardFormatException | UncheckedIOException e) {
      return List.of("cannot recount: " + e.getMessage());
    }

    return recount.problems();
  }

  /** Compares entry i with the plan; returns false if the entries after it cannot be paired. */
  private static boolean compareRun(
      MegatronShardReader reader,
      int i,
      List<ShardDocumentRecord> records,
      List<DocumentPiece> pieces,
      MixPlan plan,
      int endOfDocumentToken,
      TokenLookup tokens,
      Recount recount) {
    ShardDocumentRecord record = records.get(i);
    DocumentPiece piece = pieces.get(i);
    PlannedDocument document = plan.documents().get(piece.position());
    if (!sameDraw(record, document)) {
      boolean nextMatches =
          i + 1 < pieces.size()
              && sameDraw(record, plan.documents().get(pieces.get(i + 1).position()));
      recount.add(
          nextMatches
              ? String.format(
                  Locale.ROOT,
                  "document %s of domain %s is missing from the shard: the recomputed plan puts it"
                      + " at entry %d, where the shard holds the plan's next document %s",
                  document.documentId(),
                  document.domain(),
                  i,
                  record.documentId())
              : String.format(
                  Locale.ROOT,
                  "entry %d holds document %s of domain %s (draw %d) where the plan recomputed from"
                      + " tokenized_documents has document %s of domain %s (draw %d)",
                  i,
                  record.documentId(),
                  record.domain(),
                  record.epoch(),
                  document.documentId(),
                  document.domain(),
                  document.epoch()));
      return false;
    }

    String what =
        String.format(
            Locale.ROOT,
            "entry %d: document %s of domain %s",
            i,
            document.documentId(),
            document.domain());
    if (record.documentTokens() != document.shardTokens()) {
      recount.add(
          String.format(
              Locale.ROOT,
              "%s has %d tokens in the document map but %d in tokenized_documents",
              what,
              record.documentTokens() - MixPlanner.END_OF_DOCUMENT_TOKENS,
              document.shardTokens() - MixPlanner.END_OF_DOCUMENT_TOKENS));
      return true;
    }

    if (record.offset() != piece.offset() || record.length() != piece.length()) {
      recount.add(
          String.format(
              Locale.ROOT,
              "%s covers tokens %d to %d in the document map but %d to %d in the recomputed plan",
              what,
              record.offset(),
              record.offset() + record.length(),
              piece.offset(),
              piece.offset() + piece.length()));
      return true;
    }

    if (i >= reader.sequenceCount()) {
      recount.add(what + " is in the document map but past the end of the index");
      return true;
    }

    int[] run = reader.sequence(i);
    if (run.length != piece.length()) {
      recount.add(
          String.format(
              Locale.ROOT,
              "%s has %d tokens in the index but %d in the document map and the plan",
              what,
              run.length,
              piece.length()));
      return true;
    }

    int[] table = tokens.tokens(document.domain(), document.documentId());
    for (int j = 0; j < run.length; j++) {
      int position = piece.offset() + j;
      int wanted = position < table.length ? table[position] : endOfDocumentToken;
      if (run[j] != wanted) {
        recount.add(
            String.format(
                Locale.ROOT,
                "%s differs from tokenized_documents at token %d of %d: %d in the shard, %d in the"
                    + " table",
                what,
                position,
                document.shardTokens(),
                run[j],
                wanted));
        return true;
      }
    }

    return true;
  }

  private static boolean sameDraw(ShardDocumentRecord record, PlannedDocument document) {
    return record.domain().equals(document.domain())
        && record.documentId().equals(document.documentId())
        && record.epoch() == document.epoch();
  }

  /** Problems of one recount, the first {@link #MAX_RECOUNT_PROBLEMS} kept. */
  private static final class Recount {
    private final List<String> kept = new ArrayList<>();
    private int dropped;

    void add(String problem) {
      if (kept.size() < MAX_RECOUNT_PROBLEMS) {
        kept.add(problem);
      } else {
        dropped++;
      }
    }

    boolean open() {
      return dropped == 0;
    }

    List<String> problems() {
      List<String> all = new ArrayList<>(kept);
      if (dropped > 0) {
        all.add("and more problems; later entries are not compared");
      }

      return all;
    }
  }

  private static void checkRecord(
      MegatronShardReader reader,
      int i,
      int count,
      ShardDocumentRecord record,
      int endOfDocumentToken,
      List<String> problems) {
    if (record.sequence() != i) {
      problems.add("document map line " + (i + 1) + " describes entry " + record.sequence());
    }

    if (record.length() != reader.sequenceLength(i)) {
      problems.add(
          String.format(
              Locale.ROOT,
              "entry %d (%s) has %d tokens in the index but %d in the document map",
              i,
              record.documentId(),
              reader.sequenceLength(i),
              record.length()));
      return;
    }

    if (record.offset() > 0 && i > 0) {
      problems.add("entry " + i + " (" + record.documentId() + ") starts inside its document");
    }

    if (!record.endsDocument() && i < count - 1) {
      problems.add("entry " + i + " (" + record.documentId() + ") stops inside its document");
    }

    if (record.endsDocument() && record.length() > 0) {
      int[] sequence = reader.sequence(i);
      if (sequence[sequence.length - 1] != endOfDocumentToken) {
        problems.add(
            "entry "
                + i
                + " ("
                + record.documentId()
                + ") ends with token "
                + sequence[sequence.length - 1]
                + " instead of the end-of-document token "
                + endOfDocumentToken);
      }
    }
  }

  private static List<ShardDocumentRecord> readDocumentMap(Path map) throws IOException {
    List<ShardDocumentRecord> records = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(map, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isEmpty()) {
          records.add(JSON.readValue(line, ShardDocumentRecord.class));
        }
      }
    }

    return records;
  }

  private static void compareChecksum(Path file, String expected, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      problems.add("missing file " + file);
      return;
    }

    String actual = sha256(file);
    if (!actual.equals(expected)) {
      problems.add(
          "checksum mismatch for "
              + file.getFileName()
              + ": "
              + actual
              + " (expected "
              + expected
              + ")");
    }
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
      }

      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
