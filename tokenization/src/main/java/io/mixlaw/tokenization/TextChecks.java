package io.mixlaw.tokenization;

import java.util.Locale;

/** Checks that text survives a round trip through UTF-8 unchanged. */
public final class TextChecks {

  private TextChecks() {}

  /**
   * Returns the index of the first lone surrogate in the text (a high surrogate not followed by a
   * low one, or a low surrogate not preceded by a high one), or -1 if every surrogate is paired.
   */
  public static int indexOfLoneSurrogate(CharSequence text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }

      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }

      return i;
    }

    return -1;
  }

  /**
   * Returns the number of bytes the text takes in UTF-8 (a surrogate pair takes 4), or -1 if it
   * holds a lone surrogate, which UTF-8 cannot encode ({@link #indexOfLoneSurrogate} finds it).
   */
  public static long utf8Length(CharSequence text) {
    long bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (!Character.isSurrogate(c)) {
        bytes += 3;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        return -1;
      }
    }

    return bytes;
  }

  /**
   * Throws if the text holds a lone surrogate.
   *
   * @throws UnencodableTextException naming the surrogate and its index
   */
  public static void requireEncodable(CharSequence text) {
    int index = indexOfLoneSurrogate(text);
    if (index >= 0) {
      throw new UnencodableTextException(describeLoneSurrogate(text, index), index);
    }
  }

  /**
   * Describes the lone surrogate at {@code index}, for example "lone surrogate U+D800 at char 5".
   */
  public static String describeLoneSurrogate(CharSequence text, int index) {
    return String.format(
        Locale.ROOT, "lone surrogate U+%04X at char %d", (int) text.charAt(index), index);
  }
}
