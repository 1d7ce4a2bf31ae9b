package io.mixlaw.jobs.data;

import io.mixlaw.core.MixlawException;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import io.mixlaw.tokenization.corpus.CorpusSplit;
import io.mixlaw.tokenization.corpus.CorpusSplits;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Cuts the corpus files of the tokenize stage into read tasks of about equal bytes, so that a few
 * large files keep every core busy.
 *
 * <p>The wanted number of tasks gives a share of the corpus bytes per task. An uncompressed JSON
 * Lines file larger than that share is cut into byte ranges; the newlines of each range are counted
 * first, in parallel, so that every line keeps its number in the file. A compressed file cannot be
 * entered in the middle: it is read in at most {@link #MAX_STRIPES} line stripes, each of which
 * decompresses the whole file but decodes and tokenizes only its own lines. A text file is one
 * document and one task. No part is smaller than the minimum split size.
 */
final class ReadPlan {

  /** Tasks per slot of Spark's default parallelism when {@code tokenize.partitions} is 0. */
  static final int DEFAULT_TASKS_PER_SLOT = 3;

  /** Default of {@code tokenize.min-split-bytes}: the least bytes worth a task of their own. */
  static final long DEFAULT_MIN_SPLIT_BYTES = 1L << 20;

  /**
   * The most line stripes of one compressed file: each stripe decompresses the whole file, so more
   * stripes cost more than they balance.
   */
  static final int MAX_STRIPES = 4;

  /**
   * One part of one file, read in one task.
   *
   * @param file the file
   * @param split the part of it
   * @param bytes the file bytes the part accounts for (its share for a line stripe)
   */
  record ReadTask(CorpusFiles.FileTask file, CorpusSplit split, long bytes)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A byte span of a file whose newlines are to be counted. */
  record Span(String file, long start, long end) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private ReadPlan() {}

  /**
   * Returns the number of parts of each file, in the order given.
   *
   * @param files the files to read
   * @param tasks the wanted number of tasks, at least 1
   * @param minSplitBytes the least bytes of a part, at least 1
   * @param inputs the inputs the files belong to
   */
  static int[] parts(
      List<CorpusFiles.FileTask> files, int tasks, long minSplitBytes, List<CorpusInput> inputs) {
    long total = files.stream().mapToLong(CorpusFiles.FileTask::bytes).sum();
    long share = Math.max(minSplitBytes, ceilDiv(total, Math.max(1, tasks)));
    int[] parts = new int[files.size()];
    for (int i = 0; i < parts.length; i++) {
      CorpusFiles.FileTask file = files.get(i);
      parts[i] = 1;
      if (inputs.get(file.input()).format() != CorpusFormat.JSON_LINES) {
        continue;
      }

      long wanted = Math.min(ceilDiv(file.bytes(), share), file.bytes() / minSplitBytes);
      // Limitation: each stripe decompresses the whole file; one such file feeds at most 4 cores.
      int limit = CorpusFormat.isCompressed(file.file()) ? MAX_STRIPES : Integer.MAX_VALUE;
      parts[i] = (int) Math.max(1, Math.min(wanted, limit));
    }

    return parts;
  }

  /**
   * Plans the read tasks of the files, counting the newlines of the files cut into byte ranges in
   * one Spark job, and orders them largest first so that the last tasks to start are short.
   *
   * @param jsc the Spark context
   * @param hadoop the Hadoop configuration for the tasks
   * @param inputs the corpus inputs
   * @param files their files
   * @param tasks the wanted number of tasks
   * @param minSplitBytes the least bytes of a part
   */
  static List<ReadTask> plan(
      JavaSparkContext jsc,
      Broadcast<SerializableConfiguration> hadoop,
      List<CorpusInput> inputs,
      List<CorpusFiles.FileTask> files,
      int tasks,
      long minSplitBytes) {
    int[] parts = parts(files, tasks, minSplitBytes, inputs);
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      CorpusFiles.FileTask file = files.get(i);
      if (parts[i] > 1 && !CorpusFormat.isCompressed(file.file())) {
        long[] offsets = CorpusSplits.boundaries(file.bytes(), parts[i]);
        for (int k = 0; k < parts[i]; k++) {
          spans.add(new Span(file.file(), offsets[k], offsets[k + 1]));
        }
      }
    }

    List<CorpusSplits.NewlineCount> counts;
    try {
      counts =
          spans.isEmpty()
              ? List.of()
              : jsc.parallelize(spans, spans.size()).map(new CountNewlines(hadoop)).collect();
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "stage tokenize could not scan the corpus files it splits into byte ranges",
          "check that the files are readable and did not change during the run",
          e);
    }

    List<ReadTask> planned = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < files.size(); i++) {
      CorpusFiles.FileTask file = files.get(i);
      if (parts[i] == 1) {
        planned.add(new ReadTask(file, CorpusSplit.wholeFile(), file.bytes()));
      } else if (CorpusFormat.isCompressed(file.file())) {
        for (int k = 0; k < parts[i]; k++) {
          planned.add(
              new ReadTask(file, new CorpusSplit.LineStripe(k, parts[i]), file.bytes() / parts[i]));
        }
      } else {
        long[] offsets = CorpusSplits.boundaries(file.bytes(), parts[i]);
        List<CorpusSplit.ByteRange> ranges =
            CorpusSplits.byteRanges(offsets, counts.subList(next, next + parts[i]));
        for (int k = 0; k < ranges.size(); k++) {
          CorpusSplit.ByteRange range = ranges.get(k);
          boolean last = k == ranges.size() - 1;
          // The last range reads to the end of the file, as a whole-file read does.
          CorpusSplit split =
              last
                  ? new CorpusSplit.ByteRange(range.start(), Long.MAX_VALUE, range.firstLine())
                  : range;
          planned.add(new ReadTask(file, split, offsets[k + 1] - offsets[k]));
        }

        next += parts[i];
      }
    }

    planned.sort(Comparator.comparingLong(ReadTask::bytes).reversed());
    return planned;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Counts the newlines of a span in a Spark task. */
  static final class CountNewlines implements Function<Span, CorpusSplits.NewlineCount> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> hadoop;

    CountNewlines(Broadcast<SerializableConfiguration> hadoop) {
      this.hadoop = hadoop;
    }

    @Override
    public CorpusSplits.NewlineCount call(Span span) {
      Path path = new Path(span.file());
      try {
        FileSystem fs = path.getFileSystem(hadoop.value().value());
        try (FSDataInputStream in = fs.open(path)) {
          in.seek(span.start());
          return CorpusSplits.countNewlines(in, span.end() - span.start());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot count the lines of " + span.file() + " from byte " + span.start(), e);
      }
    }
  }
}
