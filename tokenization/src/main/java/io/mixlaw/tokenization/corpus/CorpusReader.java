package io.mixlaw.tokenization.corpus;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads one file of a corpus input as a stream of records: one per non-blank line of a JSON Lines
 * file, one per text file. Compression follows the file name ({@code .gz}, {@code .zst}). Blank
 * lines are skipped and counted; every other line yields exactly one record, so no valid document
 * is ever dropped. A JSON Lines file may be read in parts ({@link CorpusSplit}): byte ranges of an
 * uncompressed file, line stripes of a compressed one. The caller closes the reader.
 */
public final class CorpusReader implements Iterator<CorpusRecord>, Closeable {

  private static final int STREAM_BUFFER_BYTES = 1 << 16;

  private final CorpusInput input;
  private final String file;
  private final String relativeName;
  private final InputStream stream;
  private final RecordValidator validator;
  private final ByteLineReader lines;
  private final CorpusSplit split;
  private boolean positioned;
  private CorpusRecord pending;
  private boolean textFileDone;
  private long records;
  private long blankLines;

  private CorpusReader(
      CorpusInput input, String file, String relativeName, InputStream stream, CorpusSplit split) {
    this.input = input;
    this.file = file;
    this.relativeName = relativeName;
    this.stream = stream;
    this.split = split;
    this.validator = new RecordValidator(input);
    long linesBefore = split instanceof CorpusSplit.ByteRange range ? range.firstLine() - 1 : 0;
    this.lines =
        input.format() == CorpusFormat.JSON_LINES
            ? new ByteLineReader(stream, split.streamOffset(), linesBefore)
            : null;
  }

