package io.mixlaw.jobs.fit;

import io.mixlaw.core.MixlawException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/** Builds the input of a fit from {@code run_results} rows and the fit settings. */
final class FitInputs {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FitInputs.class);

  private FitInputs() {}

  /** One evaluation of a run, as read from run_results. */
  record Evaluation(
      String runId,
      String target,
      long tokens,
      Long step,
      String scale,
      long totalParams,
      long activeParams,
      Map<String, Double> mixture,
      double value) {

    static Evaluation of(Row row) {
      Map<String, Double> mixture = new TreeMap<>(row.<String, Double>getJavaMap(row.fieldIndex("mixture")));
      int stepIndex = row.fieldIndex("step");
      return new Evaluation(
          row.getString(row.fieldIndex("run_id")),
          row.getString(row.fieldIndex("target")),
          row.getLong(row.fieldIndex("tokens")),
          row.isNullAt(stepIndex) ? null : row.getLong(stepIndex),
          row.getString(row.fieldIndex("scale")),
          row.getLong(row.fieldIndex("total_params")),
          row.getLong(row.fieldIndex("active_params")),
          mixture,
          row.getDouble(row.fieldIndex("value")));
    }
  }

  /**
   * Selects one evaluation point per run and assembles the observations.
   *
   * @param evaluations run_results rows already filtered to the metric
   * @param settings fit settings
   * @throws MixlawException if nothing is left to fit or a mixture names an unknown domain
   */
  static FitInput build(List<Evaluation> evaluations, FitSettings settings) {
    List<Evaluation> inScope = new ArrayList<>();
    for (Evaluation e : evaluations) {
      if (!settings.scales().isEmpty() && !settings.scales().contains(e.scale())) {
        continue;
      }
      if (!settings.targets().isEmpty() && !settings.targets().contains(e.target())) {
        continue;
      }
      inScope.add(e);
    }
    if (inScope.isEmpty()) {
      throw MixlawException.of(
          "run_results has no " + settings.metric() + " evaluations for the fit",
          "fit.targets=" + settings.targets() + ", fit.scales=" + settings.scales()
              + " select nothing, or ingest has not run",
          "run bin/mixlaw ingest first, or widen fit.targets / fit.scales");
    }

    List<String> targets = settings.targets().isEmpty() ? sortedTargets(inScope) : settings.targets();
    List<String> domains = settings.domains().isEmpty() ? sortedDomains(inScope) : settings.domains();

    SortedMap<String, List<Evaluation>> byRun = new TreeMap<>();
    for (Evaluation e : inScope) {
      byRun.computeIfAbsent(e.runId(), r -> new ArrayList<>()).add(e);
    }

    List<FitInput.Run> runs = new ArrayList<>();
    for (var entry : byRun.entrySet()) {
      Long tokens = selectTokens(entry.getValue(), settings.selection(), targets);
      if (tokens == null) {
        continue;
      }
      runs.add(toRun(entry.getKey(), entry.getValue(), tokens, targets, domains, settings));
    }
    if (runs.isEmpty()) {
      throw MixlawException.of(
          "no run has an evaluation at " + settings.selection().describe(),
          "the selected step or token count is not in run_results",
          "choose another fit.selection (e.g. mode = final) or check the ingested steps");
    }
    return withoutUntrainedDomains(new FitInput(domains, targets, runs));
  }

  /**
   * Leaves out the domains that no run trains on: the law cannot learn their effect, and an
   * optimizer given them would extrapolate their coefficients freely.
   */
  static FitInput withoutUntrainedDomains(FitInput input) {
    List<String> domains = input.domains();
    List<Integer> kept = new ArrayList<>();
    List<String> untrained = new ArrayList<>();
    for (int j = 0; j < domains.size(); j++) {
      boolean trained = false;
      for (FitInput.Run run : input.runs()) {
        trained |= run.weights()[j] > 0;
      }
      if (trained) {
        kept.add(j);
      } else {
        untrained.add(domains.get(j));
      }
    }
    if (untrained.isEmpty()) {
      return input;
    }
    if (kept.isEmpty()) {
      throw MixlawException.of(
          "no run trains on any of the domains " + domains, "every mixture weight is 0", "check the ingested mixtures");
    }
    LOG.warn(
        "Domains {} have weight 0 in every run; they are left out of the fit and get no weight in recommendations",
        untrained);
    List<String> keptNames = kept.stream().map(domains::get).toList();
    List<FitInput.Run> runs = new ArrayList<>();
    for (FitInput.Run run : input.runs()) {
      double[] all = run.weights();
      double[] weights = new double[kept.size()];
      for (int k = 0; k < kept.size(); k++) {
        weights[k] = all[kept.get(k)];
      }
      runs.add(new FitInput.Run(run.runId(), run.scale(), run.capacity(), run.tokens(), weights, run.losses()));
    }
    return new FitInput(keptNames, input.targets(), runs);
  }

  private static Long selectTokens(List<Evaluation> rows, FitSettings.Selection selection, List<String> targets) {
    switch (selection.mode()) {
      case "step" -> {
        return rows.stream()
            .filter(e -> e.step() != null && e.step() == selection.step())
            .map(Evaluation::tokens)
            .findFirst()
            .orElse(null);
      }
      case "tokens" -> {
        return rows.stream().anyMatch(e -> e.tokens() == selection.tokens()) ? selection.tokens() : null;
      }
      default -> {
        Map<Long, Set<String>> targetsAt = new HashMap<>();
        for (Evaluation e : rows) {
          targetsAt.computeIfAbsent(e.tokens(), t -> new java.util.HashSet<>()).add(e.target());
        }
        return targetsAt.entrySet().stream()
            .filter(t -> t.getValue().containsAll(targets))
            .map(Map.Entry::getKey)
            .max(Long::compare)
            .orElse(null);
      }
    }
  }

  private static FitInput.Run toRun(
      String runId, List<Evaluation> rows, long tokens, List<String> targets, List<String> domains, FitSettings settings) {
    Evaluation first = rows.get(0);
    double[] weights = new double[domains.size()];
    for (var weight : first.mixture().entrySet()) {
      int j = domains.indexOf(weight.getKey());
      if (j < 0) {
        if (weight.getValue() != 0) {
          throw MixlawException.of(
              "run " + runId + " trains on domain '" + weight.getKey() + "'",
              "it is not in mixlaw.domains " + domains,
              "add it to mixlaw.domains or leave mixlaw.domains empty to take the domains from the data");
        }
        continue;
      }
      weights[j] = weight.getValue();
    }
    double[] losses = new double[targets.size()];
    java.util.Arrays.fill(losses, Double.NaN);
    for (Evaluation e : rows) {
      int t = targets.indexOf(e.target());
      if (t >= 0 && e.tokens() == tokens) {
        losses[t] = e.value();
      }
    }
    double capacity =
        settings.capacityMeasure().capacity(first.totalParams(), first.activeParams(), settings.capacityBlend());
    return new FitInput.Run(runId, first.scale(), capacity, tokens, weights, losses);
  }

  private static List<String> sortedTargets(List<Evaluation> rows) {
    SortedSet<String> names = new TreeSet<>();
    rows.forEach(e -> names.add(e.target()));
    return List.copyOf(names);
  }

  private static List<String> sortedDomains(List<Evaluation> rows) {
    Set<String> names = new TreeSet<>();
    rows.forEach(e -> names.addAll(e.mixture().keySet()));
    return List.copyOf(new LinkedHashSet<>(names));
  }
}
