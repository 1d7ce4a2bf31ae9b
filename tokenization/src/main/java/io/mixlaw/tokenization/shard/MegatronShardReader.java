package io.mixlaw.tokenization.shard;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a Megatron-LM indexed dataset and checks its integrity while opening it: the magic bytes,
 * the version, a known integer token type, index and token file sizes that match the counts,
 * sequence offsets that follow from the lengths, and document indices that start at 0, never
 * decrease and end at the sequence count. It is written from the format description alone and
 * shares nothing with {@link MegatronShardWriter}. Not thread-safe.
 */
public final class MegatronShardReader implements Closeable {

  private static final byte[] MAGIC = "MMIDIDX\0\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = 9 + 8 + 1 + 8 + 8;

  private final Path bin;
  private final Path idx;
  private final int dtypeCode;
  private final int bytesPerToken;
  private final int[] lengths;
  private final long[] pointers;
  private final long[] documentIndices;
  private final boolean sequenceModes;
  private final long totalTokens;
  private final FileChannel binChannel;

  private MegatronShardReader(
      Path bin,
      Path idx,
      int dtypeCode,
      int[] lengths,
      long[] pointers,
      long[] documentIndices,
      boolean sequenceModes,
      long totalTokens,
      FileChannel binChannel) {
    this.bin = bin;
    this.idx = idx;
    this.dtypeCode = dtypeCode;
    this.bytesPerToken = bytesOf(dtypeCode);
    this.lengths = lengths;
    this.pointers = pointers;
    this.documentIndices = documentIndices;
    this.sequenceModes = sequenceModes;
    this.totalTokens = totalTokens;
    this.binChannel = binChannel;
  }

