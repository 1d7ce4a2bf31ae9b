package io.mixlaw.jobs.data;

import io.mixlaw.core.MixlawException;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the files of corpus inputs through the Hadoop filesystem API, so that inputs may live on
 * any filesystem Spark reaches (local folders, HDFS, object stores).
 */
final class CorpusFiles {

  /**
   * One file to read.
   *
   * @param input position of its input in the configured list
   * @param file the file's full URI
   * @param relativeName its path below the input location (its name if the input is a file)
   * @param bytes its size
   */
  record FileTask(int input, String file, String relativeName, long bytes) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private CorpusFiles() {}

  /** Lists every file of every non-Parquet input, in input order and then sorted by path. */
  static List<FileTask> list(List<CorpusInput> inputs, Configuration hadoop) {
    List<FileTask> tasks = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      CorpusInput input = inputs.get(i);
      if (input.format() != CorpusFormat.PARQUET) {
        tasks.addAll(list(i, input, hadoop));
      }
    }

    return tasks;
  }

  private static List<FileTask> list(int index, CorpusInput input, Configuration hadoop) {
    Path root = new Path(input.location());
    List<FileTask> files = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        throw MixlawException.of(
            "the corpus input of domain " + input.domain() + " does not exist: " + root,
            "no file or folder at that location",
            "fix the path of that input in tokenize.inputs");
      }

      FileStatus status = fs.getFileStatus(root);
      if (status.isFile()) {
        Path qualified = fs.makeQualified(root);
        return List.of(new FileTask(index, qualified.toString(), root.getName(), status.getLen()));
      }

      String prefix = fs.makeQualified(root).toUri().getPath();
      RemoteIterator<LocatedFileStatus> walk = fs.listFiles(root, true);
      while (walk.hasNext()) {
        LocatedFileStatus file = walk.next();
        String path = file.getPath().toUri().getPath();
        String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        relative = relative.startsWith("/") ? relative.substring(1) : relative;
        if (input.format().matchesFileName(file.getPath().getName())
            && !CorpusFormat.isHiddenPath(relative)) {
          files.add(new FileTask(index, file.getPath().toString(), relative, file.getLen()));
        }
      }
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot list the corpus input of domain " + input.domain() + " at " + root,
          "check that the location is readable",
          e);
    }

    if (files.isEmpty()) {
      throw MixlawException.of(
          "the corpus folder " + root + " of domain " + input.domain() + " holds no input file",
          "no name ends with "
              + input.format().extensions()
              + " (optionally followed by .gz or .zst)",
          "check the folder and the input's format (jsonl, text or parquet)");
    }

    files.sort(Comparator.comparing(FileTask::relativeName));
    return files;
  }
}
