package io.mixlaw.tokenization.corpus;

import java.io.Serializable;
import java.util.Objects;

/**
 * One input of a domain: a file or a folder of files in one format.
 *
 * @param domain the training domain the documents belong to, for example {@code "code"}
 * @param location a file or folder path (for the Spark stage, any Hadoop filesystem URI)
 * @param format how the documents are stored
 * @param textField the JSON key (or dotted path, for example {@code meta.body}) or Parquet column
 *     holding the text; ignored for text files
 * @param idField the JSON key or Parquet column holding the document id; when a record lacks it,
 *     the id is {@code <file>:<line>}
 */
public record CorpusInput(
    String domain, String location, CorpusFormat format, String textField, String idField)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The text field used when the configuration names none. */
  public static final String DEFAULT_TEXT_FIELD = "text";

  /** The id field used when the configuration names none. */
  public static final String DEFAULT_ID_FIELD = "id";

  /** Validates that no field is missing or blank. */
  public CorpusInput {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(textField, "textField");
    Objects.requireNonNull(idField, "idField");
    if (domain.isBlank()) {
      throw new IllegalArgumentException("the domain of a corpus input must not be blank");
    }

    if (location.isBlank()) {
      throw new IllegalArgumentException(
          "the location of the corpus input of " + domain + " is blank");
    }

    if (textField.isBlank()) {
      throw new IllegalArgumentException(
          "the text field of the corpus input of " + domain + " is blank");
    }
  }

  /** Describes an input with the default text and id fields. */
  public static CorpusInput of(String domain, String location, CorpusFormat format) {
    return new CorpusInput(domain, location, format, DEFAULT_TEXT_FIELD, DEFAULT_ID_FIELD);
  }
}
