package io.mixlaw.jobs.data;

import io.mixlaw.tokenization.Tokenizer;
import io.mixlaw.tokenization.TokenizerSpec;
import io.mixlaw.tokenization.corpus.CorpusInput;
import io.mixlaw.tokenization.corpus.CorpusReader;
import io.mixlaw.tokenization.corpus.RecordValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The functions the tokenize stage runs in Spark tasks. Each task builds its own tokenizer from the
 * serializable specification (a native tokenizer cannot be shipped) and closes it when the task
 * ends; records stream through one at a time, so a task's memory does not grow with its files.
 */
final class TokenizeTasks {

  private TokenizeTasks() {}

  /** Reads, validates and tokenizes the file parts of a partition. */
  static final class ReadFiles implements FlatMapFunction<Iterator<ReadPlan.ReadTask>, TokenizedRows.Record> {

    private static final long serialVersionUID = 1L;

    private final TokenizerSpec spec;
    private final ArrayList<CorpusInput> inputs;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final LongAccumulator parts;
    private final LongAccumulator documents;
    private final LongAccumulator tokens;

    ReadFiles(
        TokenizerSpec spec,
        List<CorpusInput> inputs,
        Broadcast<SerializableConfiguration> hadoop,
        LongAccumulator parts,
        LongAccumulator documents,
        LongAccumulator tokens) {
      this.spec = spec;
      this.inputs = new ArrayList<>(inputs);
      this.hadoop = hadoop;
      this.parts = parts;
      this.documents = documents;
      this.tokens = tokens;
    }

    @Override
    public Iterator<TokenizedRows.Record> call(Iterator<ReadPlan.ReadTask> tasks) {
      Tokenizer tokenizer = spec.create();
      List<CorpusReader> open = new ArrayList<>();
      closeWhenTaskEnds(tokenizer, open);
      return new Iterator<>() {
        private CorpusReader reader;

        @Override
        public boolean hasNext() {
          while (reader == null || !reader.hasNext()) {
            if (reader != null) {
              reader.close();
              open.remove(reader);
              reader = null;
              parts.add(1);
            }

            if (!tasks.hasNext()) {
              return false;
            }

            reader = open(tasks.next());
            open.add(reader);
          }

          return true;
        }

        @Override
        public TokenizedRows.Record next() {
          if (!hasNext()) {
            throw new NoSuchElementException("no more corpus records in this task");
          }

          TokenizedRows.Record record = TokenizedRows.of(reader.next(), tokenizer);
          count(record, documents, tokens);
          return record;
        }
      };
    }

    private CorpusReader open(ReadPlan.ReadTask task) {
      CorpusFiles.FileTask file = task.file();
      Path path = new Path(file.file());
      FSDataInputStream in;
      try {
        FileSystem fs = path.getFileSystem(hadoop.value().value());
        in = fs.open(path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the corpus file " + file.file(), e);
      }

      try {
        in.seek(task.split().streamOffset());
      } catch (IOException e) {
        UncheckedIOException failure =
            new UncheckedIOException(
                "cannot seek to byte " + task.split().streamOffset() + " of " + file.file(), e);
        closeAfterFailure(in, failure);
        throw failure;
      }

      return CorpusReader.open(
          inputs.get(file.input()), file.file(), file.relativeName(), in, task.split());
    }
  }

  /**
   * Validates and tokenizes Parquet rows of the columns (text as binary, id as string, file path,
   * row index).
   */
  static final class ReadParquetRows implements FlatMapFunction<Iterator<Row>, TokenizedRows.Record> {

    private static final long serialVersionUID = 1L;

    private final TokenizerSpec spec;
    private final CorpusInput input;
    private final LongAccumulator documents;
    private final LongAccumulator tokens;

    ReadParquetRows(
        TokenizerSpec spec, CorpusInput input, LongAccumulator documents, LongAccumulator tokens) {
      this.spec = spec;
      this.input = input;
      this.documents = documents;
      this.tokens = tokens;
    }

    @Override
    public Iterator<TokenizedRows.Record> call(Iterator<Row> rows) {
      Tokenizer tokenizer = spec.create();
      closeWhenTaskEnds(tokenizer, List.of());
      RecordValidator validator = new RecordValidator(input);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public TokenizedRows.Record next() {
          Row in = rows.next();
          byte[] text = in.isNullAt(0) ? null : (byte[]) in.get(0);
          String id = in.isNullAt(1) ? null : in.getString(1);
          TokenizedRows.Record record =
              TokenizedRows.of(
                  validator.utf8Value(in.getString(2), in.getLong(3) + 1, id, text), tokenizer);
          count(record, documents, tokens);
          return record;
        }
      };
    }
  }

  private static void count(
      TokenizedRows.Record record, LongAccumulator documents, LongAccumulator tokens) {
    if (record.isDocument()) {
      documents.add(1);
      tokens.add(record.getTokenCount());
    }
  }

  private static void closeAfterFailure(InputStream in, Exception failure) {
    try {
      in.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static void closeWhenTaskEnds(Tokenizer tokenizer, List<CorpusReader> readers) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return;
    }

    task.addTaskCompletionListener(
        (TaskCompletionListener)
            context -> {
              for (CorpusReader reader : List.copyOf(readers)) {
                reader.close();
              }

              tokenizer.close();
            });
  }
}
