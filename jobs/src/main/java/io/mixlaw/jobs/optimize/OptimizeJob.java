package io.mixlaw.jobs.optimize;

import static org.apache.spark.sql.functions.col;

import io.mixlaw.core.CapacityMeasure;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.MergeOutcome;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.jobs.fit.FitJob;
import io.mixlaw.jobs.fit.FitSettings;
import io.mixlaw.law.CamelFit;
import io.mixlaw.law.optimize.ExponentialMixtureObjective;
import io.mixlaw.law.optimize.MixtureConstraints;
import io.mixlaw.law.optimize.MixtureOptimizer;
import io.mixlaw.law.optimize.OptimalMixture;
import io.mixlaw.law.Percentiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimize stage: for the configured target model, the loss-minimising mixture under the
 * per-domain constraints, solved exactly for the point fit and for every bootstrap fit.
 *
 * <p>The recommendation is the point fit's optimum; its interval per domain is the percentile
 * interval of the bootstrap optima. The predicted target loss is the point fit's objective at the
 * recommended mixture; its interval is the percentile interval of the bootstrap fits' predictions
 * of that same mixture. Bootstrap indices with any non-converged target fit are excluded and
 * counted.
 */
public final class OptimizeJob {

  private static final Logger LOG = LoggerFactory.getLogger(OptimizeJob.class);
  /** Fewer bootstrap fits than this give percentile intervals too noisy to report without a warning. */
  static final int MIN_RELIABLE_BOOTSTRAPS = 100;

  private OptimizeJob() {}

