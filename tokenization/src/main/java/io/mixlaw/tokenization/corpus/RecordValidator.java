package io.mixlaw.tokenization.corpus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mixlaw.tokenization.TextChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Turns one raw record into a {@link CorpusDocument} or a {@link QuarantinedRecord}. Used by the
 * readers of this package and by the Spark stage for Parquet rows, so that every input format
 * applies the same rules. Not thread-safe: one instance per reader or task.
 */
public final class RecordValidator {

  /** The longest JSON string (in chars) a corpus line may hold; Jackson's default is 20 M. */
  public static final int MAX_STRING_CHARS = 1 << 30;

  private final CorpusInput input;
  private final ObjectMapper mapper;
  private final StrictUtf8 utf8 = new StrictUtf8();
  // Dotted paths reach into nested objects, which only the tree resolves.
  private final boolean streamable;

  /** Creates a validator for one corpus input (its domain, text field and id field). */
  public RecordValidator(CorpusInput input) {
    this(input, input.textField().indexOf('.') < 0 && input.idField().indexOf('.') < 0);
  }

  /** A validator that judges every JSON line from its tree if {@code streamable} is false. */
  RecordValidator(CorpusInput input, boolean streamable) {
    this.input = Objects.requireNonNull(input, "input");
    this.streamable = streamable;
    this.mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build());
  }

  /**
   * Validates one JSON Lines record.
   *
   * @param file the file, as it should appear in the quarantine
   * @param relativeName the file's name relative to the input location, for default ids
   * @param line the 1-based line number
   * @param bytes the buffer holding the line, without its line ending
   * @param offset where the line starts in the buffer
   * @param length the line's length in bytes
   */
  public CorpusRecord jsonLine(
      String file, String relativeName, long line, byte[] bytes, int offset, int length) {
    if (!StrictUtf8.isValid(bytes, offset, length)) {
      return invalidUtf8(file, line, bytes, offset, length, utf8.decode(bytes, offset, length), "");
    }

    // The common line, an object whose text field is a string, is read in one streaming pass over
    // its bytes; every other line is judged from its tree, as the same rules require.
    if (streamable && startsLikeUtf8Object(bytes, offset, length)) {
      CorpusRecord streamed = streamedLine(file, relativeName, line, bytes, offset, length);
      if (streamed != null) {
        return streamed;
      }
    }

    String raw = new String(bytes, offset, length, StandardCharsets.UTF_8);
    JsonNode node;
    try {
      node = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      return unparsable(file, line, raw, e);
    }

    if (node == null || !node.isObject()) {
      return quarantine(
          file,
          line,
          QuarantineReason.NOT_A_JSON_OBJECT,
          "expected a JSON object per line, found " + describe(node),
          raw);
    }

    JsonNode textNode = field(node, input.textField());
    if (textNode == null || textNode.isNull() || textNode.isMissingNode()) {
      return quarantine(
          file,
          line,
          QuarantineReason.MISSING_TEXT_FIELD,
          "no text field '" + input.textField() + "' (set the input's text-field option)",
          raw);
    }

    if (!textNode.isTextual()) {
      return quarantine(
          file,
          line,
          QuarantineReason.TEXT_NOT_A_STRING,
          "the text field '" + input.textField() + "' holds " + describe(textNode),
          raw);
    }

    String id = idOf(node, relativeName, line);
    return document(file, line, id, textNode.textValue(), () -> raw);
  }

  /**
   * Reads a line that is an object with a string in its text field, field by field, without
   * building its tree; Jackson still checks the whole line (syntax, escapes, duplicate keys).
   * Returns null for any other line, which the caller then judges from its tree: the two ways
   * agree on every line this one accepts.
   */
  private CorpusRecord streamedLine(
      String file, String relativeName, long line, byte[] bytes, int offset, int length) {
    String idField = input.idField().isBlank() ? null : input.idField();
    String text = null;
    String id = null;
    try (JsonParser parser = mapper.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }

      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals(input.textField())) {
          if (value != JsonToken.VALUE_STRING) {
            return null;
          }

          text = parser.getText();
        } else if (name.equals(idField) && value == JsonToken.VALUE_STRING) {
          id = parser.getText();
        } else if (name.equals(idField) && value == JsonToken.VALUE_NUMBER_INT) {
          // What the tree's integer node gives as text.
          id = parser.getNumberValue().toString();
        } else if (name.equals(idField) && value == JsonToken.VALUE_NUMBER_FLOAT) {
          return null;
        } else {
          parser.skipChildren();
        }
      }

      if (token != JsonToken.END_OBJECT || text == null || parser.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }

    String documentId = idOrDefault(id, relativeName, line);
    return document(
        file,
        line,
        documentId,
        text,
        () -> new String(bytes, offset, length, StandardCharsets.UTF_8));
  }

  /**
   * Whether a line opens an object at its first byte, with no NUL among its first four bytes.
   * Jackson guesses the encoding of bytes from their start (a byte order mark, NUL bytes of UTF-16
   * or UTF-32); the tree reads the decoded string, so only lines that leave no such guess to make
   * are streamed.
   */
  private static boolean startsLikeUtf8Object(byte[] bytes, int offset, int length) {
    if (length == 0 || bytes[offset] != '{') {
      return false;
    }

    for (int i = offset + 1; i < offset + Math.min(length, 4); i++) {
      if (bytes[i] == 0) {
        return false;
      }
    }

    return true;
  }

  private QuarantinedRecord unparsable(
      String file, long line, String raw, JsonProcessingException e) {
    return quarantine(
        file,
        line,
        QuarantineReason.UNPARSABLE_JSON,
        "not valid JSON at column "
            + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr())
            + ": "
            + e.getOriginalMessage(),
        raw);
  }

  /**
   * Validates a whole text file as one document.
   *
   * @param file the file, as it should appear in the quarantine
   * @param id the document id (the file's path relative to the input location)
   * @param bytes the file's content
   */
  public CorpusRecord textFile(String file, String id, byte[] bytes) {
    StrictUtf8.Decoded decoded = utf8.decode(bytes, 0, bytes.length);
    if (!decoded.ok()) {
      long line = 1;
      for (int i = 0; i < decoded.errorOffset(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }

      return invalidUtf8(file, 0, bytes, 0, bytes.length, decoded, " (line " + line + ")");
    }

    String text = decoded.text();
    return document(file, 0, id, text, () -> text);
  }

  /**
   * Validates a text value from a columnar source, given as its raw UTF-8 bytes so that invalid
   * bytes are caught.
   *
   * @param file the file the row came from
   * @param row the 1-based row number within the file
   * @param id the document id, or null for {@code <file>:<row>}
   * @param textBytes the text column's bytes, or null if the value is missing
   */
  public CorpusRecord utf8Value(String file, long row, String id, byte[] textBytes) {
    if (textBytes == null) {
      return quarantine(
          file,
          row,
          QuarantineReason.MISSING_TEXT_FIELD,
          "no value in the text column '" + input.textField() + "'",
          "");
    }

    StrictUtf8.Decoded decoded = utf8.decode(textBytes, 0, textBytes.length);
    if (!decoded.ok()) {
      return invalidUtf8(file, row, textBytes, 0, textBytes.length, decoded, "");
    }

    String documentId = idOrDefault(id, file, row);
    String text = decoded.text();
    return document(file, row, documentId, text, () -> text);
  }

  /**
   * Checks a record's text and id.
   *
   * @param raw the record as it is in the file, built only for a quarantine excerpt
   */
  private CorpusRecord document(
      String file, long line, String id, String text, Supplier<String> raw) {
    if (text.isBlank()) {
      return quarantine(
          file,
          line,
          QuarantineReason.EMPTY_TEXT,
          text.isEmpty() ? "the text is empty" : "the text is only whitespace",
          raw.get());
    }

    long utf8Bytes = TextChecks.utf8Length(text);
    if (utf8Bytes < 0) {
      return quarantine(
          file,
          line,
          QuarantineReason.LONE_SURROGATE,
          "the text holds a "
              + TextChecks.describeLoneSurrogate(text, TextChecks.indexOfLoneSurrogate(text)),
          raw.get());
    }

    int idSurrogate = TextChecks.indexOfLoneSurrogate(id);
    if (idSurrogate >= 0) {
      return quarantine(
          file,
          line,
          QuarantineReason.LONE_SURROGATE,
          "the id holds a " + TextChecks.describeLoneSurrogate(id, idSurrogate),
          raw.get());
    }

    return new CorpusDocument(input.domain(), id, text, file, line, utf8Bytes);
  }

  private QuarantinedRecord invalidUtf8(
      String file,
      long line,
      byte[] bytes,
      int offset,
      int length,
      StrictUtf8.Decoded decoded,
      String where) {
    int bad = offset + decoded.errorOffset();
    StringBuilder hex = new StringBuilder();
    for (int i = bad;
        i < Math.min(bad + Math.max(decoded.errorLength(), 1), offset + length);
        i++) {
      hex.append(String.format(Locale.ROOT, "%s0x%02X", hex.length() == 0 ? "" : " ", bytes[i]));
    }

    String lossy =
        new String(
            bytes,
            offset,
            Math.min(length, 4 * QuarantinedRecord.EXCERPT_CHARS),
            StandardCharsets.UTF_8);
    return quarantine(
        file,
        line,
        QuarantineReason.INVALID_UTF8,
        "invalid UTF-8 at byte " + decoded.errorOffset() + where + ": " + hex,
        lossy);
  }

  private QuarantinedRecord quarantine(
      String file, long line, QuarantineReason reason, String detail, String raw) {
    return new QuarantinedRecord(input.domain(), file, line, reason, detail, excerpt(raw));
  }

  private String idOf(JsonNode node, String relativeName, long line) {
    JsonNode idNode = input.idField().isBlank() ? null : field(node, input.idField());
    boolean usable = idNode != null && (idNode.isTextual() || idNode.isNumber());
    return idOrDefault(usable ? idNode.asText() : null, relativeName, line);
  }

  /** The id, or {@code <source>:<position>} when the record has none or a blank one. */
  private static String idOrDefault(String id, String source, long position) {
    return id == null || id.isBlank() ? source + ":" + position : id;
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode direct = node.get(name);
    if (direct != null || name.indexOf('.') < 0) {
      return direct;
    }

    JsonNode current = node;
    for (String part : name.split("\\.", -1)) {
      current = current == null ? null : current.get(part);
    }

    return current;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }

    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY, POJO, MISSING -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** Cuts to the excerpt length without splitting a pair and masks lone surrogates. */
  static String excerpt(String raw) {
    int end = Math.min(raw.length(), QuarantinedRecord.EXCERPT_CHARS);
    if (end > 0 && end < raw.length() && Character.isHighSurrogate(raw.charAt(end - 1))) {
      end--;
    }

    StringBuilder out = new StringBuilder(end);
    for (int i = 0; i < end; i++) {
      char c = raw.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < end
              && Character.isLowSurrogate(raw.charAt(i + 1));
      if (paired) {
        out.append(c).append(raw.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }

    return out.toString();
  }
}
