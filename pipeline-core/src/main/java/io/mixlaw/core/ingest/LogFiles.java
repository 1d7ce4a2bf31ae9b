package io.mixlaw.core.ingest;

import io.mixlaw.core.MixlawException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Lists the log files of a folder in a deterministic order. */
final class LogFiles {

  private LogFiles() {}

  /**
   * The regular, non-hidden files directly in {@code folder} whose extension belongs to one of
   * {@code formats}, sorted by file name.
   */
  static List<Path> list(Path folder, Set<LogFormat> formats) {
    Set<String> extensions = new HashSet<>();
    for (LogFormat format : formats) {
      extensions.addAll(format.extensions());
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(path -> !path.getFileName().toString().startsWith("."))
          .filter(path -> extensions.contains(LogFormat.extensionOf(path)))
          .sorted(Comparator.comparing(path -> path.getFileName().toString()))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot list evaluation logs in folder " + folder,
          "check that the folder is readable",
          e);
    }
  }
}