  /**
   * Opens {@code <prefix>.idx} and {@code <prefix>.bin} and validates the index against the token
   * file.
   *
   * @throws ShardFormatException if either file is missing or inconsistent
   */
  public static MegatronShardReader open(Path prefix) {
    Objects.requireNonNull(prefix, "prefix");
    Path idx = prefix.resolveSibling(prefix.getFileName() + ".idx");
    Path bin = prefix.resolveSibling(prefix.getFileName() + ".bin");
    byte[] index;
    long binSize;
    try {
      index = Files.readAllBytes(idx);
      binSize = Files.size(bin);
    } catch (NoSuchFileException e) {
      throw new ShardFormatException("missing shard file " + e.getFile(), e);
    } catch (IOException e) {
      throw new ShardFormatException("cannot read the shard " + prefix + ": " + e.getMessage(), e);
    }

    ByteBuffer in = ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN);
    if (index.length < HEADER_BYTES) {
      throw bad(
          idx,
          "it holds " + index.length + " bytes, fewer than the " + HEADER_BYTES + "-byte header");
    }

    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw bad(idx, "it does not start with the MMIDIDX magic bytes");
    }

    long version = in.getLong();
    if (version != 1) {
      throw bad(idx, "unsupported index version " + version + " (expected 1)");
    }

    int code = Byte.toUnsignedInt(in.get());
    if (bytesOf(code) == 0) {
      throw bad(idx, "type code " + code + " is not an integer token type (1-5 or 8)");
    }

    long sequenceCount = in.getLong();
    long documentIndexCount = in.getLong();
    if (sequenceCount < 0 || sequenceCount > Integer.MAX_VALUE - 8) {
      throw bad(idx, "sequence count " + Long.toUnsignedString(sequenceCount) + " is out of range");
    }

    if (documentIndexCount < 1 || documentIndexCount > Integer.MAX_VALUE - 8) {
      throw bad(
          idx,
          "document index count "
              + Long.toUnsignedString(documentIndexCount)
              + " is out of range (at least 1)");
    }

    int n = (int) sequenceCount;
    int m = (int) documentIndexCount;
    long expected = HEADER_BYTES + 4L * n + 8L * n + 8L * m;
    boolean modes;
    if (index.length == expected) {
      modes = false;
    } else if (index.length == expected + n) {
      modes = true;
    } else {
      throw bad(
          idx,
          "it holds "
              + index.length
              + " bytes but "
              + n
              + " sequences and "
              + m
              + " document indices need "
              + expected);
    }

    int[] lengths = new int[n];
    long tokens = 0;
    for (int i = 0; i < n; i++) {
      lengths[i] = in.getInt();
      if (lengths[i] < 0) {
        throw bad(idx, "sequence " + i + " has negative length " + lengths[i]);
      }

      tokens += lengths[i];
    }

    int itemBytes = bytesOf(code);
    long[] pointers = new long[n];
    long expectedPointer = 0;
    for (int i = 0; i < n; i++) {
      pointers[i] = in.getLong();
      if (pointers[i] != expectedPointer) {
        throw bad(
            idx,
            "sequence "
                + i
                + " starts at byte "
                + pointers[i]
                + " but the lengths before it end at byte "
                + expectedPointer);
      }

      expectedPointer += (long) lengths[i] * itemBytes;
    }

    long[] documents = new long[m];
    for (int d = 0; d < m; d++) {
      documents[d] = in.getLong();
      long previous = d == 0 ? 0 : documents[d - 1];
      if ((d == 0 && documents[d] != 0) || documents[d] < previous || documents[d] > n) {
        throw bad(
            idx,
            "document index "
                + d
                + " is "
                + documents[d]
                + "; document indices must start at 0, never decrease and stay within the "
                + n
                + " sequences");
      }
    }

    if (documents[m - 1] != n) {
      throw bad(
          idx,
          "the last document index is " + documents[m - 1] + " but there are " + n + " sequences");
    }

    if (binSize != tokens * itemBytes) {
      throw bad(
          bin,
          "it holds "
              + binSize
              + " bytes but the index describes "
              + tokens
              + " tokens of "
              + itemBytes
              + " bytes");
    }

    FileChannel channel;
    try {
      channel = FileChannel.open(bin, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new ShardFormatException("cannot open " + bin + ": " + e.getMessage(), e);
    }

    return new MegatronShardReader(
        bin, idx, code, lengths, pointers, documents, modes, tokens, channel);
  }

  /** Returns the token type code of the index (4 for int32, 8 for uint16, ...). */
  public int dtypeCode() {
    return dtypeCode;
  }

  /** Returns the size of one token in bytes. */
  public int bytesPerToken() {
    return bytesPerToken;
  }

  /** Returns the number of sequences. */
  public int sequenceCount() {
    return lengths.length;
  }

  /** Returns the number of documents (one less than the document index entries). */
  public int documentCount() {
    return documentIndices.length - 1;
  }

  /** Returns the length of sequence {@code i} in tokens. */
  public int sequenceLength(int i) {
    return lengths[i];
  }

  /** Returns the byte offset of sequence {@code i} in the {@code .bin} file. */
  public long sequencePointer(int i) {
    return pointers[i];
  }

  /** Returns a copy of the document indices (document d spans sequences [d, d+1)). */
  public long[] documentIndices() {
    return documentIndices.clone();
  }

  /** Returns true if the index carries a per-sequence mode byte (Megatron's multimodal layout). */
  public boolean hasSequenceModes() {
    return sequenceModes;
  }

  /** Returns the number of tokens in the {@code .bin} file. */
  public long totalTokens() {
    return totalTokens;
  }

  /**
   * Reads the tokens of sequence {@code i}.
   *
   * @throws UncheckedIOException if the token file cannot be read
   */
  public int[] sequence(int i) {
    int length = lengths[i];
    ByteBuffer buffer =
        ByteBuffer.allocate(Math.multiplyExact(length, bytesPerToken))
            .order(ByteOrder.LITTLE_ENDIAN);
    try {
      long position = pointers[i];
      while (buffer.hasRemaining()) {
        int read = binChannel.read(buffer, position);
        if (read < 0) {
          throw new ShardFormatException(bin + " ended inside sequence " + i);
        }

        position += read;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sequence " + i + " of " + bin, e);
    }

    buffer.flip();
    int[] tokens = new int[length];
    for (int t = 0; t < length; t++) {
      long value =
          switch (dtypeCode) {
            case 1 -> Byte.toUnsignedInt(buffer.get());
            case 2 -> buffer.get();
            case 3 -> buffer.getShort();
            case 4 -> buffer.getInt();
            case 5 -> buffer.getLong();
            case 8 -> Short.toUnsignedInt(buffer.getShort());
            default -> throw new IllegalStateException("unreachable type code " + dtypeCode);
          };
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new ShardFormatException(
            "token "
                + value
                + " at position "
                + t
                + " of sequence "
                + i
                + " of "
                + bin
                + " is not a valid token id");
      }

      tokens[t] = (int) value;
    }

    return tokens;
  }

  @Override
  public void close() {
    try {
      binChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + bin, e);
    }
  }

  @Override
  public String toString() {
    return "MegatronShardReader["
        + idx
        + ", sequences="
        + lengths.length
        + ", tokens="
        + totalTokens
        + "]";
  }

  private static int bytesOf(int code) {
    return switch (code) {
      case 1, 2 -> 1;
      case 3, 8 -> 2;
      case 4 -> 4;
      case 5 -> 8;
      default -> 0;
    };
  }

  private static ShardFormatException bad(Path file, String problem) {
    return new ShardFormatException("invalid Megatron shard file " + file + ": " + problem);
  }
}
