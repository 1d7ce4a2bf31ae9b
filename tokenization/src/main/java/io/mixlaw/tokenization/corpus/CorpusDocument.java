package io.mixlaw.tokenization.corpus;

import io.mixlaw.tokenization.TextChecks;
import java.util.Objects;

/**
 * A valid document: non-blank text that is valid UTF-8 in its file and encodes without loss.
 *
 * @param domain the training domain
 * @param id the document id (from the id field, the file's relative path for text files, or {@code
 *     <file>:<line>})
 * @param text the document text, exactly as stored
 * @param file the file it came from
 * @param line its 1-based line (0 for a whole text file)
 * @param utf8Bytes the text's length in UTF-8 bytes
 */
public record CorpusDocument(
    String domain, String id, String text, String file, long line, long utf8Bytes)
    implements CorpusRecord {

  /** Validates that no field is missing and that the UTF-8 length is the text's. */
  public CorpusDocument {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(file, "file");
    if (utf8Bytes < text.length()) {
      throw new IllegalArgumentException(
          "a text of " + text.length() + " chars cannot take " + utf8Bytes + " UTF-8 bytes");
    }
  }

  /**
   * A document whose UTF-8 length is computed from its text.
   *
   * @throws IllegalArgumentException if the text holds a lone surrogate
   */
  public CorpusDocument(String domain, String id, String text, String file, long line) {
    this(domain, id, text, file, line, encodableLength(text));
  }

  private static long encodableLength(String text) {
    long bytes = TextChecks.utf8Length(Objects.requireNonNull(text, "text"));
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "the text holds a "
              + TextChecks.describeLoneSurrogate(text, TextChecks.indexOfLoneSurrogate(text)));
    }

    return bytes;
  }
}
