package io.mixlaw.core.ingest;

import io.mixlaw.core.MixlawException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a UTF-8 text file line by line with 1-based line numbers. */
final class TextLines {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /** Receives one line (without its terminator) and its 1-based number. */
  @FunctionalInterface
  interface LineHandler {
    void accept(long lineNumber, String line);
  }

  private TextLines() {}

  /**
   * Checks that {@code file} is a regular file, failing with a message that names the path and the
   * config key it came from.
   */
  static void requireFile(Path file, String configKey) {
    if (!Files.isRegularFile(file)) {
      String what = Files.isDirectory(file) ? "is a folder, not a file" : "does not exist";
      throw MixlawException.of(
          "evaluation log " + file + " (config key '" + configKey + "') cannot be read",
          "it " + what,
          "fix the '" + configKey + "' key of the ingest source or put the log there");
    }
  }

  /**
   * Streams the lines of {@code file}, decoded strictly as UTF-8; a byte-order mark at the start is
   * dropped.
   *
   * @throws MixlawException naming the file and config key when it is missing, unreadable or not
   *     UTF-8
   */
  static void forEach(Path file, String configKey, LineHandler handler) {
    requireFile(file, configKey);
    long lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      while (line != null) {
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
          line = line.substring(1);
        }
        handler.accept(lineNumber, line);
        line = reader.readLine();
      }
    } catch (CharacterCodingException e) {
      throw MixlawException.of(
          "evaluation log " + file + " (config key '" + configKey + "') cannot be decoded",
          "line " + (lineNumber + 1) + " is not valid UTF-8",
          "convert the file to UTF-8");
    } catch (IOException e) {
      throw MixlawException.wrap(
          "evaluation log " + file + " (config key '" + configKey + "') cannot be read",
          "check that the file is readable",
          e);
    }
  }
}
