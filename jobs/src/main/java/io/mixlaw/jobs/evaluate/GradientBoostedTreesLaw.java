package io.mixlaw.jobs.evaluate;

import io.mixlaw.law.FitDiagnostics;
import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.Observation;
import io.mixlaw.law.evaluation.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A RegMix-style regressor as a law: gradient-boosted regression trees (Spark MLlib {@link
 * GBTRegressor}) predicting one validation target's loss from the mixture weights, {@code ln N}
 * and, when the training runs differ in tokens, {@code ln D}.
 *
 * <p>RegMix (Liu et al. 2025, arXiv:2407.01492) regresses the validation loss on the mixture
 * weights of many small runs with LightGBM; here the same idea runs on Spark MLlib, with the scale
 * features added so one model covers several scales. Trees do not extrapolate: at a capacity beyond
 * the training range the model predicts as at the largest training capacity, which is what the
 * leave-largest-scale-out benchmark exposes.
 *
 * <p>Training is deterministic for a seed: the subsampling rate is 1 and every feature is
 * considered at each split, so no randomness enters. Thread-safe: each fit builds its own DataFrame
 * and model.
 */
public final class GradientBoostedTreesLaw implements MixtureLaw {

  /** Name of the law in tables and configs. */
  public static final String NAME = "regmix-gbt";

  /** Boosting iterations (trees). */
  public static final int DEFAULT_MAX_ITERATIONS = 100;

  /** Depth of each tree. */
  public static final int DEFAULT_MAX_DEPTH = 4;

  /** Learning rate (shrinkage) of each tree. */
  public static final double DEFAULT_STEP_SIZE = 0.1;

  /** Smallest number of runs in a leaf. */
  public static final int DEFAULT_MIN_INSTANCES_PER_NODE = 2;

  /** Bins of the continuous features. */
  public static final int DEFAULT_MAX_BINS = 64;

  /** Seed of the regressor. */
  public static final long DEFAULT_SEED = 20240701L;

  private static final String FEATURES = "features";
  private static final String LABEL = "label";
  private static final double CONSTANT_SPREAD = 1e-9;

  private final SparkSession spark;
  private final int maxIterations;
  private final int maxDepth;
  private final double stepSize;
  private final long seed;

  private GradientBoostedTreesLaw(
      SparkSession spark, int maxIterations, int maxDepth, double stepSize, long seed) {
    this.spark = spark;
    this.maxIterations = maxIterations;
    this.maxDepth = maxDepth;
    this.stepSize = stepSize;
    this.seed = seed;
  }

  /** The regressor with default settings, training on the given session. */
  public static GradientBoostedTreesLaw on(SparkSession spark) {
    return new GradientBoostedTreesLaw(
        Objects.requireNonNull(spark, "spark"),
        DEFAULT_MAX_ITERATIONS,
        DEFAULT_MAX_DEPTH,
        DEFAULT_STEP_SIZE,
        DEFAULT_SEED);
  }

  /** Returns a copy with another number of boosting iterations (&gt;= 1). */
  public GradientBoostedTreesLaw withMaxIterations(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("GBT iterations must be >= 1, got " + iterations);
    }

