package io.mixlaw.tokenization.corpus;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and reports the first malformed byte instead of replacing it. Java's decoders
 * substitute U+FFFD by default; a reader that relied on them would count tokens of text that is not
 * in the file. Not thread-safe: one instance per reader.
 */
final class StrictUtf8 {

  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** Result of a decode: the text, or the offset of the first bad byte. */
  record Decoded(String text, int errorOffset, int errorLength) {
    boolean ok() {
      return text != null;
    }
  }

  /**
   * Whether the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
   * above U+10FFFF). Checks without decoding; {@link #decode} says where a bad byte is.
   */
  static boolean isValid(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int lead = bytes[i];
      if (lead >= 0) {
        i++;
        continue;
      }

      lead &= 0xFF;
      if (lead < 0xC2 || lead > 0xF4) {
        return false;
      }

      int size = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      if (i + size > end) {
        return false;
      }

      int second = bytes[i + 1] & 0xFF;
      int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
      if (second < low || second > high) {
        return false;
      }

      for (int k = 2; k < size; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }

      i += size;
    }

    return true;
  }

  Decoded decode(byte[] bytes, int offset, int length) {
    if (isAscii(bytes, offset, length)) {
      return new Decoded(new String(bytes, offset, length, StandardCharsets.US_ASCII), -1, 0);
    }

    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(length);
    decoder.reset();
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }

    if (result.isError()) {
      return new Decoded(null, in.position() - offset, result.length());
    }

    out.flip();
    return new Decoded(out.toString(), -1, 0);
  }

  private static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }

    return true;
  }
}
