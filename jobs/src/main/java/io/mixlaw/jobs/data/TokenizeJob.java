package io.mixlaw.jobs.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import com.typesafe.config.Config;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.DataTables;
import io.mixlaw.core.table.MergeOutcome;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.tokenization.Tokenizer;
import io.mixlaw.tokenization.TokenizerException;
import io.mixlaw.tokenization.TokenizerSpec;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokenize stage: reads every configured corpus input in Spark tasks (large JSON Lines files
 * cut into parts of about equal bytes, see {@link ReadPlan}; Parquet through Spark's reader),
 * tokenizes each valid document, and writes {@code tokenized_documents}, {@code domain_token_stats}
 * and {@code tokenize_quarantine}.
 *
 * <p>Writes are idempotent: rows are merged by key and only new or changed rows are committed, and
 * rows of the tokenized domains that the inputs no longer produce (a document removed, a fixed
 * line) are deleted in the same transaction, so a rerun on the same files leaves every table at
 * its version and a crash leaves each table as it was or fully updated. A document id
 * seen twice in a domain keeps its first occurrence (by file and line); later ones are quarantined
 * as {@code DUPLICATE_ID}.
 */
public final class TokenizeJob {

  /** Quarantine reason of a document whose id an earlier record of its domain already has. */
  public static final String DUPLICATE_ID = "DUPLICATE_ID";

  private static final Logger LOG = LoggerFactory.getLogger(TokenizeJob.class);

  private TokenizeJob() {}

  /**
   * What one domain holds after tokenizing.
   *
   * @param domain the domain
   * @param documents valid documents
   * @param tokens their tokens (no end-of-document tokens)
   * @param bytes their texts' UTF-8 bytes
   * @param maxDocumentTokens the longest document's tokens
   * @param quarantined records quarantined, duplicates included
   * @param files files read
   */
  public record DomainStats(
      String domain,
      long documents,
      long tokens,
      long bytes,
      int maxDocumentTokens,
      long quarantined,
      long files) {

    /** Tokens per UTF-8 byte, 0 for an empty domain. */
    public double tokensPerByte() {
      return bytes == 0 ? 0 : (double) tokens / bytes;
    }
  }

  /**
   * The outcome of a tokenize run.
   *
   * @param tokenizer the tokenizer's name
   * @param files files read (Parquet files counted once each)
   * @param fileParts the read tasks the JSON Lines and text files were cut into
   * @param domains per-domain statistics, by domain
   * @param outcomes what each table write did
   * @param seconds wall time of the stage
   */
  public record Summary(
      String tokenizer,
      long files,
      long fileParts,
      List<DomainStats> domains,
      List<MergeOutcome> outcomes,
      double seconds) {

    /** Returns the documents of all domains. */
    public long documents() {
      return domains.stream().mapToLong(DomainStats::documents).sum();
    }

    /** Returns the tokens of all domains. */
    public long tokens() {
      return domains.stream().mapToLong(DomainStats::tokens).sum();
    }

    /** Returns the quarantined records of all domains. */
    public long quarantined() {
      return domains.stream().mapToLong(DomainStats::quarantined).sum();
    }

    /** One line per domain and table, and the totals. */
    public String describe() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "tokenize (%s): %d files, %,d documents, %,d tokens, %,d quarantined in %.1f s%n",
              tokenizer,
              files,
              documents(),
              tokens(),
              quarantined(),
              seconds));
      out.append(
          String.format(
              Locale.ROOT,
              "  %-12s %10s %12s %12s %8s %10s %11s%n",
              "domain",
              "documents",
              "tokens",
              "bytes",
              "tok/byte",
              "longest",
              "quarantined"));
      for (DomainStats d : domains) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-12s %,10d %,12d %,12d %8.4f %,10d %,11d%n",
                d.domain(),
                d.documents(),
                d.tokens(),
                d.bytes(),
                d.tokensPerByte(),
                d.maxDocumentTokens(),
                d.quarantined()));
      }

      for (MergeOutcome o : outcomes) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-20s %8d new, changed or removed rows, version %d -> %d%n",
                o.table(),
                o.changedRows(),
                o.versionBefore(),
                o.versionAfter()));
      }

      return out.toString();
    }
  }

  /** Runs the stage. */
  public static Summary run(StageContext context) {
    long start = System.nanoTime();
    SparkSession spark = context.spark();
    TokenizerSpec spec = DataSettings.tokenizer(context.config());
    List<CorpusInput> inputs = DataSettings.inputs(context.config());
    TokenizerFacts tokenizer = TokenizerFacts.of(spec);
    LOG.info(
        "Tokenizing {} inputs of {} domains with {} (vocabulary {}, end of document {})",
        inputs.size(),
        domainsOf(inputs).size(),
        tokenizer.name(),
        tokenizer.vocabularySize(),
        tokenizer.endOfDocumentToken());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<CorpusFiles.FileTask> files = CorpusFiles.list(inputs, jsc.hadoopConfiguration());
    Broadcast<SerializableConfiguration> hadoop =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    List<ReadPlan.ReadTask> tasks = planTasks(jsc, hadoop, inputs, files, context.config());
    LOG.info("Reading {} files in {} tasks", files.size(), tasks.size());
    Counters counters = Counters.register(jsc);
    // The records are cached as the tasks emit them (in blocks): building Spark's columnar cache
    // would cost more than the later passes spend turning them into rows.
    TokenizedRows.Cached read =
        TokenizedRows.Cached.of(read(spark, jsc, hadoop, spec, inputs, tasks, counters));
    try {
      try (StageProgress progress =
          StageProgress.start(
              spark,
              "tokenize",
              "file parts",
              tasks.size(),
              counters.parts()::value,
              () ->
                  String.format(
                      Locale.ROOT,
                      "%,d documents, %,d tokens",
                      counters.documents().value(),
                      counters.tokens().value()))) {
        long total = read.count();
        LOG.info("Read {} corpus records from {} files and Parquet inputs", total, files.size());
      }

      Dataset<Row> records = TokenizedRows.frame(spark, read.records());
      return deduplicateAndWrite(context, tokenizer, inputs, files, tasks.size(), records, start);
    } catch (MixlawException e) {
      throw e;
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "stage tokenize failed while reading or tokenizing the corpus inputs",
          "fix the input the message names and rerun; the tables are unchanged",
          e);
    } finally {
      read.release();
    }
  }

  /**
   * The accumulators the read tasks update for progress reports.
   *
   * @param parts file parts read
   * @param documents documents tokenized
   * @param tokens tokens produced
   */
  record Counters(LongAccumulator parts, LongAccumulator documents, LongAccumulator tokens) {

    /** Registers fresh accumulators. */
    static Counters register(JavaSparkContext jsc) {
      return new Counters(
          jsc.sc().longAccumulator("file parts read"),
          jsc.sc().longAccumulator("tokenized documents"),
          jsc.sc().longAccumulator("tokens"));
    }
  }

  /**
   * Cuts the input files into read tasks: {@code tokenize.partitions} tasks wanted, or {@link
   * ReadPlan#DEFAULT_TASKS_PER_SLOT} per slot of Spark's default parallelism.
   */
  static List<ReadPlan.ReadTask> planTasks(
      JavaSparkContext jsc,
      Broadcast<SerializableConfiguration> hadoop,
      List<CorpusInput> inputs,
      List<CorpusFiles.FileTask> files,
      Config config) {
    int partitions = DataSettings.partitions(config);
    int wanted =
        partitions > 0
            ? partitions
            : ReadPlan.DEFAULT_TASKS_PER_SLOT * Math.max(1, jsc.defaultParallelism());
    return ReadPlan.plan(jsc, hadoop, inputs, files, wanted, DataSettings.minSplitBytes(config));
  }

  /**
   * The stage's records, one per corpus record: one Spark task per read task, then the Parquet
   * inputs through Spark's reader. Nothing runs until an action.
   */
  static JavaRDD<TokenizedRows.Record> read(
      SparkSession spark,
      JavaSparkContext jsc,
      Broadcast<SerializableConfiguration> hadoop,
      TokenizerSpec spec,
      List<CorpusInput> inputs,
      List<ReadPlan.ReadTask> tasks,
      Counters counters) {
    JavaRDD<TokenizedRows.Record> fromFiles =
        jsc.parallelize(tasks, Math.max(1, tasks.size()))
            .mapPartitions(
                new TokenizeTasks.ReadFiles(
                    spec,
                    inputs,
                    hadoop,
                    counters.parts(),
                    counters.documents(),
                    counters.tokens()));
    JavaRDD<TokenizedRows.Record> all = fromFiles;
    for (CorpusInput input : inputs) {
      if (input.format() == CorpusFormat.PARQUET) {
        JavaRDD<TokenizedRows.Record> rows =
            parquetColumns(spark, input)
                .javaRDD()
                .mapPartitions(
                    new TokenizeTasks.ReadParquetRows(
                        spec, input, counters.documents(), counters.tokens()));
        all = all.union(rows);
      }
    }

    return all;
  }

  private static Dataset<Row> parquetColumns(SparkSession spark, CorpusInput input) {
    Dataset<Row> frame;
    try {
      frame = spark.read().parquet(input.location());
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "cannot read the Parquet input of domain " + input.domain() + " at " + input.location(),
          "check the path and that it holds Parquet files",
          e);
    }

    Set<String> columns = new TreeSet<>(Arrays.asList(frame.columns()));
    if (!columns.contains(input.textField())) {
      throw MixlawException.of(
          "the Parquet input of domain " + input.domain() + " has no column " + input.textField(),
          "its columns are " + columns,
          "set text-field of that input to the column holding the text");
    }

    Column id =
        columns.contains(input.idField())
            ? col(input.idField()).cast("string")
            : lit(null).cast("string");
    try {
      return frame.select(
          col(input.textField()).cast("binary"),
          id,
          col("_metadata.file_path"),
          col("_metadata.row_index"));
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "cannot select the text column of the Parquet input of domain " + input.domain(),
          "the column must hold strings or binary",
          e);
    }
  }

  /** Sets repeated ids aside and writes the tables. */
  private static Summary deduplicateAndWrite(
      StageContext context,
      TokenizerFacts tokenizer,
      List<CorpusInput> inputs,
      List<CorpusFiles.FileTask> files,
      int fileParts,
      Dataset<Row> records,
      long start) {
    Dataset<Row> documents = records.filter(col("kind").equalTo(TokenizedRows.DOCUMENT));
    // Repeated ids are found on the key columns alone, so that no token array is shuffled: the
    // later occurrences (few, usually none) are set aside and cut from the documents by an
    // anti-join, which Spark broadcasts once their real size is known.
    WindowSpec byId =
        Window.partitionBy("domain", "document_id").orderBy("source_file", "line_number");
    Dataset<Row> later =
        documents
            .select("domain", "document_id", "source_file", "line_number")
            .withColumn("occurrence", row_number().over(byId))
            .withColumn("first_file", first("source_file").over(byId))
            .withColumn("first_line", first("line_number").over(byId))
            .filter(col("occurrence").gt(1))
            .drop("occurrence")
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long repeated = later.count();
      LOG.debug("{} documents repeat an id read before in their domain", repeated);
      Dataset<Row> unique =
          documents.join(
              later.select("domain", "document_id", "source_file", "line_number"),
              scala.collection.JavaConverters.asScalaBuffer(
                      List.of("domain", "document_id", "source_file", "line_number"))
                  .toSeq(),
              "left_anti");
      Dataset<Row> duplicates =
          later.select(
              col("domain"),
              col("source_file"),
              col("line_number"),
              lit(DUPLICATE_ID).as("reason"),
              concat(
                      lit("the document id "),
                      col("document_id"),
                      lit(" was already read at "),
                      col("first_file"),
                      lit(":"),
                      col("first_line").cast("string"))
                  .as("detail"),
              lit("").as("excerpt"));
      return write(
          context, tokenizer, inputs, files, fileParts, records, unique, duplicates, start);
    } finally {
      later.unpersist();
    }
  }

  private static Summary write(
      StageContext context,
      TokenizerFacts tokenizer,
      List<CorpusInput> inputs,
      List<CorpusFiles.FileTask> files,
      int fileParts,
      Dataset<Row> records,
      Dataset<Row> unique,
      Dataset<Row> duplicates,
      long start) {
    Dataset<Row> quarantine =
        records
            .filter(col("kind").equalTo(TokenizedRows.QUARANTINE))
            .select("domain", "source_file", "line_number", "reason", "detail", "excerpt")
            .union(duplicates);
    Dataset<Row> tokenized =
        unique.select(
            lit(tokenizer.name()).as("tokenizer"),
            col("domain"),
            col("document_id"),
            col("token_count"),
            col("tokens"),
            col("text_bytes"),
            col("source_file"),
            col("line_number"));

    Set<String> domains = domainsOf(inputs);
    List<DomainStats> stats = stats(unique, quarantine, inputs, files, records, domains);
    List<MergeOutcome> outcomes = new ArrayList<>();
    // Each table is restated for the tokenized domains in one transaction: new and changed rows
    // are written and rows the inputs no longer produce are removed together.
    outcomes.add(
        context
            .catalog()
            .replaceInScope(
                context.stage(),
                DataTables.TOKENIZED_DOCUMENTS,
                tokenized,
                Map.of("tokenizer", List.of(tokenizer.name()), "domain", domains)));
    outcomes.add(
        context
            .catalog()
            .replaceInScope(
                context.stage(), DataTables.TOKENIZE_QUARANTINE, quarantine, "domain", domains));
    Dataset<Row> statsFrame =
        context.catalog().frame(DataTables.DOMAIN_TOKEN_STATS, statsRows(tokenizer, stats));
    outcomes.add(
        context.catalog().mergeChanges(context.stage(), DataTables.DOMAIN_TOKEN_STATS, statsFrame));

    double seconds = (System.nanoTime() - start) / 1e9;
    Summary summary =
        new Summary(tokenizer.name(), fileCount(stats), fileParts, stats, outcomes, seconds);
    LOG.info(
        "Tokenized {} documents ({} tokens) of {} domains, {} quarantined, in {} s",
        summary.documents(),
        summary.tokens(),
        stats.size(),
        summary.quarantined(),
        StageCommand.seconds(start));
    return summary;
  }

  private static List<DomainStats> stats(
      Dataset<Row> unique,
      Dataset<Row> quarantine,
      List<CorpusInput> inputs,
      List<CorpusFiles.FileTask> files,
      Dataset<Row> records,
      Set<String> domains) {
    Map<String, Row> byDomain = new TreeMap<>();
    for (Row row :
        unique
            .groupBy("domain")
            .agg(
                count(lit(1)).as("documents"),
                sum(col("token_count").cast("long")).as("tokens"),
                sum("text_bytes").as("bytes"),
                max("token_count").as("longest"))
            .collectAsList()) {
      byDomain.put(row.getString(0), row);
    }

    Map<String, Long> quarantined = new TreeMap<>();
    for (Row row : quarantine.groupBy("domain").count().collectAsList()) {
      quarantined.put(row.getString(0), row.getLong(1));
    }

    Map<String, Long> fileCounts = new TreeMap<>();
    for (CorpusFiles.FileTask task : files) {
      fileCounts.merge(inputs.get(task.input()).domain(), 1L, Long::sum);
    }

    for (CorpusInput input : inputs) {
      if (input.format() == CorpusFormat.PARQUET) {
        long parquetFiles =
            records
                .filter(col("source_file").startsWith(parquetPrefix(input)))
                .agg(countDistinct("source_file"))
                .first()
                .getLong(0);
        fileCounts.merge(input.domain(), parquetFiles, Long::sum);
      }
    }

    List<DomainStats> stats = new ArrayList<>();
    for (String domain : domains) {
      Row row = byDomain.get(domain);
      stats.add(
          new DomainStats(
              domain,
              row == null ? 0 : row.getLong(1),
              row == null ? 0 : row.getLong(2),
              row == null ? 0 : row.getLong(3),
              row == null ? 0 : row.getInt(4),
              quarantined.getOrDefault(domain, 0L),
              fileCounts.getOrDefault(domain, 0L)));
    }

    return stats;
  }

  private static String parquetPrefix(CorpusInput input) {
    String location = input.location();
    return location.contains(":/") ? location : "file:" + location;
  }

  private static List<Row> statsRows(TokenizerFacts tokenizer, List<DomainStats> stats) {
    List<Row> rows = new ArrayList<>();
    for (DomainStats d : stats) {
      rows.add(
          RowFactory.create(
              tokenizer.name(),
              d.domain(),
              d.documents(),
              d.tokens(),
              d.bytes(),
              d.tokensPerByte(),
              d.maxDocumentTokens(),
              d.quarantined(),
              d.files(),
              tokenizer.vocabularySize(),
              tokenizer.endOfDocumentToken()));
    }

    return rows;
  }

  private static long fileCount(List<DomainStats> stats) {
    return stats.stream().mapToLong(DomainStats::files).sum();
  }

  private static Set<String> domainsOf(List<CorpusInput> inputs) {
    Set<String> domains = new TreeSet<>();
    inputs.forEach(input -> domains.add(input.domain()));
    return domains;
  }

  /**
   * What the stages need to know of a tokenizer, read once on the driver.
   *
   * @param name the tokenizer's name
   * @param vocabularySize its vocabulary size
   * @param endOfDocumentToken its end-of-document token
   */
  record TokenizerFacts(String name, int vocabularySize, int endOfDocumentToken) {

    /** Builds the tokenizer once to check the specification and read its facts. */
    static TokenizerFacts of(TokenizerSpec spec) {
      try (Tokenizer tokenizer = spec.create()) {
        return new TokenizerFacts(
            tokenizer.name(), tokenizer.vocabularySize(), tokenizer.endOfDocumentToken());
      } catch (TokenizerException e) {
        throw MixlawException.of(
            "the tokenizer " + spec.source() + " cannot be used",
            e.getMessage(),
            "fix tokenizer.name or tokenizer.end-of-document");
      }
    }
  }
}
