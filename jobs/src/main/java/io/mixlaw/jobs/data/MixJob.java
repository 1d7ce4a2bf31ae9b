package io.mixlaw.jobs.data;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.DataTables;
import io.mixlaw.core.table.MergeOutcome;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.tokenization.TokenizerSpec;
import io.mixlaw.tokenization.mix.DomainAllocation;
import io.mixlaw.tokenization.mix.DomainDocuments;
import io.mixlaw.tokenization.mix.InsufficientTokensException;
import io.mixlaw.tokenization.mix.MixPlan;
import io.mixlaw.tokenization.mix.MixPlanner;
import io.mixlaw.tokenization.mix.MixSummary;
import io.mixlaw.tokenization.mix.MixtureRequest;
import io.mixlaw.tokenization.mix.MixtureShardWriter;
import io.mixlaw.tokenization.mix.ShardLayout;
import io.mixlaw.tokenization.mix.ShardManifestEntry;
import io.mixlaw.tokenization.mix.ShardSpec;
import io.mixlaw.tokenization.shard.TokenDtype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mix stage: for each requested mixture (from the configuration, from {@code
 * mixture_recommendations} or from the {@code mixtures} table), plans whole documents per domain to
 * exact token targets from {@code tokenized_documents}, writes Megatron-LM shards in parallel Spark
 * tasks (one folder per mixture, see docs/shards.md), and merges one {@code shard_manifest} row per
 * shard.
 *
 * <p>Rerunning with the same settings rewrites byte-identical files and leaves the manifest at its
 * version; shards and manifest rows of a previous, larger layout of the same mixture are removed.
 */
public final class MixJob {

  /** Name of the mixtures table that {@code mix.table-mixtures} reads. */
  public static final String MIXTURES_TABLE = "mixtures";

  private static final Logger LOG = LoggerFactory.getLogger(MixJob.class);

