package io.mixlaw.tokenization.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an uncompressed JSON Lines file into {@link CorpusSplit.ByteRange}s that keep exact line
 * numbers.
 *
 * <p>The file is first cut into spans of about equal bytes ({@link #boundaries}). The newlines of
 * each span are counted, in parallel if need be ({@link #countNewlines}); that scan is much cheaper
 * than decoding and tokenizing the same bytes. From the counts, {@link #byteRanges} gives each
 * range the number of its first line: the lines that start before a range's first byte are line 1
 * plus one line per newline before its last byte.
 */
public final class CorpusSplits {

  private static final int SCAN_BUFFER_BYTES = 1 << 16;

  private CorpusSplits() {}

  /**
   * Newlines in a span of a file.
   *
   * @param newlines the number of {@code '\n'} bytes in the span
   * @param endsWithNewline true if the span's last byte is {@code '\n'}
   */
  public record NewlineCount(long newlines, boolean endsWithNewline) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Validates the count. */
    public NewlineCount {
      if (newlines < 0) {
        throw new IllegalArgumentException("a newline count must be >= 0, got " + newlines);
      }
    }
  }

  /**
   * Cuts {@code fileBytes} bytes into {@code ranges} spans of equal size (up to one byte).
   *
   * @param fileBytes the file size, at least {@code ranges}
   * @param ranges the number of spans, at least 1
   * @return {@code ranges + 1} increasing offsets from 0 to {@code fileBytes}
   */
  public static long[] boundaries(long fileBytes, int ranges) {
    if (ranges < 1 || fileBytes < ranges) {
      throw new IllegalArgumentException(
          "cannot cut " + fileBytes + " bytes into " + ranges + " non-empty ranges");
    }

    // floor(fileBytes * i / ranges) without overflowing the product.
    long quotient = fileBytes / ranges;
    long remainder = fileBytes % ranges;
    long[] offsets = new long[ranges + 1];
    for (int i = 0; i <= ranges; i++) {
      offsets[i] = quotient * i + remainder * i / ranges;
    }

    return offsets;
  }

  /**
   * Counts the newlines in the next {@code length} bytes of a stream (fewer if the stream ends
   * first). The stream is not closed.
   *
   * @throws IOException if the stream cannot be read
   */
  public static NewlineCount countNewlines(InputStream in, long length) throws IOException {
    byte[] buffer = new byte[SCAN_BUFFER_BYTES];
    long remaining = length;
    long newlines = 0;
    byte last = 0;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        break;
      }

      for (int i = 0; i < read; i++) {
        if (buffer[i] == '\n') {
          newlines++;
        }
      }

      if (read > 0) {
        last = buffer[read - 1];
      }

      remaining -= read;
    }

    return new NewlineCount(newlines, last == '\n');
  }

  /**
   * Turns spans and their newline counts into byte ranges with their first line numbers.
   *
   * @param boundaries the spans' offsets, as from {@link #boundaries}
   * @param counts the newlines of each span, in order ({@code boundaries.length - 1} of them)
   * @return one range per span
   */
  public static List<CorpusSplit.ByteRange> byteRanges(
      long[] boundaries, List<NewlineCount> counts) {
    if (boundaries.length < 2 || counts.size() != boundaries.length - 1) {
      throw new IllegalArgumentException(
          counts.size() + " newline counts for " + (boundaries.length - 1) + " spans");
    }

    List<CorpusSplit.ByteRange> ranges = new ArrayList<>();
    long newlinesBefore = 0;
    for (int i = 0; i < counts.size(); i++) {
      long firstLine;
      if (i == 0) {
        firstLine = 1;
      } else {
        // Lines starting before this range: line 1, plus one per newline before its last byte.
        boolean newlineJustBefore = counts.get(i - 1).endsWithNewline();
        firstLine = 2 + newlinesBefore - (newlineJustBefore ? 1 : 0);
      }

      ranges.add(new CorpusSplit.ByteRange(boundaries[i], boundaries[i + 1], firstLine));
      newlinesBefore += counts.get(i).newlines();
    }

    return ranges;
  }
}
