package io.mixlaw.jobs.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.typesafe.config.Config;
import io.mixlaw.core.config.ConfigLoader;
import io.mixlaw.core.spark.SparkSessions;
import io.mixlaw.tokenization.TokenizerSpec;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Benchmark: tokens per second per core through the tokenize stage's Spark tasks against JTokkit
 * alone on one core, on the same text (the bundled corpora's training splits by default).
 *
 * <p>JTokkit alone encodes the texts, already in memory, in one thread. The Spark side runs the
 * stage's own task code (read the JSON Lines files, decode strictly, validate, tokenize, build the
 * rows) on {@code local[cores]} over the same documents, spread over {@code 4 x cores} files so
 * that tasks balance, and forces every row with a count; the Delta writes that follow in the real
 * stage are not part of the measure. Each side runs once to warm up and then {@code repeat} timed
 * times; the best time counts.
 *
 * <p>Run, after {@code mvn -B package -DskipTests}, from the repository root:
 *
 * <pre>
 * java -Xmx4g $(JAVA17_OPENS) -cp "jobs/target/mixlaw-jobs-0.1.0-SNAPSHOT.jar:jobs/target/lib/*" \
 *     io.mixlaw.jobs.data.TokenizeBenchmark [cores] [repeat] [corpora-folder] [encoding]
 * </pre>
 *
 * with the {@code --add-opens} flags of {@code bin/mixlaw}. Defaults: 2 cores, 3 repeats, {@code
 * examples/corpora}, {@code o200k_base}.
 */
public final class TokenizeBenchmark {

  /** Share of JTokkit's single-core throughput the stage should keep per core. */
  public static final double GOAL = 0.8;

  private TokenizeBenchmark() {}

  /** Runs the benchmark and prints the result. */
  public static void main(String[] args) throws IOException {
    int cores = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path corpora = Path.of(args.length > 2 ? args[2] : "examples/corpora").toAbsolutePath();
    String encodingName = args.length > 3 ? args[3] : "o200k_base";

    List<String> lines = trainingLines(corpora);
    List<String> texts = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    long bytes = 0;
    for (String line : lines) {
      JsonNode node = json.readTree(line);
      texts.add(node.get("text").textValue());
      bytes += TokenizedRows.utf8Length(node.get("text").textValue());
    }

    System.out.printf(
        Locale.ROOT,
        "corpus: %s, %,d documents, %,d text bytes; %s; %d cores; best of %d%n",
        corpora,
        texts.size(),
        bytes,
        encodingName,
        cores,
        repeat);

    Encoding encoding =
        Encodings.newDefaultEncodingRegistry().getEncoding(encodingName).orElseThrow();
    long tokens = 0;
    double alone = Double.MAX_VALUE;
    for (int run = 0; run <= repeat; run++) {
      long start = System.nanoTime();
      long count = 0;
      for (String text : texts) {
        count += encoding.encodeOrdinary(text).size();
      }

      double seconds = (System.nanoTime() - start) / 1e9;
      tokens = count;
      if (run > 0) {
        alone = Math.min(alone, seconds);
      }
    }

    double aloneRate = tokens / alone;
    System.out.printf(
        Locale.ROOT,
        "JTokkit alone, 1 thread:      %,d tokens in %.2f s = %,.0f tokens/s%n",
        tokens,
        alone,
        aloneRate);

    Path folder = Files.createTempDirectory("mixlaw-benchmark");
    try {
      int files = 4 * cores;
      writeSpread(lines, folder, files);
      double stage = sparkSeconds(folder, cores, repeat, encodingName, tokens);
      double perCore = tokens / stage / cores;
      System.out.printf(
          Locale.ROOT,
          "tokenize stage, local[%d]:    %,d tokens in %.2f s = %,.0f tokens/s = %,.0f per core%n",
          cores,
          tokens,
          stage,
          tokens / stage,
          perCore);
      System.out.printf(
          Locale.ROOT,
          "per-core throughput kept: %.1f%% of JTokkit alone (goal %.0f%%)%n",
          100 * perCore / aloneRate,
          100 * GOAL);
    } finally {
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static double sparkSeconds(
      Path folder, int cores, int repeat, String encodingName, long expectedTokens) {
    Config config =
        ConfigLoader.load(
            null,
            List.of(
                "spark.master=local[" + cores + "]",
                "spark.shuffle-partitions=" + cores,
                "spark.default-parallelism=" + cores,
                "warehouse=" + folder.resolve("warehouse")));
    SparkSession spark = SparkSessions.getOrCreate(config, "mixlaw tokenize benchmark");
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      CorpusInput input =
          CorpusInput.of("benchmark", folder.resolve("files").toString(), CorpusFormat.JSON_LINES);
      List<CorpusFiles.FileTask> tasks =
          CorpusFiles.list(List.of(input), jsc.hadoopConfiguration());
      var hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
      double best = Double.MAX_VALUE;
      for (int run = 0; run <= repeat; run++) {
        LongAccumulator documents = jsc.sc().longAccumulator();
        LongAccumulator tokens = jsc.sc().longAccumulator();
        JavaRDD<Row> rows =
            jsc.parallelize(tasks, tasks.size())
                .mapPartitions(
                    new TokenizeTasks.ReadFiles(
                        TokenizerSpec.tiktoken(encodingName),
                        List.of(input),
                        hadoop,
                        jsc.sc().longAccumulator(),
                        documents,
                        tokens));
        long start = System.nanoTime();
        long count = rows.count();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (tokens.value() != expectedTokens) {
          throw new IllegalStateException(
              "the stage counted " + tokens.value() + " tokens, JTokkit alone " + expectedTokens);
        }

        if (run > 0) {
          best = Math.min(best, seconds);
        }

        if (count != documents.value()) {
          throw new IllegalStateException(count + " rows for " + documents.value() + " documents");
        }
      }

      return best;
    } finally {
      spark.stop();
    }
  }

  private static List<String> trainingLines(Path corpora) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> domains = Files.list(corpora)) {
      for (Path domain : domains.filter(Files::isDirectory).sorted().toList()) {
        Path train = domain.resolve("train.jsonl");
        if (Files.isRegularFile(train)) {
          lines.addAll(Files.readAllLines(train, StandardCharsets.UTF_8));
        }
      }
    }

    if (lines.isEmpty()) {
      throw new IllegalArgumentException("no <domain>/train.jsonl under " + corpora);
    }

    return lines;
  }

  private static void writeSpread(List<String> lines, Path folder, int files) throws IOException {
    Path out = Files.createDirectories(folder.resolve("files"));
    List<BufferedWriter> writers = new ArrayList<>();
    try {
      for (int i = 0; i < files; i++) {
        writers.add(
            Files.newBufferedWriter(
                out.resolve(String.format(Locale.ROOT, "part-%03d.jsonl", i)),
                StandardCharsets.UTF_8));
      }

      for (int i = 0; i < lines.size(); i++) {
        BufferedWriter writer = writers.get(i % files);
        writer.write(lines.get(i));
        writer.write('\n');
      }
    } finally {
      for (BufferedWriter writer : writers) {
        writer.close();
      }
    }
  }
}