  private static final StructType NEEDED =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("shard_index", DataTypes.IntegerType, false),
              DataTypes.createStructField("domain", DataTypes.StringType, false),
              DataTypes.createStructField("document_id", DataTypes.StringType, false)));

  private MixJob() {}

  /**
   * One written mixture.
   *
   * @param mixtureId the mixture
   * @param directory the folder of its shards
   * @param shards number of shards
   * @param tokens shard tokens in all shards
   * @param allocations what each domain got
   */
  public record MixtureResult(
      String mixtureId,
      String directory,
      int shards,
      long tokens,
      List<DomainAllocation> allocations) {}

  /**
   * The outcome of a mix run.
   *
   * @param tokenizer the tokenizer whose documents were mixed
   * @param mixtures each written mixture
   * @param outcomes what each manifest write did
   */
  public record Summary(
      String tokenizer, List<MixtureResult> mixtures, List<MergeOutcome> outcomes) {

    /** One block per mixture with a line per domain. */
    public String describe() {
      StringBuilder out = new StringBuilder();
      for (MixtureResult m : mixtures) {
        out.append(
            String.format(
                Locale.ROOT,
                "mix %s (%s): %d shards, %,d tokens in %s%n",
                m.mixtureId(),
                tokenizer,
                m.shards(),
                m.tokens(),
                m.directory()));
        out.append(
            String.format(
                Locale.ROOT,
                "  %-12s %7s %12s %12s %9s %8s %7s%n",
                "domain",
                "weight",
                "target",
                "realized",
                "documents",
                "epochs",
                "share"));
        for (DomainAllocation a : m.allocations()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "  %-12s %7.4f %,12d %,12d %,9d %8.3f %7.4f%n",
                  a.domain(),
                  a.weight(),
                  a.targetTokens(),
                  a.realizedTokens(),
                  a.documents(),
                  a.epochsUsed(),
                  m.tokens() == 0 ? 0.0 : (double) a.realizedTokens() / m.tokens()));
        }
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
    MixSettings settings = MixSettings.from(context.config());
    TokenizerSpec spec = DataSettings.tokenizer(context.config());
    TokenizeJob.TokenizerFacts tokenizer = TokenizeJob.TokenizerFacts.of(spec);
    Map<String, SortedMap<String, Double>> mixtures = requestedMixtures(context, settings);
    if (mixtures.isEmpty()) {
      throw MixlawException.of(
          "no mixture to write",
          "mix.mixtures, mix.recommendations and mix.table-mixtures are all empty",
          "name at least one mixture (see conf/tokenize.conf)");
    }

    Dataset<Row> tokenized =
        context
            .catalog()
            .read(DataTables.TOKENIZED_DOCUMENTS)
            .filter(col("tokenizer").equalTo(tokenizer.name()));
    Map<String, DomainDocuments> documents = documents(tokenized, tokenizer.name());
    TokenDtype dtype = TokenDtype.forVocabularySize(tokenizer.vocabularySize());
    // Every mixture is planned before any is written, so that one whose targets cannot be met
    // leaves every folder and table as it was.
    Map<String, String> folders = new TreeMap<>();
    for (String id : mixtures.keySet()) {
      String other = folders.put(MixtureShardWriter.fileName(id), id);
      if (other != null) {
        throw MixlawException.of(
            "mixtures '" + other + "' and '" + id + "' would share one shard folder",
            "both ids become "
                + MixtureShardWriter.fileName(id)
                + " once characters other than letters, digits, '.', '_' and '-' are replaced",
            "give one of them another id");
      }
    }

    Map<String, MixPlan> plans = new LinkedHashMap<>();
    for (Map.Entry<String, SortedMap<String, Double>> mixture : mixtures.entrySet()) {
      long budget = budgetOf(settings, mixture.getKey());
      MixtureRequest request = request(mixture.getKey(), mixture.getValue(), budget, settings);
      plans.put(mixture.getKey(), plan(request, documents, tokenizer.name()));
    }

    List<MixtureResult> results = new ArrayList<>();
    List<MergeOutcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, MixPlan> mixture : plans.entrySet()) {
      MixPlan plan = mixture.getValue();
      List<ShardSpec> shards =
          ShardLayout.of(plan, settings.sequenceLength(), settings.sequencesPerShard());
      Path directory =
          Path.of(settings.outputDirectory(), MixtureShardWriter.fileName(mixture.getKey()));
      List<ShardManifestEntry> entries =
          writeShards(
              context.spark(), tokenized, plan, shards, directory, dtype, tokenizer, settings);
      MixSummary.of(
              plan,
              tokenizer.name(),
              dtype.name(),
              tokenizer.endOfDocumentToken(),
              settings.sequenceLength(),
              settings.sequencesPerShard(),
              entries)
          .write(directory);
      removeStaleFiles(directory, mixture.getKey(), entries.size());
      outcomes.add(writeManifest(context, directory, tokenizer, plan, entries));
      results.add(
          new MixtureResult(
              mixture.getKey(),
              directory.toString(),
              entries.size(),
              entries.stream().mapToLong(ShardManifestEntry::tokens).sum(),
              plan.allocations()));
      LOG.info(
          "Mixture {}: {} shards, {} tokens written to {}",
          mixture.getKey(),
          entries.size(),
          plan.totalTokens(),
          directory);
    }

    LOG.info("Mixed {} mixtures in {} s", results.size(), StageCommand.seconds(start));
    return new Summary(tokenizer.name(), results, outcomes);
  }

  private static Map<String, SortedMap<String, Double>> requestedMixtures(
      StageContext context, MixSettings settings) {
    Map<String, SortedMap<String, Double>> mixtures = new LinkedHashMap<>();
    for (MixSettings.ConfiguredMixture mixture : settings.mixtures()) {
      put(mixtures, mixture.id(), mixture.weights());
    }

    for (String id : settings.recommendations()) {
      List<Row> rows =
          context
              .catalog()
              .read(Tables.MIXTURE_RECOMMENDATIONS)
              .filter(col("recommendation_id").equalTo(id))
              .select("domain", "weight")
              .collectAsList();
      if (rows.isEmpty()) {
        throw MixlawException.of(
            "recommendation " + id + " is not in mixture_recommendations",
            "mix.recommendations names it",
            "run optimize first, or name an existing recommendation_id");
      }

      put(mixtures, id, mapped(id, rows, settings));
    }

    if (!settings.tableMixtures().isEmpty()) {
      String location = context.catalog().root() + "/" + MIXTURES_TABLE;
      if (!DeltaTable.isDeltaTable(context.spark(), location)) {
        throw MixlawException.of(
            "mix.table-mixtures names mixtures but there is no mixtures table at " + location,
            "the table is written by the plan and optimize stages",
            "run plan first, or list the mixtures in mix.mixtures instead");
      }

      Dataset<Row> table = context.spark().read().format("delta").load(location);
      for (String id : settings.tableMixtures()) {
        List<Row> rows =
            table.filter(col("mixture_id").equalTo(id)).select("domain", "weight").collectAsList();
        if (rows.isEmpty()) {
          throw MixlawException.of(
              "mixture " + id + " is not in the mixtures table",
              "mix.table-mixtures names it",
              "name an existing mixture_id");
        }

        put(mixtures, id, mapped(id, rows, settings));
      }
    }

    return mixtures;
  }

  private static void put(
      Map<String, SortedMap<String, Double>> mixtures,
      String id,
      SortedMap<String, Double> weights) {
    if (mixtures.put(id, weights) != null) {
      throw MixlawException.of(
          "mixture " + id + " is requested twice",
          "mixture ids name the shard folders and manifest rows",
          "give each mixture its own id");
    }
  }

  /** Table weights mapped to corpus domains through mix.domain-map (unmapped names kept). */
  private static SortedMap<String, Double> mapped(String id, List<Row> rows, MixSettings settings) {
    SortedMap<String, Double> weights = new TreeMap<>();
    for (Row row : rows) {
      String domain = settings.domainMap().getOrDefault(row.getString(0), row.getString(0));
      // Optimizer output may carry rounding noise just below zero.
      double weight = Math.max(0.0, row.getDouble(1));
      weights.merge(domain, weight, Double::sum);
    }

    LOG.info("Mixture {} from a table, mapped to corpus domains: {}", id, weights);
    return weights;
  }

  private static long budgetOf(MixSettings settings, String id) {
    return settings.mixtures().stream()
        .filter(m -> m.id().equals(id) && m.totalTokens() > 0)
        .mapToLong(MixSettings.ConfiguredMixture::totalTokens)
        .findFirst()
        .orElse(settings.totalTokens());
  }

  private static MixtureRequest request(
      String id, SortedMap<String, Double> weights, long budget, MixSettings settings) {
    try {
      return new MixtureRequest(id, weights, budget, settings.seed(), settings.epochsFor(weights));
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "mixture " + id + " is not a valid request",
          e.getMessage(),
          "give weights in [0, 1] that sum to 1 and a positive mix.total-tokens");
    }
  }

  /** The token counts of every document of the tokenizer, by domain (read on the driver). */
  static Map<String, DomainDocuments> documents(Dataset<Row> tokenized, String tokenizer) {
    Map<String, List<Row>> byDomain = new TreeMap<>();
    for (Row row : tokenized.select("domain", "document_id", "token_count").collectAsList()) {
      byDomain.computeIfAbsent(row.getString(0), d -> new ArrayList<>()).add(row);
    }

    if (byDomain.isEmpty()) {
      throw MixlawException.of(
          "tokenized_documents holds no document of tokenizer " + tokenizer,
          "mix draws documents from the tokenize stage's output",
          "run tokenize with the same tokenizer.name first");
    }

    Map<String, DomainDocuments> documents = new TreeMap<>();
    byDomain.forEach(
        (domain, rows) -> {
          String[] ids = new String[rows.size()];
          int[] counts = new int[rows.size()];
          for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i).getString(1);
            counts[i] = rows.get(i).getInt(2);
          }

          documents.put(domain, DomainDocuments.sorted(domain, ids, counts));
        });
    return documents;
  }

  /** Plans a mixture from the documents' token counts, with errors that name the fix. */
  static MixPlan plan(
      MixtureRequest request, Map<String, DomainDocuments> documents, String tokenizer) {
    for (Map.Entry<String, Double> weight : request.weights().entrySet()) {
      if (weight.getValue() > 0 && !documents.containsKey(weight.getKey())) {
        throw MixlawException.of(
            "mixture " + request.mixtureId() + " weighs domain " + weight.getKey(),
            "tokenized_documents has no document of that domain for tokenizer "
                + tokenizer
                + " (it has "
                + documents.keySet()
                + ")",
            "tokenize that domain, or map it onto a corpus domain with mix.domain-map");
      }
    }

    try {
      return MixPlanner.plan(request, documents.values());
    } catch (InsufficientTokensException e) {
      throw MixlawException.of(
          "mixture " + request.mixtureId() + " cannot be drawn from the tokenized corpora",
          e.getMessage(),
          "set mix.max-epochs.<domain>, mix.total-tokens or the weights accordingly");
    }
  }

  private static List<ShardManifestEntry> writeShards(
      SparkSession spark,
      Dataset<Row> tokenized,
      MixPlan plan,
      List<ShardSpec> shards,
      Path directory,
      TokenDtype dtype,
      TokenizeJob.TokenizerFacts tokenizer,
      MixSettings settings) {
    if (shards.isEmpty()) {
      return List.of();
    }

    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot create the shard folder " + directory, "check mix.output-dir", e);
    }

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<WriteShards.Layout> layout =
        jsc.broadcast(
            new WriteShards.Layout(
                plan,
                new ArrayList<>(shards),
                directory.toAbsolutePath().toString(),
                dtype,
                tokenizer.endOfDocumentToken(),
                settings.sequenceLength()));
    Dataset<Row> rows = shardDocuments(spark, tokenized, plan, shards);
    List<String> json;
    LongAccumulator written = jsc.sc().longAccumulator("shards written");
    long tokens = plan.totalTokens();
    try (StageProgress progress =
        StageProgress.start(
            spark,
            "mix " + plan.request().mixtureId(),
            "shards",
            shards.size(),
            written::value,
            () -> String.format(Locale.ROOT, "%,d tokens in all", tokens))) {
      json =
          rows.mapPartitions(new WriteShards(layout, written), Encoders.STRING()).collectAsList();
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "writing the shards of mixture "
              + plan.request().mixtureId()
              + " to "
              + directory
              + " failed",
          "check that the folder is writable and that tokenized_documents did not change; rerun"
              + " mix",
          e);
    } finally {
      layout.destroy();
    }

    ObjectMapper mapper = new ObjectMapper();
    List<ShardManifestEntry> entries = new ArrayList<>();
    for (String line : json) {
      try {
        entries.add(mapper.readValue(line, ShardManifestEntry.class));
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable manifest entry " + line, e);
      }
    }

    entries.sort(Comparator.comparingInt(ShardManifestEntry::shardIndex));
    if (entries.size() != shards.size()) {
      throw MixlawException.of(
          "mixture "
              + plan.request().mixtureId()
              + " wrote "
              + entries.size()
              + " of "
              + shards.size()
              + " shards",
          "some shards' documents were not found in tokenized_documents",
          "rerun tokenize and then mix");
    }

    return entries;
  }

  /**
   * The documents of every shard with their tokens, as {@code (shard_index, domain, document_id,
   * tokens)} rows partitioned by shard and sorted by it, so that a task meets each of its shards'
   * documents together. A document drawn twice into one shard appears once.
   */
  static Dataset<Row> shardDocuments(
      SparkSession spark, Dataset<Row> tokenized, MixPlan plan, List<ShardSpec> shards) {
    List<Row> needed = new ArrayList<>();
    for (ShardSpec shard : shards) {
      shard.pieces().stream()
          .map(piece -> plan.documents().get(piece.position()))
          .map(d -> List.of(d.domain(), d.documentId()))
          .distinct()
          .forEach(d -> needed.add(RowFactory.create(shard.shardIndex(), d.get(0), d.get(1))));
    }

    int parallelism = spark.sparkContext().defaultParallelism();
    return spark
        .createDataFrame(needed, NEEDED)
        .join(
            tokenized.select("domain", "document_id", "tokens"),
            scala(List.of("domain", "document_id")))
        .select("shard_index", "domain", "document_id", "tokens")
        .repartition(Math.min(shards.size(), Math.max(1, parallelism * 4)), col("shard_index"))
        .sortWithinPartitions("shard_index");
  }

  private static scala.collection.Seq<String> scala(List<String> columns) {
    return scala.collection.JavaConverters.asScalaBuffer(columns).toSeq();
  }

  private static MergeOutcome writeManifest(
      StageContext context,
      Path directory,
      TokenizeJob.TokenizerFacts tokenizer,
      MixPlan plan,
      List<ShardManifestEntry> entries) {
    List<Row> rows = new ArrayList<>();
    for (ShardManifestEntry e : entries) {
      rows.add(
          RowFactory.create(
              e.mixtureId(),
              e.shardIndex(),
              directory.toAbsolutePath().toString(),
              e.prefix(),
              tokenizer.name(),
              e.dtype(),
              tokenizer.endOfDocumentToken(),
              e.sequenceLength(),
              e.firstSequence(),
              e.sequences(),
              e.tokens(),
              e.documents(),
              e.tokensByDomain(),
              e.documentsByDomain(),
              e.binSha256(),
              e.idxSha256(),
              e.documentMapSha256(),
              plan.request().totalTokens(),
              plan.request().seed()));
    }

    Dataset<Row> frame = context.catalog().frame(DataTables.SHARD_MANIFEST, rows);
    return context
        .catalog()
        .replaceInScope(
            context.stage(),
            DataTables.SHARD_MANIFEST,
            frame,
            "mixture_id",
            List.of(plan.request().mixtureId()));
  }

  private static void removeStaleFiles(Path directory, String mixtureId, int shards) {
    if (!Files.isDirectory(directory)) {
      return;
    }

    String prefix = MixtureShardWriter.shardPrefix(mixtureId, 0);
    String stem = Pattern.quote(prefix.substring(0, prefix.length() - 5));
    Pattern shardFile =
        Pattern.compile(stem + "(\\d{5})\\.(bin|idx|documents\\.jsonl)(\\.partial)?");
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Matcher matcher = shardFile.matcher(file.getFileName().toString());
        if (matcher.matches()
            && (Integer.parseInt(matcher.group(1)) >= shards || matcher.group(3) != null)) {
          Files.delete(file);
          LOG.info("Removed {} left from an earlier layout of mixture {}", file, mixtureId);
        }
      }
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot clean the shard folder " + directory, "check that it is writable", e);
    }
  }
}
