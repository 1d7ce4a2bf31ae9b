package io.mixlaw.law.evaluation;

import io.mixlaw.law.BootstrapSampler;
import io.mixlaw.law.FitDiagnostics;
import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.Observation;
import io.mixlaw.law.Percentiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the law benchmark: for every law, fold of the protocol and validation target, fits the law
 * to the fold's training runs, predicts its test runs, and scores the predictions per target and
 * test scale.
 *
 * <p>The aggregate validation loss is scored too: its prediction for a test run is {@code sum_v w_v
 * Lhat_v} of the law's per-target predictions, which is what the mixture optimizer minimises.
 *
 * <p>A law that throws on a fold and target, or predicts a non-finite loss, is recorded as {@link
 * FitRecord.Status#FAILED} with the reason and contributes no prediction there; the benchmark goes
 * on. Fits that did not converge are scored and counted in {@link LawScore#fitsNotConverged()}.
 *
 * <p>Intervals: each score's test runs are resampled with replacement {@code B} times, resample b
 * drawn by {@link BootstrapSampler#resampleRuns} with the evaluator's seed, and the percentile
 * interval ({@link Percentiles#interval}) of each metric over the resamples is reported. Results do
 * not depend on the number of threads. Immutable.
 */
public final class LawEvaluator {

  /** Bootstrap resamples of the test runs behind each metric interval. */
  public static final int DEFAULT_METRIC_RESAMPLES = 1000;

  /** Seed of the metric bootstrap. */
  public static final long DEFAULT_SEED = BootstrapSampler.DEFAULT_BASE_SEED;

  /** Coverage of the metric intervals. */
  public static final double DEFAULT_CONFIDENCE = Percentiles.DEFAULT_CONFIDENCE;

  /** Threads fitting laws at the same time; 1 fits on the calling thread. */
  public static final int DEFAULT_THREADS = 1;

  /** Receives one call per finished fit, from the thread that ran it. */
  @FunctionalInterface
  public interface Progress {

    /**
     * Reports a finished fit.
     *
     * @param fit what happened
     * @param done fits finished so far, this one included
     * @param total fits in the benchmark
     */
    void fitted(FitRecord fit, int done, int total);
  }

  private final Protocol protocol;
  private final int resamples;
  private final long seed;
  private final double confidence;
  private final int threads;

  private LawEvaluator(
      Protocol protocol, int resamples, long seed, double confidence, int threads) {
    this.protocol = protocol;
    this.resamples = resamples;
    this.seed = seed;
    this.confidence = confidence;
    this.threads = threads;
  }

  /** An evaluator for the protocol with default resamples, seed, confidence and one thread. */
  public static LawEvaluator of(Protocol protocol) {
    return new LawEvaluator(
        Objects.requireNonNull(protocol, "protocol"),
        DEFAULT_METRIC_RESAMPLES,
        DEFAULT_SEED,
        DEFAULT_CONFIDENCE,
        DEFAULT_THREADS);
  }

  /**
   * Returns a copy with another number of metric resamples.
   *
   * @param count resamples, &gt;= 0; 0 reports NaN interval ends
   */
  public LawEvaluator withMetricResamples(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("metric resamples must be >= 0, got " + count);
    }

    return new LawEvaluator(protocol, count, seed, confidence, threads);
  }

  /** Returns a copy whose metric bootstrap uses another seed. */
  public LawEvaluator withSeed(long newSeed) {
    return new LawEvaluator(protocol, resamples, newSeed, confidence, threads);
  }

  /**
   * Returns a copy with another interval coverage.
   *
   * @param level central coverage in (0, 1)
   */
  public LawEvaluator withConfidence(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + level);
    }

    return new LawEvaluator(protocol, resamples, seed, level, threads);
  }

  /**
   * Returns a copy that fits on several threads; the laws must be thread-safe, as {@link
   * MixtureLaw} requires.
   *
   * @param count threads, &gt;= 1
   */
  public LawEvaluator withThreads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + count);
    }

    return new LawEvaluator(protocol, resamples, seed, confidence, count);
  }

  /** The protocol. */
  public Protocol protocol() {
    return protocol;
  }

  /** Runs the benchmark without progress reports. */
  public EvaluationResult evaluate(List<? extends MixtureLaw> laws, BenchmarkData data) {
    return evaluate(laws, data, (fit, done, total) -> {});
  }

  /**
   * Runs the benchmark.
   *
   * @param laws laws to compare, with distinct names
   * @param data the runs
   * @param progress called after each fit
   * @return folds, fits, predictions and scores
   * @throws IllegalArgumentException if the laws' names repeat or the protocol cannot split the
   *     data
   */
  public EvaluationResult evaluate(
      List<? extends MixtureLaw> laws, BenchmarkData data, Progress progress) {
    Objects.requireNonNull(laws, "laws");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(progress, "progress");
    List<String> names = new ArrayList<>();
    for (MixtureLaw law : laws) {
      String name = Objects.requireNonNull(law, "law").name();
      if (names.contains(name)) {
        throw new IllegalArgumentException("law " + name + " is listed twice");
      }

      names.add(name);
    }

    if (laws.isEmpty()) {
      throw new IllegalArgumentException("no law to evaluate");
    }

    List<Fold> folds = protocol.folds(data);
    List<Task> tasks = new ArrayList<>();
    for (MixtureLaw law : laws) {
      for (Fold fold : folds) {
        for (String target : data.targets()) {
          tasks.add(new Task(law, fold, target));
        }
      }
    }

    List<Outcome> outcomes = run(tasks, data, progress);
    List<FitRecord> fits = new ArrayList<>();
    List<Prediction> predictions = new ArrayList<>();
    int next = 0;
    for (MixtureLaw law : laws) {
      for (Fold fold : folds) {
        Map<String, Map<String, Double>> predictedByRun = new TreeMap<>();
        for (int t = 0; t < data.targets().size(); t++) {
          Outcome outcome = outcomes.get(next++);
          fits.add(outcome.fit());
          predictions.addAll(outcome.predictions());
          for (Prediction p : outcome.predictions()) {
            predictedByRun
                .computeIfAbsent(p.runId(), r -> new HashMap<>())
                .put(p.target(), p.predicted());
          }
        }

        predictions.addAll(aggregatePredictions(law.name(), fold, data, predictedByRun));
      }
    }

    List<LawScore> scores = score(names, folds, data, fits, predictions);
    return new EvaluationResult(
        protocol.name(), names, data.targets(), folds, fits, predictions, scores);
  }

  private record Task(MixtureLaw law, Fold fold, String target) {}

  private record Outcome(FitRecord fit, List<Prediction> predictions) {}

  private List<Outcome> run(List<Task> tasks, BenchmarkData data, Progress progress) {
    AtomicInteger done = new AtomicInteger();
    List<Outcome> outcomes = new ArrayList<>(tasks.size());
    if (threads == 1) {
      for (Task task : tasks) {
        Outcome outcome = fitAndPredict(task, data);
        progress.fitted(outcome.fit(), done.incrementAndGet(), tasks.size());
        outcomes.add(outcome);
      }

      return outcomes;
    }

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Outcome>> futures = new ArrayList<>(tasks.size());
      for (Task task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  Outcome outcome = fitAndPredict(task, data);
                  progress.fitted(outcome.fit(), done.incrementAndGet(), tasks.size());
                  return outcome;
                }));
      }

      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }

      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("law benchmark interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("law benchmark failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Outcome fitAndPredict(Task task, BenchmarkData data) {
    String law = task.law().name();
    int fold = task.fold().index();
    List<Observation> train = data.observations(task.target(), task.fold().trainRunIds());
    List<Observation> test = data.observations(task.target(), task.fold().testRunIds());
    if (train.isEmpty()) {
      return failed(task, 0, "no training run of fold " + task.fold().label() + " has this target");
    }

    if (test.isEmpty()) {
      return failed(
          task, train.size(), "no test run of fold " + task.fold().label() + " has this target");
    }

    FittedLaw fitted;
    List<Prediction> predictions = new ArrayList<>(test.size());
    try {
      fitted = task.law().fit(train);
      for (Observation o : test) {
        double predicted = fitted.predict(o.capacity(), o.tokens(), o.weights());
        if (!Double.isFinite(predicted)) {
          return failed(task, train.size(), "predicted loss " + predicted + " for run " + o.runId());
        }

        predictions.add(
            new Prediction(
                law,
                protocol.name(),
                fold,
                o.runId(),
                o.scale(),
                o.capacity(),
                o.tokens(),
                task.target(),
                o.loss(),
                predicted));
      }
    } catch (RuntimeException e) {
      // A law that cannot fit or predict this fold (too few runs or scales, a degenerate design)
      // is a result of the benchmark, not an error of it.
      return failed(task, train.size(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    FitDiagnostics d = fitted.diagnostics();
    FitRecord.Status status =
        d.converged() ? FitRecord.Status.CONVERGED : FitRecord.Status.NOT_CONVERGED;
    return new Outcome(
        new FitRecord(law, fold, task.target(), train.size(), status, d.rmse(), d.message()),
        predictions);
  }

  private static Outcome failed(Task task, int observations, String message) {
    FitRecord record =
        new FitRecord(
            task.law().name(),
            task.fold().index(),
            task.target(),
            observations,
            FitRecord.Status.FAILED,
            Double.NaN,
            message);
    return new Outcome(record, List.of());
  }

  private List<Prediction> aggregatePredictions(
      String law, Fold fold, BenchmarkData data, Map<String, Map<String, Double>> predictedByRun) {
    List<Prediction> result = new ArrayList<>();
    for (Map.Entry<String, Map<String, Double>> entry : predictedByRun.entrySet()) {
      BenchmarkRun run = data.run(entry.getKey());
      double observed = data.aggregateLoss(run);
      double predicted = data.aggregate(entry.getValue());
      if (Double.isNaN(observed) || Double.isNaN(predicted)) {
        continue;
      }

      result.add(
          new Prediction(
              law,
              protocol.name(),
              fold.index(),
              run.runId(),
              run.scale(),
              run.capacity(),
              run.tokens(),
              BenchmarkData.AGGREGATE_TARGET,
              observed,
              predicted));
    }

    return result;
  }

  private List<LawScore> score(
      List<String> laws,
      List<Fold> folds,
      BenchmarkData data,
      List<FitRecord> fits,
      List<Prediction> predictions) {
    Map<Integer, Set<String>> scalesOfFold = new HashMap<>();
    for (Fold fold : folds) {
      Set<String> scales = new HashSet<>();
      fold.testRunIds().forEach(id -> scales.add(data.run(id).scale()));
      scalesOfFold.put(fold.index(), scales);
    }

    Map<String, List<Prediction>> groups = new LinkedHashMap<>();
    for (Prediction p : predictions) {
      groups.computeIfAbsent(key(p.law(), p.target(), p.scale()), k -> new ArrayList<>()).add(p);
    }

    List<String> targets = new ArrayList<>(data.targets());
    targets.add(BenchmarkData.AGGREGATE_TARGET);
    List<LawScore> scores = new ArrayList<>();
    for (String law : laws) {
      for (String target : targets) {
        for (String scale : data.scales()) {
          List<Prediction> group = groups.get(key(law, target, scale));
          if (group == null) {
            continue;
          }

          int[] counts = fitCounts(law, target, scale, fits, scalesOfFold, data);
          scores.add(scoreGroup(law, target, scale, data.capacity(scale), group, counts));
        }
      }
    }

    return scores;
  }

  private static String key(String law, String target, String scale) {
    return law + '\u0000' + target + '\u0000' + scale;
  }

  /** Fits used, not converged and failed for one law, target and test scale. */
  private static int[] fitCounts(
      String law,
      String target,
      String scale,
      List<FitRecord> fits,
      Map<Integer, Set<String>> scalesOfFold,
      BenchmarkData data) {
    boolean aggregate = target.equals(BenchmarkData.AGGREGATE_TARGET);
    int[] counts = new int[3];
    for (FitRecord fit : fits) {
      boolean relevant =
          aggregate
              ? data.validationWeights().containsKey(fit.target())
              : fit.target().equals(target);
      if (!fit.law().equals(law) || !relevant || !scalesOfFold.get(fit.fold()).contains(scale)) {
        continue;
      }

      switch (fit.status()) {
        case CONVERGED -> counts[0]++;
        case NOT_CONVERGED -> {
          counts[0]++;
          counts[1]++;
        }
        case FAILED -> counts[2]++;
      }
    }

    return counts;
  }

  private LawScore scoreGroup(
      String law,
      String target,
      String scale,
      double capacity,
      List<Prediction> group,
      int[] counts) {
    SortedMap<String, Prediction> byRun = new TreeMap<>();
    for (Prediction p : group) {
      if (byRun.put(p.runId(), p) != null) {
        throw new IllegalStateException(
            "run " + p.runId() + " is predicted twice for " + law + " on " + target);
      }
    }

    List<String> ids = List.copyOf(byRun.keySet());
    double[] observed = new double[ids.size()];
    double[] predicted = new double[ids.size()];
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      Prediction p = byRun.get(ids.get(i));
      observed[i] = p.observed();
      predicted[i] = p.predicted();
      position.put(ids.get(i), i);
    }

    MetricSet point = Metrics.of(observed, predicted);
    MetricSet lower = MetricSet.empty();
    MetricSet upper = MetricSet.empty();
    if (resamples > 0) {
      double[][] draws = new double[5][resamples];
      SortedMap<String, List<String>> strata = new TreeMap<>(Map.of(scale, ids));
      double[] o = new double[ids.size()];
      double[] p = new double[ids.size()];
      for (int b = 1; b <= resamples; b++) {
        List<String> sample = BootstrapSampler.resampleRuns(strata, seed, b);
        for (int i = 0; i < sample.size(); i++) {
          int k = position.get(sample.get(i));
          o[i] = observed[k];
          p[i] = predicted[k];
        }

        MetricSet m = Metrics.of(o, p);
        draws[0][b - 1] = m.mae();
        draws[1][b - 1] = m.meanRelativeError();
        draws[2][b - 1] = m.spearman();
        draws[3][b - 1] = m.regret();
        draws[4][b - 1] = m.bias();
      }

      double[][] bounds = new double[5][];
      for (int k = 0; k < 5; k++) {
        bounds[k] = interval(draws[k]);
      }

      lower =
          new MetricSet(
              ids.size(), bounds[0][0], bounds[1][0], bounds[2][0], bounds[3][0], bounds[4][0]);
      upper =
          new MetricSet(
              ids.size(), bounds[0][1], bounds[1][1], bounds[2][1], bounds[3][1], bounds[4][1]);
    }

    return new LawScore(
        law,
        protocol.name(),
        target,
        scale,
        capacity,
        point,
        lower,
        upper,
        confidence,
        resamples,
        counts[0],
        counts[1],
        counts[2]);
  }

  /** Percentile interval of the values that are not NaN; NaN ends when every value is NaN. */
  private double[] interval(double[] values) {
    double[] defined = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    if (defined.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }

    return Percentiles.interval(defined, confidence);
  }
}
