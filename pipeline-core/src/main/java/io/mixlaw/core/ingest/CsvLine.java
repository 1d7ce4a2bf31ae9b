package io.mixlaw.core.ingest;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields (RFC 4180 quoting: {@code "a,b"} and {@code ""} inside). */
final class CsvLine {

  private static final char QUOTE = '"';
  private static final char COMMA = ',';

  private CsvLine() {}

  /**
   * Returns the fields of the line, or null when a quote is not closed or a closing quote is
   * followed by something other than a comma.
   */
  // Limitation: a quoted field cannot span lines; such a record is reported as malformed.
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int length = line.length();
    while (true) {
      if (i < length && line.charAt(i) == QUOTE) {
        i++;
        boolean closed = false;
        while (i < length) {
          char c = line.charAt(i++);
          if (c != QUOTE) {
            field.append(c);
          } else if (i < length && line.charAt(i) == QUOTE) {
            field.append(QUOTE);
            i++;
          } else {
            closed = true;
            break;
          }
        }
        if (!closed || (i < length && line.charAt(i) != COMMA)) {
          return null;
        }
      } else {
        while (i < length && line.charAt(i) != COMMA) {
          field.append(line.charAt(i++));
        }
      }

      fields.add(field.toString());
      field.setLength(0);
      if (i >= length) {
        return fields;
      }
      i++;
    }
  }
}
