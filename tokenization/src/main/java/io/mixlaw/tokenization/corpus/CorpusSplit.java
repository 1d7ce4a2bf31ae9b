package io.mixlaw.tokenization.corpus;

import java.io.Serializable;

/**
 * The part of a JSON Lines file that one {@link CorpusReader} covers, so that several tasks can
 * read one large file at once. Whatever the split, a record keeps the line number (and so the
 * default id {@code <file>:<line>}) it has when the whole file is read, and the splits of a file
 * made by {@link CorpusSplits} together yield each of its records exactly once.
 */
public sealed interface CorpusSplit extends Serializable
    permits CorpusSplit.WholeFile, CorpusSplit.ByteRange, CorpusSplit.LineStripe {

  /** Returns the split that covers the whole file. */
  static CorpusSplit wholeFile() {
    return new WholeFile();
  }

  /**
   * Returns the byte offset at which the stream handed to {@link CorpusReader#open(CorpusInput,
   * String, String, java.io.InputStream, CorpusSplit)} must start.
   */
  long streamOffset();

  /** The whole file: every line, or the single document of a text file. */
  record WholeFile() implements CorpusSplit {

    private static final long serialVersionUID = 1L;

    @Override
    public long streamOffset() {
      return 0;
    }
  }

  /**
   * The lines of an uncompressed file whose first byte lies in {@code [start, end)}. A line that
   * starts in the range is read to its end even past {@code end}; a line that starts before it
   * belongs to the range before. A {@code '\n'} byte never occurs inside a multi-byte UTF-8
   * character, so no character is ever cut.
   *
   * @param start the first byte offset of the range, at least 0
   * @param end the offset after the range, greater than {@code start}
   * @param firstLine the number of the first line that starts at or after {@code start} (1 when
   *     {@code start} is 0), as {@link CorpusSplits#byteRanges} computes it from newline counts
   */
  record ByteRange(long start, long end, long firstLine) implements CorpusSplit {

    private static final long serialVersionUID = 1L;

    /** Validates the offsets and the line number. */
    public ByteRange {
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException(
            "a byte range needs 0 <= start < end, got [" + start + ", " + end + ")");
      }

      if (firstLine < 1 || (start == 0 && firstLine != 1)) {
        throw new IllegalArgumentException(
            "the first line of a byte range starting at "
                + start
                + " must be "
                + (start == 0 ? "1" : "at least 2")
                + ", got "
                + firstLine);
      }
    }

    /**
     * Returns {@code start - 1} (0 for the first range): the byte before the range tells whether
     * {@code start} begins a line.
     */
    @Override
    public long streamOffset() {
      return start == 0 ? 0 : start - 1;
    }
  }

  /**
   * Every {@code count}-th line of a file, starting with line {@code index + 1}: line {@code n} is
   * kept when {@code (n - 1) % count == index}. For compressed files, which cannot be entered in
   * the middle: each stripe decompresses the whole stream but decodes, parses and tokenizes only
   * its own lines, and the stripes share the work evenly whatever the line lengths.
   *
   * @param index this stripe, from 0
   * @param count the number of stripes of the file, at least 1
   */
  record LineStripe(int index, int count) implements CorpusSplit {

    private static final long serialVersionUID = 1L;

    /** Validates the index against the count. */
    public LineStripe {
      if (count < 1 || index < 0 || index >= count) {
        throw new IllegalArgumentException(
            "a line stripe needs 0 <= index < count, got index " + index + " of " + count);
      }
    }

    @Override
    public long streamOffset() {
      return 0;
    }

    /** Returns true if the 1-based line belongs to this stripe. */
    public boolean holds(long line) {
      return (line - 1) % count == index;
    }
  }
}
