package io.mixlaw.tokenization.corpus;

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
 */
public record CorpusDocument(String domain, String id, String text, String file, long line)
    implements CorpusRecord {

  /** Validates that no field is missing. */
  public CorpusDocument {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(file, "file");
  }
}
