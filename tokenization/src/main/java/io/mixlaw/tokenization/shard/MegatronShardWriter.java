package io.mixlaw.tokenization.shard;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Writes one Megatron-LM indexed dataset: tokens stream to {@code <prefix>.bin} as they come, and
 * {@link #finish()} writes {@code <prefix>.idx}. Both files are written under a {@code .partial}
 * name and renamed when complete, so a crashed job never leaves a shard that looks whole; closing a
 * writer that was not finished deletes the partial files. Not thread-safe.
 */
public final class MegatronShardWriter implements Closeable {

  private static final byte[] INDEX_MAGIC = {'M', 'M', 'I', 'D', 'I', 'D', 'X', 0, 0};
  private static final long INDEX_VERSION = 1;
  private static final int WRITE_BUFFER_BYTES = 1 << 16;
  private static final String PARTIAL_SUFFIX = ".partial";

  private final Path bin;
  private final Path idx;
  private final Path binPartial;
  private final Path idxPartial;
  private final TokenDtype dtype;
  private final MessageDigest binDigest;
  private final OutputStream binOut;
  private final ByteBuffer scratch =
      ByteBuffer.allocate(WRITE_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private int[] sequenceLengths = new int[1024];
  private int sequenceCount;
  private long[] documentIndices = new long[1024];
  private int documentIndexCount;
  private long tokens;
  private boolean closed;

  private MegatronShardWriter(Path prefix, TokenDtype dtype) throws IOException {
    this.dtype = dtype;
    this.bin = sibling(prefix, ".bin");
    this.idx = sibling(prefix, ".idx");
    this.binPartial = sibling(prefix, ".bin" + PARTIAL_SUFFIX);
    this.idxPartial = sibling(prefix, ".idx" + PARTIAL_SUFFIX);
    this.binDigest = sha256();
    this.binOut =
        new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(binPartial), WRITE_BUFFER_BYTES),
            binDigest);
    documentIndices[documentIndexCount++] = 0;
  }

  /**
   * Starts a dataset at {@code <prefix>.bin} and {@code <prefix>.idx}; existing files of that name
   * are replaced when the writer finishes.
   *
   * @param prefix the path without extension, for example {@code out/mix-00000}
   * @param dtype the token type, normally {@link TokenDtype#forVocabularySize(int)}
   * @throws UncheckedIOException if the file cannot be created
   */
  public static MegatronShardWriter create(Path prefix, TokenDtype dtype) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(dtype, "dtype");
    try {
      Path parent = prefix.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }

      return new MegatronShardWriter(prefix, dtype);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the shard " + prefix + ".bin", e);
    }
  }

  /**
   * Appends one sequence: {@code length} tokens of {@code tokens} from {@code from}.
   *
   * @throws IllegalArgumentException if a token is negative or does not fit the token type
   */
  public void addSequence(int[] tokens, int from, int length) {
    requireOpen();
    Objects.checkFromIndexSize(from, length, tokens.length);
    try {
      for (int i = from, end = from + length; i < end; i++) {
        int token = tokens[i];
        if (token < 0 || token > dtype.maxTokenId()) {
          throw new IllegalArgumentException(
              "token "
                  + token
                  + " at position "
                  + (i - from)
                  + " of sequence "
                  + sequenceCount
                  + " does not fit "
                  + dtype
                  + " (0.."
                  + dtype.maxTokenId()
                  + "); is the token type right for the tokenizer's vocabulary?");
        }

        if (scratch.remaining() < dtype.bytesPerToken()) {
          flushScratch();
        }

        if (dtype == TokenDtype.UINT16) {
          scratch.putShort((short) token);
        } else {
          scratch.putInt(token);
        }
      }

      flushScratch();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the shard " + bin, e);
    }

    if (sequenceCount == sequenceLengths.length) {
      sequenceLengths = Arrays.copyOf(sequenceLengths, sequenceCount * 2);
    }

    sequenceLengths[sequenceCount++] = length;
    this.tokens += length;
  }

  /** Ends the current document: it spans every sequence added since the previous end. */
  public void endDocument() {
    requireOpen();
    if (documentIndexCount == documentIndices.length) {
      documentIndices = Arrays.copyOf(documentIndices, documentIndexCount * 2);
    }

    documentIndices[documentIndexCount++] = sequenceCount;
  }

  /** Appends a document made of one sequence holding all its tokens. */
  public void addDocument(int[] tokens) {
    addSequence(tokens, 0, tokens.length);
    endDocument();
  }

  /** Returns the number of tokens written so far. */
  public long tokens() {
    return tokens;
  }

  /**
   * Writes the index, renames both files into place and returns what was written.
   *
   * @throws IllegalStateException if sequences were added after the last {@link #endDocument()}
   *     (Megatron would not see them as part of any document)
   */
  public ShardFiles finish() {
    requireOpen();
    if (documentIndices[documentIndexCount - 1] != sequenceCount) {
      throw new IllegalStateException(
          "the last "
              + (sequenceCount - documentIndices[documentIndexCount - 1])
              + " sequences of "
              + bin
              + " belong to no document; call endDocument() before finish()");
    }

    try {
      binOut.close();
      String binSha256 = HexFormat.of().formatHex(binDigest.digest());
      byte[] index = indexBytes();
      Files.write(idxPartial, index);
      String idxSha256 = HexFormat.of().formatHex(sha256().digest(index));
      Files.move(binPartial, bin, StandardCopyOption.REPLACE_EXISTING);
      Files.move(idxPartial, idx, StandardCopyOption.REPLACE_EXISTING);
      closed = true;
      return new ShardFiles(
          bin, idx, dtype, sequenceCount, documentIndexCount - 1L, tokens, binSha256, idxSha256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the shard " + bin, e);
    }
  }

  /** Abandons an unfinished shard and deletes its partial files; does nothing after finish. */
  @Override
  public void close() {
    if (closed) {
      return;
    }

    closed = true;
    try {
      binOut.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the shard " + bin, e);
    } finally {
      deletePartials();
    }
  }

  private void deletePartials() {
    try {
      Files.deleteIfExists(binPartial);
      Files.deleteIfExists(idxPartial);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the partial shard files of " + bin, e);
    }
  }

  private byte[] indexBytes() {
    long size =
        INDEX_MAGIC.length
            + Long.BYTES
            + 1
            + 2L * Long.BYTES
            + (long) sequenceCount * (Integer.BYTES + Long.BYTES)
            + (long) documentIndexCount * Long.BYTES;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          "the index of " + bin + " would exceed 2 GiB; write fewer sequences per shard");
    }

    ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(INDEX_MAGIC);
    buffer.putLong(INDEX_VERSION);
    buffer.put((byte) dtype.megatronCode());
    buffer.putLong(sequenceCount);
    buffer.putLong(documentIndexCount);
    for (int i = 0; i < sequenceCount; i++) {
      buffer.putInt(sequenceLengths[i]);
    }

    long pointer = 0;
    for (int i = 0; i < sequenceCount; i++) {
      buffer.putLong(pointer);
      pointer += (long) sequenceLengths[i] * dtype.bytesPerToken();
    }

    for (int i = 0; i < documentIndexCount; i++) {
      buffer.putLong(documentIndices[i]);
    }

    return buffer.array();
  }

  private void flushScratch() throws IOException {
    binOut.write(scratch.array(), 0, scratch.position());
    scratch.clear();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the shard writer of " + bin + " is already closed");
    }
  }

  private static Path sibling(Path prefix, String suffix) {
    return prefix.resolveSibling(prefix.getFileName() + suffix);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