  /** Runs the stage and returns the recommendation it wrote. */
  public static Recommendation run(StageContext context) {
    long start = System.nanoTime();
    OptimizeSettings settings = OptimizeSettings.fromConfig(context.config());
    FitSettings fitSettings = FitSettings.fromConfig(context.config());
    long runResultsVersion = context.catalog().version(Tables.RUN_RESULTS);
    String fitId =
        settings.fitId().isBlank() ? FitJob.fitId(fitSettings, runResultsVersion) : settings.fitId();
    long lawFitsVersion = context.catalog().version(Tables.LAW_FITS);

    List<Row> rows =
        context.catalog().read(Tables.LAW_FITS, lawFitsVersion).filter(col("fit_id").equalTo(fitId)).collectAsList();
    if (rows.isEmpty()) {
      throw MixlawException.of(
          "law_fits has no fit " + fitId,
          settings.fitId().isBlank()
              ? "the current fit settings on run_results v" + runResultsVersion + " have not been fitted"
              : "optimize.fit-id names a fit that is not in the table",
          "run bin/mixlaw fit with the same config first, or set optimize.fit-id to an existing fit");
    }
    StoredFits fits = StoredFits.of(fitId, rows);
    Row first = rows.get(0);
    CapacityMeasure measure =
        CapacityMeasure.parse(first.getString(first.fieldIndex("capacity_measure")), "law_fits.capacity_measure");
    double blend = first.getDouble(first.fieldIndex("capacity_blend"));
    String basis = first.getString(first.fieldIndex("parameter_basis"));
    long fittedRunResultsVersion = first.getLong(first.fieldIndex("run_results_version"));
    double capacity = settings.targetCapacity(measure, blend);
    double tokens = settings.target().tokens();

    double[] targetWeights = ValidationWeights.resolve(fits.targets(), settings.validationWeights());
    MixtureConstraints constraints = constraints(fits.domains(), settings);
    LOG.info(
        "Optimizing the mixture of {} domains for target {} (capacity {} {}, {} tokens) from fit {}: {} targets, {} bootstrap fits",
        fits.domains().size(), settings.target().label(), fmt(capacity), measure.name().toLowerCase(Locale.ROOT),
        fmt(tokens), fitId, fits.targets().size(), fits.bootstrapIndices().size());

    fits.requireConvergedPointFit(targetWeights);
    MixtureOptimizer optimizer = MixtureOptimizer.defaults();
    ExponentialMixtureObjective pointObjective =
        ExponentialMixtureObjective.of(fits.fits(0), targetWeights, capacity, tokens);
    OptimalMixture point = optimizer.minimize(pointObjective, constraints);
    if (!point.kkt().satisfied()) {
      LOG.warn("The point optimum does not meet the KKT tolerance: {}", point.kkt());
    }

    int m = fits.domains().size();
    List<double[]> bootstrapWeights = new ArrayList<>();
    List<Double> bootstrapLosses = new ArrayList<>();
    int excluded = 0;
    int unusable = 0;
    for (int index : fits.bootstrapIndices()) {
      if (!fits.allConverged(index, targetWeights)) {
        excluded++;
        continue;
      }
      ExponentialMixtureObjective objective =
          ExponentialMixtureObjective.of(fits.fits(index), targetWeights, capacity, tokens);
      double[] weights;
      double lossAtPoint;
      try {
        weights = optimizer.minimize(objective, constraints).weights();
        lossAtPoint = objective.value(point.weights());
      } catch (ArithmeticException | IllegalArgumentException e) {
        // A resample can leave a direction unidentified; its parameters then overflow the objective.
        LOG.debug("Bootstrap fit {} cannot be optimised at the target", index, e);
        unusable++;
        continue;
      }
      if (!Double.isFinite(lossAtPoint)) {
        unusable++;
        continue;
      }
      bootstrapWeights.add(weights);
      bootstrapLosses.add(lossAtPoint);
    }
    if (excluded > 0) {
      LOG.warn("{} of {} bootstrap fits excluded: a target fit did not converge", excluded, fits.bootstrapIndices().size());
    }
    if (unusable > 0) {
      LOG.warn("{} of {} bootstrap fits excluded: their objective overflows at the target capacity", unusable,
          fits.bootstrapIndices().size());
    }
    excluded += unusable;

    double tail = 100 * (1 - settings.confidence()) / 2;
    List<Recommendation.DomainWeight> domainWeights = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      double[] column = new double[bootstrapWeights.size()];
      for (int b = 0; b < column.length; b++) {
        column[b] = bootstrapWeights.get(b)[j];
      }
      domainWeights.add(
          new Recommendation.DomainWeight(
              fits.domains().get(j),
              point.weights()[j],
              interval(column, tail, point.weights()[j]),
              interval(column, 50, point.weights()[j]),
              interval(column, 100 - tail, point.weights()[j]),
              constraints.lower()[j],
              constraints.upper()[j]));
    }
    double[] losses = bootstrapLosses.stream().mapToDouble(Double::doubleValue).toArray();
    Recommendation recommendation =
        new Recommendation(
            "", fitId, fits.law(), settings.target(), capacity, measure.name().toLowerCase(Locale.ROOT), basis,
            settings.confidence(), domainWeights, point.objective(), interval(losses, tail, point.objective()),
            interval(losses, 100 - tail, point.objective()), bootstrapWeights.size(), excluded,
            point.kkt().stationarity(), lawFitsVersion, fittedRunResultsVersion);
    recommendation = recommendation.withId(recommendationId(recommendation, targetWeights, fits.targets()));

