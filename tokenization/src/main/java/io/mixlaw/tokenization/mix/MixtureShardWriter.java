package io.mixlaw.tokenization.mix;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixlaw.tokenization.shard.MegatronShardWriter;
import io.mixlaw.tokenization.shard.ShardFiles;
import io.mixlaw.tokenization.shard.TokenDtype;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the shards of a plan: for each {@link ShardSpec}, a Megatron-LM indexed dataset with one
 * index entry per document run (a whole document unless the shard boundary cuts it) and one
 * document per entry, plus the document map {@code <prefix>.documents.jsonl}. Every document's last
 * run ends with the end-of-document token. Shards are independent, so they can be written in
 * parallel by separate instances.
 */
public final class MixtureShardWriter {

  /** File name suffix of a shard's document map. */
  public static final String DOCUMENT_MAP_SUFFIX = ".documents.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final TokenDtype dtype;
  private final int endOfDocumentToken;
  private final int sequenceLength;

  /**
   * Creates a writer.
   *
   * @param directory the folder the shards go to (created if missing)
   * @param dtype the token type, from {@link TokenDtype#forVocabularySize(int)}
   * @param endOfDocumentToken the token appended to every document
   * @param sequenceLength the packed sequence length the layout used
   */
  public MixtureShardWriter(
      Path directory, TokenDtype dtype, int endOfDocumentToken, int sequenceLength) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    if (endOfDocumentToken < 0 || endOfDocumentToken > dtype.maxTokenId()) {
      throw new IllegalArgumentException(
          "end-of-document token " + endOfDocumentToken + " does not fit " + dtype);
    }

    this.endOfDocumentToken = endOfDocumentToken;
    this.sequenceLength = sequenceLength;
  }

  /**
   * Returns the file name prefix of a shard: the mixture id with every character outside {@code
   * [A-Za-z0-9._-]} replaced by {@code _}, a dash, and the shard number in five digits.
   */
  public static String shardPrefix(String mixtureId, int shardIndex) {
    return String.format(Locale.ROOT, "%s-%05d", fileName(mixtureId), shardIndex);
  }

  /**
   * A mixture id as it appears in file and folder names: every character other than a letter, a
   * digit, '.', '_' or '-' becomes '_'. Two ids can give the same name.
   */
  public static String fileName(String mixtureId) {
    return mixtureId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Writes one shard and returns its manifest entry.
   *
   * @param plan the plan the layout came from
   * @param shard the shard to write
   * @param lookup the source of each document's tokens
   * @throws IllegalStateException if a document's tokens no longer match the plan's count
   * @throws UncheckedIOException if a file cannot be written
   */
  public ShardManifestEntry write(MixPlan plan, ShardSpec shard, TokenLookup lookup) {
    String prefix = shardPrefix(plan.request().mixtureId(), shard.shardIndex());
    Path mapFile = directory.resolve(prefix + DOCUMENT_MAP_SUFFIX);
    Path mapPartial = directory.resolve(prefix + DOCUMENT_MAP_SUFFIX + ".partial");
    SortedMap<String, Long> tokensByDomain = new TreeMap<>();
    SortedMap<String, Long> documentsByDomain = new TreeMap<>();
    MessageDigest mapDigest = sha256();
    ShardFiles files;
    try (MegatronShardWriter writer = MegatronShardWriter.create(directory.resolve(prefix), dtype);
        OutputStream map =
            new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(mapPartial)), mapDigest)) {
      long entry = 0;
      for (DocumentPiece piece : shard.pieces()) {
        PlannedDocument document = plan.documents().get(piece.position());
        int[] run = run(document, piece, lookup);
        writer.addSequence(run, 0, run.length);
        writer.endDocument();
        ShardDocumentRecord record =
            new ShardDocumentRecord(
                entry++,
                document.domain(),
                document.documentId(),
                document.epoch(),
                piece.offset(),
                piece.length(),
                document.shardTokens());
        map.write(JSON.writeValueAsBytes(record));
        map.write('\n');
        tokensByDomain.merge(document.domain(), (long) piece.length(), Long::sum);
        if (piece.startsDocument()) {
          documentsByDomain.merge(document.domain(), 1L, Long::sum);
        }
      }

      files = writer.finish();
    } catch (IOException e) {
      deleteQuietly(mapPartial, e);
      throw new UncheckedIOException("cannot write the document map " + mapFile, e);
    } catch (RuntimeException e) {
      deleteQuietly(mapPartial, e);
      throw e;
    }

    try {
      Files.move(mapPartial, mapFile, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the document map into place: " + mapFile, e);
    }

    return new ShardManifestEntry(
        plan.request().mixtureId(),
        shard.shardIndex(),
        prefix,
        dtype.name(),
        shard.firstSequence(),
        shard.sequences(),
        sequenceLength,
        files.tokens(),
        files.sequences(),
        tokensByDomain,
        documentsByDomain,
        files.binSha256(),
        files.idxSha256(),
        HexFormat.of().formatHex(mapDigest.digest()));
  }

  private int[] run(PlannedDocument document, DocumentPiece piece, TokenLookup lookup) {
    int[] tokens = lookup.tokens(document.domain(), document.documentId());
    if (tokens.length + MixPlanner.END_OF_DOCUMENT_TOKENS != document.shardTokens()) {
      throw new IllegalStateException(
          "document "
              + document.documentId()
              + " of domain "
              + document.domain()
              + " now has "
              + tokens.length
              + " tokens but was planned with "
              + (document.shardTokens() - MixPlanner.END_OF_DOCUMENT_TOKENS)
              + "; the tokenized documents changed since planning, plan the mixture again");
    }

    int[] run = new int[piece.length()];
    int copied = Math.max(0, Math.min(piece.length(), tokens.length - piece.offset()));
    System.arraycopy(tokens, piece.offset(), run, 0, copied);
    if (piece.endsDocument()) {
      run[run.length - 1] = endOfDocumentToken;
    }

    return run;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static void deleteQuietly(Path partial, Exception failure) {
    try {
      Files.deleteIfExists(partial);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