    return new GradientBoostedTreesLaw(spark, iterations, maxDepth, stepSize, seed);
  }

  /** Returns a copy with another tree depth (1 to 30). */
  public GradientBoostedTreesLaw withMaxDepth(int depth) {
    if (depth < 1 || depth > 30) {
      throw new IllegalArgumentException("GBT depth must be in [1, 30], got " + depth);
    }

    return new GradientBoostedTreesLaw(spark, maxIterations, depth, stepSize, seed);
  }

  /** Returns a copy with another learning rate, in (0, 1]. */
  public GradientBoostedTreesLaw withStepSize(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("GBT step size must be in (0, 1], got " + rate);
    }

    return new GradientBoostedTreesLaw(spark, maxIterations, maxDepth, rate, seed);
  }

  /** Returns a copy with another seed. */
  public GradientBoostedTreesLaw withSeed(long newSeed) {
    return new GradientBoostedTreesLaw(spark, maxIterations, maxDepth, stepSize, newSeed);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Trains the regressor on the observations of one target.
   *
   * @param observations at least two runs, all with the same number of domains
   * @throws IllegalArgumentException if there are fewer than two runs or the domain counts differ
   */
  @Override
  public FittedLaw fit(List<Observation> observations) {
    Objects.requireNonNull(observations, "observations");
    if (observations.size() < 2) {
      throw new IllegalArgumentException(
          NAME + " needs at least 2 runs to train on, got " + observations.size());
    }

    int domains = observations.get(0).domainCount();
    double minLogN = Double.POSITIVE_INFINITY;
    double maxLogN = Double.NEGATIVE_INFINITY;
    double minLogD = Double.POSITIVE_INFINITY;
    double maxLogD = Double.NEGATIVE_INFINITY;
    for (Observation o : observations) {
      if (o.domainCount() != domains) {
        throw new IllegalArgumentException(
            "all runs must have "
                + domains
                + " mixture weights, run "
                + o.runId()
                + " has "
                + o.domainCount());
      }

      minLogN = Math.min(minLogN, Math.log(o.capacity()));
      maxLogN = Math.max(maxLogN, Math.log(o.capacity()));
      minLogD = Math.min(minLogD, Math.log(o.tokens()));
      maxLogD = Math.max(maxLogD, Math.log(o.tokens()));
    }

    boolean useTokens = maxLogD - minLogD > CONSTANT_SPREAD;
    Features features = new Features(domains, useTokens);
    List<Row> rows = new ArrayList<>(observations.size());
    for (Observation o : observations) {
      rows.add(RowFactory.create(features.of(o.capacity(), o.tokens(), o.weights()), o.loss()));
    }

    StructType schema =
        new StructType()
            .add(FEATURES, SQLDataTypes.VectorType(), false)
            .add(LABEL, DataTypes.DoubleType, false);
    // Proxy ladders have hundreds of runs: one partition saves the per-task overhead of the
    // several Spark jobs each boosting iteration runs (about half the training time).
    Dataset<Row> frame = spark.createDataFrame(rows, schema).coalesce(1);
    GBTRegressor regressor =
        new GBTRegressor()
            .setFeaturesCol(FEATURES)
            .setLabelCol(LABEL)
            .setLossType("squared")
            .setMaxIter(maxIterations)
            .setMaxDepth(maxDepth)
            .setStepSize(stepSize)
            .setMinInstancesPerNode(DEFAULT_MIN_INSTANCES_PER_NODE)
            .setMaxBins(DEFAULT_MAX_BINS)
            .setSubsamplingRate(1.0)
            .setFeatureSubsetStrategy("all")
            .setSeed(seed);
    GBTRegressionModel model = regressor.fit(frame);
    return new Fit(model, features, maxDepth, stepSize, observations);
  }

  /** How a run becomes a feature vector: weights, ln N, and ln D when tokens vary. */
  private record Features(int domains, boolean useTokens) {

    Vector of(double capacity, double tokens, double[] weights) {
      if (weights.length != domains) {
        throw new IllegalArgumentException(
            "expected " + domains + " mixture weights, got " + weights.length);
      }

      if (!(capacity > 0) || !(tokens > 0)) {
        throw new IllegalArgumentException(
            "capacity and tokens must be > 0, got " + capacity + " and " + tokens);
      }

      double[] values = Arrays.copyOf(weights, domains + (useTokens ? 2 : 1));
      values[domains] = Math.log(capacity);
      if (useTokens) {
        values[domains + 1] = Math.log(tokens);
      }

      return Vectors.dense(values);
    }
  }

  /** The trained ensemble. */
  private static final class Fit implements FittedLaw {
    private final GBTRegressionModel model;
    private final Features features;
    private final double[] parameters;
    private final FitDiagnostics diagnostics;

    Fit(
        GBTRegressionModel model,
        Features features,
        int depth,
        double rate,
        List<Observation> observations) {
      this.model = model;
      this.features = features;
      this.parameters =
          new double[] {model.getNumTrees(), depth, rate, features.useTokens() ? 1 : 0};
      this.diagnostics = diagnostics(observations);
    }

    /** In-sample quality; a tree ensemble has no convergence criterion, so it always converged. */
    private FitDiagnostics diagnostics(List<Observation> observations) {
      int n = observations.size();
      double[] observed = new double[n];
      double[] predicted = new double[n];
      for (int i = 0; i < n; i++) {
        Observation o = observations.get(i);
        observed[i] = o.loss();
        predicted[i] = predict(o.capacity(), o.tokens(), o.weights());
      }

      double mean = Arrays.stream(observed).average().orElseThrow();
      double squared = 0;
      double total = 0;
      for (int i = 0; i < n; i++) {
        squared += (predicted[i] - observed[i]) * (predicted[i] - observed[i]);
        total += (observed[i] - mean) * (observed[i] - mean);
      }

      return new FitDiagnostics(
          n,
          Math.sqrt(squared / n),
          Metrics.mae(observed, predicted),
          total > 0 ? 1 - squared / total : Double.NaN,
          Metrics.spearman(observed, predicted),
          true,
          model.getNumTrees(),
          model.getNumTrees(),
          squared / 2,
          "");
    }

    @Override
    public String lawName() {
      return NAME;
    }

    @Override
    public List<String> parameterNames() {
      return List.of("trees", "max_depth", "step_size", "uses_ln_tokens");
    }

    @Override
    public double[] parameters() {
      return parameters.clone();
    }

    @Override
    public double predict(double capacity, double tokens, double[] weights) {
      return model.predict(features.of(capacity, tokens, weights));
    }

    @Override
    public FitDiagnostics diagnostics() {
      return diagnostics;
    }
  }
}
