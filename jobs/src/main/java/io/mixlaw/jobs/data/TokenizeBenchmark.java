package io.mixlaw.jobs.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.typesafe.config.Config;
import io.mixlaw.core.config.ConfigLoader;
import io.mixlaw.core.spark.SparkSessions;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.tokenization.TextChecks;
import io.mixlaw.tokenization.TokenizerSpec;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Benchmark: tokens per second per core through the tokenize stage's read phase against JTokkit
 * alone, on the same text (the bundled corpora's training splits by default, read {@code scale}
 * times).
 *
 * <p>The stage side runs exactly what {@link TokenizeJob} runs before its table writes, on the
 * corpus files as they are: the read plan (files cut into parts, newlines counted), the read tasks
 * (read, UTF-8 check, JSON parse, validation, tokenization, records) and the cache of the records,
 * forced with a count, on {@code local[cores]}. The reference is JTokkit's {@code
 * encodeOrdinary} on the texts already in memory, in one thread and in {@code cores} threads (what
 * the machine gives {@code cores} threads at that moment). JVM and Spark start-up are outside every
 * timing.
 *
 * <p>The three measures alternate within each round, after {@value #WARM_UP_ROUNDS} warm-up rounds,
 * so that a change of machine load between rounds affects them alike; the best round of each
 * counts. Beside wall time, each measure records the CPU time of the whole process (JIT and garbage
 * collection included), so that tokens per CPU-second can be compared even when other processes
 * take part of the cores. A stage run has a fixed cost (two Spark jobs: the newline count of the
 * split files and the read) that a small corpus cannot hide: a {@code scale} above 1 lists every
 * file that many times as inputs of their own (and JTokkit encodes every text as many times), which
 * shows the throughput of a large corpus.
 *
 * <p>Run, after {@code mvn -B package -DskipTests}, from the repository root:
 *
 * <pre>
 * java -Xmx8g $(JAVA17_OPENS) -cp "jobs/target/mixlaw-jobs-0.1.0-SNAPSHOT.jar:jobs/target/lib/*" \
 *     io.mixlaw.jobs.data.TokenizeBenchmark [cores] [rounds] [corpora-folder] [encoding] [scale] \
 *     [writes]
 * </pre>
 *
 * with the {@code --add-opens} flags of {@code bin/mixlaw}. Defaults: 2 cores, 3 rounds, {@code
 * examples/corpora}, {@code o200k_base}, scale 1. A sixth argument {@code writes} also runs the
 * whole stage, Delta writes included, on the same inputs: into a fresh warehouse and again on the
 * same files, the best of {@code rounds} of each.
 */
public final class TokenizeBenchmark {

  /** Share of JTokkit's single-core throughput the stage should keep per core. */
  public static final double GOAL = 0.8;

  /** Rounds run before the timed ones, so that the JIT has compiled both sides. */
  public static final int WARM_UP_ROUNDS = 2;

  private TokenizeBenchmark() {}

  /** One timed run: wall and process CPU seconds. */
  private record Timing(double wall, double cpu) {

    static Timing of(Runnable work) {
      LongSupplier cpu = processCpuNanos();
      long cpuStart = cpu.getAsLong();
      long start = System.nanoTime();
      work.run();
      return new Timing((System.nanoTime() - start) / 1e9, (cpu.getAsLong() - cpuStart) / 1e9);
    }
  }

  /** The best of several timings of one measure. */
  private static final class Best {
    private double wall = Double.MAX_VALUE;
    private double cpu = Double.MAX_VALUE;

    void add(Timing timing) {
      wall = Math.min(wall, timing.wall());
      cpu = Math.min(cpu, timing.cpu());
    }
  }

  /** Runs the benchmark and prints the result. */
  public static void main(String[] args) throws IOException {
    int cores = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path corpora = Path.of(args.length > 2 ? args[2] : "examples/corpora").toAbsolutePath();
    String encodingName = args.length > 3 ? args[3] : "o200k_base";
    int scale = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    boolean writes = args.length > 5 && args[5].equals("writes");
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    List<Path> files = trainingFiles(corpora);
    List<String> texts = new ArrayList<>();
    for (int copy = 0; copy < scale; copy++) {
      texts.addAll(texts(files));
    }

    long bytes = texts.stream().mapToLong(TextChecks::utf8Length).sum();
    Encoding encoding =
        Encodings.newDefaultEncodingRegistry().getEncoding(encodingName).orElseThrow();
    long tokens = 0;
    for (String text : texts) {
      tokens += encoding.encodeOrdinary(text).size();
    }

    System.out.printf(
        Locale.ROOT,
        "corpus: %s x %d, %d files, %,d documents, %,d text bytes, %,d %s tokens; %d cores; %d"
            + " warm-up and %d timed rounds; load average %.2f%n",
        corpora,
        scale,
        files.size() * scale,
        texts.size(),
        bytes,
        tokens,
        encodingName,
        cores,
        WARM_UP_ROUNDS,
        rounds,
        loadBefore);

    Path folder = Files.createTempDirectory("mixlaw-benchmark");
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    SparkSession spark = session(folder, cores);
    try {
      List<CorpusInput> inputs = inputs(files, scale);
      Stage stage = new Stage(spark, inputs, encodingName, tokens);
      Best alone = new Best();
      Best parallel = new Best();
      Best tokenize = new Best();
      for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
        Timing one = Timing.of(() -> encodeAll(encoding, texts, 0, 1));
        Timing many = Timing.of(() -> encodeInThreads(pool, encoding, texts, cores));
        Timing read = Timing.of(stage::run);
        stage.release();
        if (round >= WARM_UP_ROUNDS) {
          alone.add(one);
          parallel.add(many);
          tokenize.add(read);
        }
      }

      report(tokens, cores, alone, parallel, tokenize, stage.tasks());
      if (writes) {
        wholeStage(spark, folder, inputs, encodingName, rounds, tokens / alone.wall, cores);
      }
    } finally {
      spark.stop();
      pool.shutdownNow();
      deleteTree(folder);
    }

    System.out.printf(
        Locale.ROOT,
        "load average: %.2f before, %.2f after%n",
        loadBefore,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void report(
      long tokens, int cores, Best alone, Best parallel, Best tokenize, int tasks) {
    double aloneRate = tokens / alone.wall;
    double parallelRate = tokens / parallel.wall;
    double stageRate = tokens / tokenize.wall;
    System.out.printf(
        Locale.ROOT,
        "JTokkit alone, 1 thread:        %.3f s = %,11.0f tokens/s, %,11.0f per CPU-second%n",
        alone.wall,
        aloneRate,
        tokens / alone.cpu);
    System.out.printf(
        Locale.ROOT,
        "JTokkit alone, %d threads:       %.3f s = %,11.0f tokens/s, %,11.0f per thread,"
            + " %,11.0f per CPU-second%n",
        cores,
        parallel.wall,
        parallelRate,
        parallelRate / cores,
        tokens / parallel.cpu);
    System.out.printf(
        Locale.ROOT,
        "tokenize stage, local[%d], %d tasks: %.3f s = %,11.0f tokens/s, %,11.0f per core,"
            + " %,11.0f per CPU-second%n",
        cores,
        tasks,
        tokenize.wall,
        stageRate,
        stageRate / cores,
        tokens / tokenize.cpu);
    System.out.printf(
        Locale.ROOT,
        "per-core throughput kept: %.1f%% of JTokkit alone in 1 thread (goal %.0f%%), %.1f%% of"
            + " JTokkit alone in %d threads; per CPU-second: %.1f%% of JTokkit alone%n",
        100 * stageRate / cores / aloneRate,
        100 * GOAL,
        100 * stageRate / parallelRate,
        cores,
        100 * alone.cpu / tokenize.cpu);
  }

  /** The stage's read phase on the benchmark files, as {@link TokenizeJob} runs it. */
  private static final class Stage {
    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final List<CorpusInput> inputs;
    private final TokenizerSpec spec;
    private final long expectedTokens;
    private final Config config;
    private final Broadcast<SerializableConfiguration> hadoop;
    private int tasks;
    private TokenizedRows.Cached records;

    Stage(
        SparkSession spark, List<CorpusInput> inputs, String encodingName, long expectedTokens) {
      this.spark = spark;
      this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.inputs = List.copyOf(inputs);

      this.spec = TokenizerSpec.tiktoken(encodingName);
      this.expectedTokens = expectedTokens;
      this.config = ConfigLoader.load(null, List.of());
      this.hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    }

    void run() {
      List<CorpusFiles.FileTask> files = CorpusFiles.list(inputs, jsc.hadoopConfiguration());
      List<ReadPlan.ReadTask> planned = TokenizeJob.planTasks(jsc, hadoop, inputs, files, config);
      TokenizeJob.Counters counters = TokenizeJob.Counters.register(jsc);
      records =
          TokenizedRows.Cached.of(
              TokenizeJob.read(spark, jsc, hadoop, spec, inputs, planned, counters));
      long count = records.count();
      tasks = planned.size();
      if (counters.tokens().value() != expectedTokens || count != counters.documents().value()) {
        throw new IllegalStateException(
            "the stage gave "
                + count
                + " rows, "
                + counters.documents().value()
                + " documents and "
                + counters.tokens().value()
                + " tokens; JTokkit alone "
                + expectedTokens
                + " tokens");
      }
    }

    /** Drops the cached rows of the last run (the real stage does so when it is done). */
    void release() {
      records.release();
    }

    int tasks() {
      return tasks;
    }
  }

  /**
   * The whole stage, Delta writes included, on the benchmark's inputs: into a fresh warehouse, then
   * again on the same files (which tokenizes everything again to find that nothing changed); the
   * best of {@code rounds} of each.
   */
  private static void wholeStage(
      SparkSession spark,
      Path folder,
      List<CorpusInput> inputs,
      String encodingName,
      int rounds,
      double aloneRate,
      int cores) {
    StringBuilder list = new StringBuilder("tokenize.inputs=[");
    for (CorpusInput input : inputs) {
      list.append(
          String.format(
              Locale.ROOT, "{domain=%s, path=\"%s\"},", input.domain(), input.location()));
    }

    String inputsSetting = list.append("]").toString();
    Best fresh = new Best();
    Best rerun = new Best();
    long tokens = 0;
    for (int round = 0; round < rounds; round++) {
      Path warehouse = folder.resolve("warehouse-" + round);
      Config config =
          ConfigLoader.load(
              null,
              List.of(
                  inputsSetting,
                  "tokenizer.name=" + encodingName,
                  "warehouse=" + warehouse,
                  "output-dir=" + folder.resolve("out")));
      for (Best best : List.of(fresh, rerun)) {
        long[] counted = new long[1];
        best.add(
            Timing.of(
                () ->
                    counted[0] =
                        TokenizeJob.run(StageContext.of("tokenize", config, spark)).tokens()));
        tokens = counted[0];
      }
    }

    for (String run : List.of("fresh warehouse", "rerun, no changes")) {
      Best best = run.startsWith("fresh") ? fresh : rerun;
      double rate = tokens / best.wall;
      System.out.printf(
          Locale.ROOT,
          "whole tokenize stage with Delta writes, %s: %.3f s = %,11.0f tokens/s, %,11.0f per"
              + " core, %.1f%% of JTokkit alone in 1 thread%n",
          run,
          best.wall,
          rate,
          rate / cores,
          100 * rate / cores / aloneRate);
    }
  }

  /** Each file as the input of its domain, {@code scale} times (copies are domains of their own). */
  private static List<CorpusInput> inputs(List<Path> files, int scale) {
    List<CorpusInput> inputs = new ArrayList<>();
    for (int copy = 0; copy < scale; copy++) {
      for (Path file : files) {
        String domain = file.getParent().getFileName().toString() + (scale > 1 ? "-" + copy : "");
        inputs.add(CorpusInput.of(domain, file.toString(), CorpusFormat.JSON_LINES));
      }
    }

    return inputs;
  }

  private static SparkSession session(Path folder, int cores) {
    Config config =
        ConfigLoader.load(
            null,
            List.of(
                "spark.master=local[" + cores + "]",
                "spark.shuffle-partitions=" + cores,
                "spark.default-parallelism=" + cores,
                "warehouse=" + folder.resolve("warehouse")));
    return SparkSessions.getOrCreate(config, "mixlaw tokenize benchmark");
  }

  private static long encodeAll(Encoding encoding, List<String> texts, int first, int step) {
    long count = 0;
    for (int i = first; i < texts.size(); i += step) {
      count += encoding.encodeOrdinary(texts.get(i)).size();
    }

    return count;
  }

  private static void encodeInThreads(
      ExecutorService pool, Encoding encoding, List<String> texts, int threads) {
    List<Future<Long>> shares = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      shares.add(pool.submit(() -> encodeAll(encoding, texts, first, threads)));
    }

    try {
      for (Future<Long> share : shares) {
        share.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while encoding", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("encoding failed", e.getCause());
    }
  }

  private static LongSupplier processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os::getProcessCpuTime;
    }

    throw new IllegalStateException("this JVM does not report the process CPU time");
  }

  private static List<Path> trainingFiles(Path corpora) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> domains = Files.list(corpora)) {
      for (Path domain : domains.filter(Files::isDirectory).sorted().toList()) {
        Path train = domain.resolve("train.jsonl");
        if (Files.isRegularFile(train)) {
          files.add(train);
        }
      }
    }

    if (files.isEmpty()) {
      throw new IllegalArgumentException("no <domain>/train.jsonl under " + corpora);
    }

    return files;
  }

  private static List<String> texts(List<Path> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode node = json.readTree(line);
        texts.add(node.get("text").textValue());
      }
    }

    return texts;
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      Path[] paths = walk.sorted((a, b) -> b.compareTo(a)).toArray(Path[]::new);
      for (Path path : Arrays.asList(paths)) {
        Files.delete(path);
      }
    }
  }
}