    if (bootstrapWeights.size() < MIN_RELIABLE_BOOTSTRAPS) {
      LOG.warn(
          "Intervals rest on only {} bootstrap fits and are not reliable; set fit.bootstrap.samples to {} or more",
          bootstrapWeights.size(), FitSettings.DEFAULT_BOOTSTRAP_SAMPLES / 5);
    }
    // The JSON first: if its path is not writable the table is left as it was.
    recommendation.writeJson(settings.output());
    MergeOutcome outcome =
        context.catalog().mergeChanges(context.stage(), Tables.MIXTURE_RECOMMENDATIONS, toFrame(context, recommendation));
    LOG.info(
        "Recommendation {} for target {}: predicted loss {} [{}, {}] from {} bootstrap fits in {} s; mixture_recommendations v{} -> v{}; summary in {}",
        recommendation.id(), settings.target().label(), fmt(recommendation.predictedLoss()),
        fmt(recommendation.predictedLossLo()), fmt(recommendation.predictedLossHi()), bootstrapWeights.size(),
        StageCommand.seconds(start), outcome.versionBefore(), outcome.versionAfter(), settings.output());
    return recommendation;
  }

  static MixtureConstraints constraints(List<String> domains, OptimizeSettings settings) {
    MixtureConstraints constraints = MixtureConstraints.unconstrained(domains);
    for (String key : unionKeys(settings.lower(), settings.upper(), settings.availableTokens(), settings.maxEpochs())) {
      if (!domains.contains(key)) {
        throw MixlawException.of(
            "optimize.constraints name the domain '" + key + "'",
            "the fit's training domains are " + domains,
            "fix the domain name in optimize.constraints");
      }
    }
    try {
      for (var e : settings.lower().entrySet()) {
        constraints = constraints.withLower(e.getKey(), e.getValue());
      }
      for (var e : settings.upper().entrySet()) {
        constraints = constraints.withUpper(e.getKey(), e.getValue());
      }
      for (var e : settings.availableTokens().entrySet()) {
        double epochs = settings.maxEpochs().getOrDefault(e.getKey(), settings.defaultMaxEpochs());
        constraints = constraints.withTokenLimit(e.getKey(), e.getValue(), epochs, settings.target().tokens());
      }
      constraints.checkFeasible();
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "optimize.constraints cannot be met", e.getMessage(), "relax the bounds named above in optimize.constraints");
    }
    return constraints;
  }

  private static List<String> unionKeys(Map<String, Double>... maps) {
    SortedMap<String, Boolean> keys = new TreeMap<>();
    for (Map<String, Double> map : maps) {
      map.keySet().forEach(k -> keys.put(k, true));
    }
    return List.copyOf(keys.keySet());
  }

  private static double interval(double[] values, double percentile, double fallback) {
    return values.length == 0 ? fallback : Percentiles.percentile(values, percentile);
  }

  private static String recommendationId(Recommendation r, double[] targetWeights, List<String> targets) {
    StringBuilder text = new StringBuilder(r.fitId()).append('|').append(r.target()).append('|').append(r.confidence());
    for (Recommendation.DomainWeight w : r.domains()) {
      text.append('|').append(w.domain()).append(':').append(w.lower()).append(':').append(w.upper());
    }
    for (int t = 0; t < targets.size(); t++) {
      text.append('|').append(targets.get(t)).append('=').append(targetWeights[t]);
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return "rec-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  private static org.apache.spark.sql.Dataset<Row> toFrame(StageContext context, Recommendation r) {
    List<Row> rows = new ArrayList<>();
    for (Recommendation.DomainWeight w : r.domains()) {
      rows.add(
          RowFactory.create(
              r.id(), w.domain(), w.weight(), w.lo(), w.median(), w.hi(), w.lower(), w.upper(), r.predictedLoss(),
              r.predictedLossLo(), r.predictedLossHi(), r.confidence(), r.fitId(), r.law(), r.target().label(),
              r.target().totalParams(), r.target().activeParams(), r.target().tokens(), r.capacity(),
              r.capacityMeasure(), r.parameterBasis(), r.bootstrapsUsed(), r.bootstrapsExcluded(), r.kktStationarity(),
              r.lawFitsVersion(), r.runResultsVersion()));
    }
    return context.catalog().frame(Tables.MIXTURE_RECOMMENDATIONS, rows);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }

  /** Validation-target weights of the objective. */
  static final class ValidationWeights {
    private ValidationWeights() {}

    /** Weights aligned with {@code targets}, normalised to sum 1; equal when none are configured. */
    static double[] resolve(List<String> targets, Map<String, Double> configured) {
      double[] weights = new double[targets.size()];
      if (configured.isEmpty()) {
        java.util.Arrays.fill(weights, 1.0 / targets.size());
        return weights;
      }
      List<String> missing = new ArrayList<>();
      double sum = 0;
      for (int t = 0; t < targets.size(); t++) {
        Double w = configured.get(targets.get(t));
        if (w == null) {
          missing.add(targets.get(t));
          continue;
        }
        weights[t] = w;
        sum += w;
      }
      if (!missing.isEmpty()) {
        throw MixlawException.of(
            "the validation weights give no weight to fitted targets " + missing,
            "every fitted target needs a weight when weights are configured",
            "add them to optimize.validation-weights (0 to ignore a target) or restrict fit.targets");
      }
      if (!(sum > 0)) {
        throw MixlawException.of(
            "the validation weights of the fitted targets sum to " + sum,
            "at least one target needs a positive weight",
            "fix optimize.validation-weights");
      }
      for (int t = 0; t < weights.length; t++) {
        weights[t] /= sum;
      }
      return weights;
    }
  }
}