  /**
   * Lists the files of an input in a fixed order (sorted by relative path): the location itself if
   * it is a file, else every file below it whose name ends with one of the format's extensions,
   * optionally followed by {@code .gz} or {@code .zst}. Names starting with {@code .} or {@code _}
   * are skipped.
   *
   * @throws CorpusException if the location does not exist or holds no matching file
   */
  public static List<Path> listFiles(CorpusInput input) {
    Path root = Path.of(input.location());
    if (Files.isRegularFile(root)) {
      return List.of(root);
    }

    if (!Files.isDirectory(root)) {
      throw new CorpusException(
          "the corpus input of domain '"
              + input.domain()
              + "' does not exist: "
              + root
              + "; fix its location in the configuration");
    }

    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> input.format().matchesFileName(p.getFileName().toString()))
          .filter(p -> !CorpusFormat.isHiddenPath(slashes(root.relativize(p))))
          .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
          .forEach(files::add);
    } catch (IOException | UncheckedIOException e) {
      throw new CorpusException("cannot list the corpus folder " + root + ": " + e.getMessage(), e);
    }

    if (files.isEmpty()) {
      throw new CorpusException(
          "the corpus folder "
              + root
              + " of domain '"
              + input.domain()
              + "' holds no "
              + input.format().configName()
              + " file (names ending with "
              + input.format().extensions()
              + ", optionally .gz or .zst)");
    }

    return List.copyOf(files);
  }

  /**
   * Opens a local file of the input.
   *
   * @throws CorpusException if the file cannot be opened or the format is Parquet
   */
  public static CorpusReader open(CorpusInput input, Path file) {
    return open(input, file, CorpusSplit.wholeFile());
  }

  /**
   * Opens a part of a local file of the input.
   *
   * @throws CorpusException if the file cannot be opened, the format is Parquet, or the split does
   *     not suit the file (see {@link #open(CorpusInput, String, String, InputStream,
   *     CorpusSplit)})
   */
  public static CorpusReader open(CorpusInput input, Path file, CorpusSplit split) {
    Objects.requireNonNull(split, "split");
    Path root = Path.of(input.location());
    String relative =
        Files.isDirectory(root) ? root.relativize(file).toString() : file.getFileName().toString();
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new CorpusException("cannot open the corpus file " + file + ": " + e.getMessage(), e);
    }

    InputStream raw = Channels.newInputStream(channel);
    try {
      channel.position(split.streamOffset());
    } catch (IOException e) {
      throw closeAfterFailure(
          raw,
          new CorpusException(
              "cannot seek to byte " + split.streamOffset() + " of " + file + ": " + e.getMessage(),
              e));
    }

    return open(input, file.toString(), relative.replace('\\', '/'), raw, split);
  }

  /**
   * Opens a file of the input from a stream (for example from a Hadoop filesystem); the reader
   * takes ownership of the stream and closes it.
   *
   * @param input the corpus input the file belongs to
   * @param file the file's full name, for the quarantine
   * @param relativeName the file's path relative to the input location, for document ids
   * @param raw the file's bytes, compressed as its name says
   * @throws CorpusException if the compressed stream cannot be opened or the format is Parquet
   */
  public static CorpusReader open(
      CorpusInput input, String file, String relativeName, InputStream raw) {
    return open(input, file, relativeName, raw, CorpusSplit.wholeFile());
  }

  /**
   * Opens a part of a file of the input from a stream that starts at the split's {@link
   * CorpusSplit#streamOffset()}; the reader takes ownership of the stream and closes it. Records
   * keep the line numbers (and default ids) they have when the whole file is read.
   *
   * @param input the corpus input the file belongs to
   * @param file the file's full name, for the quarantine
   * @param relativeName the file's path relative to the input location, for document ids
   * @param raw the file's bytes from {@code split.streamOffset()} on, compressed as its name says
   * @param split the part to read: the whole file, a byte range of an uncompressed JSON Lines file,
   *     or a line stripe of a JSON Lines file
   * @throws CorpusException if the compressed stream cannot be opened, the format is Parquet, a
   *     byte range is asked of a compressed file, or a text file is to be split
   */
  public static CorpusReader open(
      CorpusInput input, String file, String relativeName, InputStream raw, CorpusSplit split) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(split, "split");
    if (input.format() == CorpusFormat.PARQUET) {
      CorpusException failure =
          new CorpusException(
              "Parquet input "
                  + file
                  + " is read by the Spark tokenize stage (Spark's own Parquet reader); this"
                  + " reader handles jsonl and text inputs");
      throw closeAfterFailure(raw, failure);
    }

    if (!(split instanceof CorpusSplit.WholeFile) && input.format() != CorpusFormat.JSON_LINES) {
      throw closeAfterFailure(
          raw,
          new CorpusException(
              "the text file "
                  + file
                  + " is one document and cannot be read in parts ("
                  + split
                  + ")"));
    }

    if (split instanceof CorpusSplit.ByteRange && CorpusFormat.isCompressed(file)) {
      throw closeAfterFailure(
          raw,
          new CorpusException(
              "the compressed file "
                  + file
                  + " cannot be read from a byte offset ("
                  + split
                  + "); read it whole or in line stripes"));
    }

    try {
      return new CorpusReader(input, file, relativeName, decompress(file, raw), split);
    } catch (IOException e) {
      throw closeAfterFailure(
          raw,
          new CorpusException(
              "cannot open the compressed corpus file " + file + ": " + e.getMessage(), e));
    }
  }

  /** Reads every file of an input in {@link #listFiles(CorpusInput)} order. */
  public static void readAll(CorpusInput input, Consumer<? super CorpusRecord> sink) {
    for (Path path : listFiles(input)) {
      try (CorpusReader reader = open(input, path)) {
        reader.forEachRemaining(sink);
      }
    }
  }

  /**
   * Returns true if another record follows.
   *
   * @throws CorpusException if the file cannot be read further (an I/O error or a corrupt
   *     compressed stream), naming the file and the last line read
   */
  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }

    try {
      pending = input.format() == CorpusFormat.TEXT_FILES ? readTextFile() : readLine();
    } catch (IOException e) {
      throw new CorpusException(
          "reading the corpus file "
              + file
              + " failed after line "
              + (lines == null ? 0 : lines.lineNumber())
              + ": "
              + e.getMessage()
              + " (is the file truncated or its compression corrupt?)",
          e);
    }

    return pending != null;
  }

  @Override
  public CorpusRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in " + file);
    }

    CorpusRecord record = pending;
    pending = null;
    records++;
    return record;
  }

  /** Returns the number of records returned so far. */
  public long records() {
    return records;
  }

  /** Returns the number of blank lines skipped so far. */
  public long blankLines() {
    return blankLines;
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new CorpusException("cannot close the corpus file " + file + ": " + e.getMessage(), e);
    }
  }

  private CorpusRecord readLine() throws IOException {
    if (!positioned) {
      positioned = true;
      // A range that does not start the file begins one byte early: skipping through the first
      // newline lands on the first line that starts inside the range.
      if (split instanceof CorpusSplit.ByteRange range
          && range.start() > 0
          && !lines.skipThroughNewline()) {
        return null;
      }
    }

    while (!pastRangeEnd() && lines.next()) {
      if (split instanceof CorpusSplit.LineStripe stripe && !stripe.holds(lines.lineNumber())) {
        continue;
      }

      byte[] bytes = lines.bytes();
      int start = 0;
      if (lines.lineNumber() == 1 && startsWithByteOrderMark(bytes, lines.length())) {
        start = 3;
      }

      if (isBlank(bytes, start, lines.length())) {
        blankLines++;
        continue;
      }

      return validator.jsonLine(
          file, relativeName, lines.lineNumber(), bytes, start, lines.length() - start);
    }

    return null;
  }

  private boolean pastRangeEnd() {
    return split instanceof CorpusSplit.ByteRange range && lines.offset() >= range.end();
  }

  private CorpusRecord readTextFile() throws IOException {
    if (textFileDone) {
      return null;
    }

    textFileDone = true;
    byte[] bytes = stream.readAllBytes();
    int start = startsWithByteOrderMark(bytes, bytes.length) ? 3 : 0;
    byte[] content = start == 0 ? bytes : Arrays.copyOfRange(bytes, start, bytes.length);
    return validator.textFile(file, relativeName, content);
  }

  private static InputStream decompress(String file, InputStream raw) throws IOException {
    String name = file.toLowerCase(Locale.ROOT);
    if (!CorpusFormat.isCompressed(name)) {
      // ByteLineReader buffers already; a second buffer would only copy the bytes once more.
      return raw;
    }

    InputStream buffered = new BufferedInputStream(raw, STREAM_BUFFER_BYTES);
    if (name.endsWith(".gz")) {
      return new GZIPInputStream(buffered, STREAM_BUFFER_BYTES);
    }

    return new BufferedInputStream(new ZstdInputStream(buffered), STREAM_BUFFER_BYTES);
  }

  private static String slashes(Path relative) {
    return relative.toString().replace('\\', '/');
  }

  private static boolean startsWithByteOrderMark(byte[] bytes, int length) {
    return length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF;
  }

  private static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }

    return true;
  }

  private static CorpusException closeAfterFailure(InputStream in, CorpusException failure) {
    try {
      in.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }

    return failure;
  }
}
