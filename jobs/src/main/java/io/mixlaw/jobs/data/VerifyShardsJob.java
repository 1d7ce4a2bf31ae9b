package io.mixlaw.jobs.data;

import static org.apache.spark.sql.functions.col;

import io.mixlaw.core.MixlawException;
import io.mixlaw.core.config.ConfigKeys;
import io.mixlaw.core.table.DataTables;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.tokenization.mix.DomainProportion;
import io.mixlaw.tokenization.mix.MixPlan;
import io.mixlaw.tokenization.mix.MixSummary;
import io.mixlaw.tokenization.mix.MixVerification;
import io.mixlaw.tokenization.mix.MixtureShardWriter;
import io.mixlaw.tokenization.mix.ShardCheck;
import io.mixlaw.tokenization.mix.ShardLayout;
import io.mixlaw.tokenization.mix.ShardManifestEntry;
import io.mixlaw.tokenization.mix.ShardSpec;
import io.mixlaw.tokenization.mix.ShardVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verify-shards stage: reads every shard of the chosen mixtures back with the independent
 * reader (in parallel Spark tasks, one shard each), checks index integrity and checksums, compares
 * the folder with the {@code shard_manifest} rows, and reports each domain's realized token share
 * against the request. It then recounts every shard against {@code tokenized_documents}: the plan
 * is recomputed from the documents' token counts and the request, and each shard must hold that
 * plan's runs, with every token equal to the table's (see {@link ShardVerifier#recount}). It fails,
 * naming every problem (with shard, document and domain where there is one), if a shard is damaged
 * or differs from the table, or a domain is off its target by more than one document.
 */
public final class VerifyShardsJob {

  private static final Logger LOG = LoggerFactory.getLogger(VerifyShardsJob.class);

  private VerifyShardsJob() {}

  /**
   * The outcome of a verification.
   *
   * @param mixtures one verification per mixture
   */
  public record Summary(List<MixVerification> mixtures) {

    /** True if every mixture verified. */
    public boolean ok() {
      return mixtures.stream().allMatch(MixVerification::ok);
    }

    /** One block per mixture with a line per domain. */
    public String describe() {
      StringBuilder out = new StringBuilder();
      for (MixVerification m : mixtures) {
        out.append(
            String.format(
                Locale.ROOT,
                "verify-shards %s: %d shards, %,d tokens, %s%n",
                m.mixtureId(),
                m.shards().size(),
                m.totalTokens(),
                m.ok() ? "OK" : m.allProblems().size() + " problem(s)"));
        out.append(
            String.format(
                Locale.ROOT,
                "  %-12s %9s %9s %12s %12s %10s %5s%n",
                "domain",
                "requested",
                "realized",
                "target",
                "tokens",
                "tolerance",
                "ok"));
        for (DomainProportion p : m.proportions()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "  %-12s %9.4f %9.4f %,12d %,12d %,10d %5s%n",
                  p.domain(),
                  p.requestedWeight(),
                  p.realizedShare(),
                  p.targetTokens(),
                  p.realizedTokens(),
                  p.toleranceTokens(),
                  !p.withinTolerance() ? "NO" : p.exact() ? "yes" : "?"));
        }

        if (m.proportions().stream().anyMatch(p -> !p.exact())) {
          out.append(
              "  (? = within one document if the unread shards hold what their description says)"
                  + System.lineSeparator());
        }

        for (String problem : m.allProblems()) {
          out.append("  problem: ").append(problem).append(System.lineSeparator());
        }
      }

      return out.toString();
    }
  }

  /**
   * Runs the stage.
   *
   * @throws MixlawException if any mixture fails verification, listing every problem
   */
  public static Summary run(StageContext context) {
    long start = System.nanoTime();
    MixSettings settings = MixSettings.from(context.config());
    List<Path> descriptions = descriptions(context, settings);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
    List<MixVerification> results = new ArrayList<>();
    for (Path file : descriptions) {
      MixSummary summary = MixSummary.read(file);
      Path directory = file.getParent();
      int eod = summary.endOfDocumentToken();
      String folder = directory.toAbsolutePath().toString();
      List<ShardCheck> checks;
      try {
        checks =
            summary.shards().isEmpty()
                ? List.of()
                : jsc.parallelize(new ArrayList<>(summary.shards()), summary.shards().size())
                    .map(entry -> ShardVerifier.verifyShard(Path.of(folder), entry, eod))
                    .collect();
      } catch (RuntimeException e) {
        throw MixlawException.wrap(
            "verifying the shards of mixture "
                + summary.mixtureId()
                + " in "
                + directory
                + " failed",
            "check that the folder is readable from every Spark executor",
            e);
      }

      List<String> mixtureProblems = new ArrayList<>();
      checks = recount(context, summary, folder, checks, mixtureProblems);
      MixVerification verification = ShardVerifier.summarize(summary, checks);
      mixtureProblems.addAll(compareWithManifest(context, summary));
      if (!mixtureProblems.isEmpty()) {
        List<String> problems = new ArrayList<>(verification.problems());
        problems.addAll(mixtureProblems);
        verification =
            new MixVerification(
                verification.mixtureId(),
                verification.shards(),
                verification.proportions(),
                verification.totalTokens(),
                problems);
      }

      LOG.info(
          "Verified mixture {}: {} shards, {} tokens, {} problems",
          summary.mixtureId(),
          summary.shards().size(),
          verification.totalTokens(),
          verification.allProblems().size());
      results.add(verification);
    }

    Summary summary = new Summary(results);
    LOG.info("Verified {} mixtures in {} s", results.size(), StageCommand.seconds(start));
    if (!summary.ok()) {
      // The failure ends the stage before the command prints its report: the report goes to the
      // log, so that the domain table of every mixture, failed or not, is still seen.
      LOG.error("Shard verification report:{}{}", System.lineSeparator(), summary.describe());
      List<String> problems = new ArrayList<>();
      for (MixVerification m : results) {
        m.allProblems().forEach(p -> problems.add(m.mixtureId() + ": " + p));
      }

      throw MixlawException.of(
          "shard verification failed for "
              + results.stream().filter(m -> !m.ok()).count()
              + " of "
              + results.size()
              + " mixtures",
          String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
              + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : ""),
          "rerun mix for those mixtures to rewrite their shards");
    }

    return summary;
  }

  /**
   * Recounts every shard against {@code tokenized_documents}: the plan is recomputed from the
   * documents' token counts and the mixture's request (it is a pure function of both), and each
   * shard is compared, run by run and token by token, with the shard of that plan. Returns the
   * checks with the recount's problems added; problems of the mixture as a whole go to {@code
   * problems}.
   */
  private static List<ShardCheck> recount(
      StageContext context,
      MixSummary summary,
      String folder,
      List<ShardCheck> checks,
      List<String> problems) {
    if (summary.shards().isEmpty()) {
      return checks;
    }

    Dataset<Row> tokenized =
        context
            .catalog()
            .read(DataTables.TOKENIZED_DOCUMENTS)
            .filter(col("tokenizer").equalTo(summary.tokenizer()));
    MixPlan plan;
    try {
      plan =
          MixJob.plan(
              summary.request(),
              MixJob.documents(tokenized, summary.tokenizer()),
              summary.tokenizer());
    } catch (MixlawException e) {
      problems.add("the shards cannot be recounted from tokenized_documents: " + e.getMessage());
      return checks;
    }

    // Limitation: the plan follows this version's sampling rule; shards of another rule differ.
    List<ShardSpec> expected =
        ShardLayout.of(plan, summary.sequenceLength(), summary.sequencesPerShard());
    if (expected.size() != summary.shards().size()) {
      problems.add(
          "the plan recomputed from tokenized_documents has "
              + expected.size()
              + " shards but the folder describes "
              + summary.shards().size());
    }

    int common = Math.min(expected.size(), summary.shards().size());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
    Broadcast<RecountShards.Layout> layout =
        jsc.broadcast(
            new RecountShards.Layout(
                plan,
                new ArrayList<>(expected.subList(0, common)),
                new ArrayList<>(summary.shards().subList(0, common)),
                folder,
                summary.endOfDocumentToken()));
    Map<Integer, List<String>> found = new HashMap<>();
    try {
      for (RecountShards.Result result :
          MixJob.shardDocuments(context.spark(), tokenized, plan, expected.subList(0, common))
              .javaRDD()
              .mapPartitions(new RecountShards(layout))
              .collect()) {
        found.put(result.shardIndex(), result.problems());
      }
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "recounting the shards of mixture " + summary.mixtureId() + " in " + folder + " failed",
          "check that the folder is readable from every Spark executor and that"
              + " tokenized_documents does not change meanwhile",
          e);
    } finally {
      layout.destroy();
    }

    List<ShardCheck> recounted = new ArrayList<>();
    for (ShardCheck check : checks) {
      List<String> more = found.get(check.shardIndex());
      if (more == null && check.shardIndex() < common) {
        more = List.of("not recounted: none of its documents is in tokenized_documents");
      }

      recounted.add(more == null ? check : check.withMoreProblems(more));
    }

    return recounted;
  }

  private static List<Path> descriptions(StageContext context, MixSettings settings) {
    ConfigKeys.requireKnown(context.config(), "verify-shards", Set.of("mixtures"));
    Path root = Path.of(settings.outputDirectory());
    List<String> wanted =
        context.config().hasPath("verify-shards.mixtures")
            ? context.config().getStringList("verify-shards.mixtures")
            : List.of();
    List<Path> files = new ArrayList<>();
    if (!wanted.isEmpty()) {
      for (String id : wanted) {
        Path file = MixSummary.file(root.resolve(MixtureShardWriter.fileName(id)), id);
        if (!Files.isRegularFile(file)) {
          throw MixlawException.of(
              "mixture " + id + " has no shards under " + root,
              "there is no " + file,
              "run mix for it first, or fix mix.output-dir");
        }

        files.add(file);
      }

      return files;
    }

    try (Stream<Path> walk = Files.walk(root, 2)) {
      walk.filter(p -> p.getFileName().toString().endsWith(MixSummary.FILE_SUFFIX))
          .sorted()
          .forEach(files::add);
    } catch (IOException | UncheckedIOException e) {
      throw MixlawException.wrap(
          "cannot list the shard folder " + root, "run mix first, or fix mix.output-dir", e);
    }

    if (files.isEmpty()) {
      throw MixlawException.of(
          "no mixture shards under " + root,
          "no *" + MixSummary.FILE_SUFFIX + " file was found",
          "run mix first, or fix mix.output-dir");
    }

    return files;
  }

  private static List<String> compareWithManifest(StageContext context, MixSummary summary) {
    Map<Integer, Row> rows = new HashMap<>();
    for (Row row :
        context
            .catalog()
            .read(DataTables.SHARD_MANIFEST)
            .filter(col("mixture_id").equalTo(summary.mixtureId()))
            .select("shard_index", "bin_sha256", "idx_sha256", "document_map_sha256", "tokens")
            .collectAsList()) {
      rows.put(row.getInt(0), row);
    }

    List<String> problems = new ArrayList<>();
    if (rows.size() != summary.shards().size()) {
      problems.add(
          "shard_manifest lists "
              + rows.size()
              + " shards of this mixture but the folder describes "
              + summary.shards().size());
    }

    for (ShardManifestEntry entry : summary.shards()) {
      Row row = rows.get(entry.shardIndex());
      if (row == null) {
        continue;
      }

      boolean same =
          entry.binSha256().equals(row.getString(1))
              && entry.idxSha256().equals(row.getString(2))
              && entry.documentMapSha256().equals(row.getString(3))
              && entry.tokens() == row.getLong(4);
      if (!same) {
        problems.add(
            entry.prefix() + ": the shard_manifest row differs from the folder's description");
      }
    }

    return problems;
  }
}
