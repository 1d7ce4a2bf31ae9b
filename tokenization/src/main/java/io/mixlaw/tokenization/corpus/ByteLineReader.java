package io.mixlaw.tokenization.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code '\n'} (a {@code "\r\n"} ending loses its {@code '\r'}),
 * before any decoding, so that a malformed byte is reported on its own line. It keeps the file
 * offset of the next unread byte, so that a reader of a byte range knows where each line starts.
 */
final class ByteLineReader {

  private static final int BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position;
  private int limit;
  // File offset of buffer[0].
  private long bufferOffset;
  private boolean endOfStream;
  private byte[] line = new byte[1 << 13];
  private int lineLength;
  private long lineNumber;

  /**
   * Reads a stream from its start.
   *
   * @param in the stream
   * @param streamOffset the file offset of the stream's first byte
   * @param linesBefore the number of lines before the first line to be read
   */
  ByteLineReader(InputStream in, long streamOffset, long linesBefore) {
    this.in = in;
    this.bufferOffset = streamOffset;
    this.lineNumber = linesBefore;
  }

  /** Returns the file offset of the next unread byte: where the next line starts. */
  long offset() {
    return bufferOffset + position;
  }

  /**
   * Discards the bytes up to and including the next {@code '\n'}, without counting a line; returns
   * false if the stream ends first.
   */
  boolean skipThroughNewline() throws IOException {
    while (true) {
      if (position == limit && (endOfStream || !fill())) {
        return false;
      }

      int newline = indexOfNewline(position, limit);
      if (newline >= 0) {
        position = newline + 1;
        return true;
      }

      position = limit;
    }
  }

  /** Reads the next line; returns false at the end of the stream. */
  boolean next() throws IOException {
    lineLength = 0;
    boolean sawAnything = false;
    while (true) {
      if (position == limit) {
        if (endOfStream || !fill()) {
          if (!sawAnything) {
            return false;
          }

          break;
        }
      }

      sawAnything = true;
      int newline = indexOfNewline(position, limit);
      int end = newline < 0 ? limit : newline;
      append(position, end - position);
      if (newline >= 0) {
        position = newline + 1;
        break;
      }

      position = limit;
    }

    if (lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
    }

    lineNumber++;
    return true;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLength;
  }

  long lineNumber() {
    return lineNumber;
  }

  private boolean fill() throws IOException {
    int read = in.read(buffer, 0, buffer.length);
    while (read == 0) {
      read = in.read(buffer, 0, buffer.length);
    }

    if (read < 0) {
      endOfStream = true;
      return false;
    }

    bufferOffset += limit;
    position = 0;
    limit = read;
    return true;
  }

  private int indexOfNewline(int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }

    return -1;
  }

  private void append(int from, int count) {
    if (lineLength + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
    }

    System.arraycopy(buffer, from, line, lineLength, count);
    lineLength += count;
  }
}
