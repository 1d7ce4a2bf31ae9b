package io.mixlaw.jobs.optimize;

import io.mixlaw.core.MixlawException;
import io.mixlaw.law.CamelFit;
import io.mixlaw.law.CamelLaw;
import io.mixlaw.law.FitDiagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** The CAMEL fits of one fit id, read back from {@code law_fits} and grouped by bootstrap index. */
final class StoredFits {

  private final String fitId;
  private final String law;
  private final List<String> domains;
  private final List<String> targets;
  private final SortedMap<Integer, SortedMap<String, CamelFit>> byIndex;

  private StoredFits(
      String fitId, String law, List<String> domains, List<String> targets, SortedMap<Integer, SortedMap<String, CamelFit>> byIndex) {
    this.fitId = fitId;
    this.law = law;
    this.domains = domains;
    this.targets = targets;
    this.byIndex = byIndex;
  }

  /** Rebuilds the fits from their law_fits rows. */
  static StoredFits of(String fitId, List<Row> rows) {
    SortedMap<Integer, SortedMap<String, CamelFit>> byIndex = new TreeMap<>();
    String law = null;
    List<String> domains = null;
    for (Row row : rows) {
      String rowLaw = row.getString(row.fieldIndex("law"));
      if (law == null) {
        law = rowLaw;
        domains = row.<String>getList(row.fieldIndex("domains"));
      }
      CamelLaw.Form form = switch (rowLaw) {
        case "camel" -> CamelLaw.Form.FULL;
        case "camel-core" -> CamelLaw.Form.CORE;
        default -> throw MixlawException.of(
            "fit " + fitId + " in law_fits uses the law '" + rowLaw + "'",
            "the optimize stage solves mixtures for the camel and camel-core laws",
            "fit with fit.law = camel or camel-core");
      };
      List<Double> values = row.getList(row.fieldIndex("parameters"));
      double[] parameters = values.stream().mapToDouble(Double::doubleValue).toArray();
      FitDiagnostics diagnostics =
          new FitDiagnostics(
              row.getInt(row.fieldIndex("observations")),
              row.getDouble(row.fieldIndex("rmse")),
              row.getDouble(row.fieldIndex("mae")),
              row.getDouble(row.fieldIndex("r2")),
              row.getDouble(row.fieldIndex("spearman")),
              row.getBoolean(row.fieldIndex("converged")),
              row.getInt(row.fieldIndex("iterations")),
              row.getInt(row.fieldIndex("evaluations")),
              row.getDouble(row.fieldIndex("cost")),
              row.getString(row.fieldIndex("message")));
      List<String> names = row.getList(row.fieldIndex("parameter_names"));
      CamelFit fit =
          camelFit(fitId, form, row.getDouble(row.fieldIndex("reference_capacity")), domains.size(), names,
              parameters, diagnostics);
      byIndex
          .computeIfAbsent(row.getInt(row.fieldIndex("bootstrap_index")), i -> new TreeMap<>())
          .put(row.getString(row.fieldIndex("target")), fit);
    }
    SortedMap<String, CamelFit> point = byIndex.get(0);
    if (point == null) {
      throw MixlawException.of(
          "fit " + fitId + " in law_fits has no point fit (bootstrap_index 0)",
          "the fit stage did not finish writing it",
          "rerun bin/mixlaw fit");
    }
    List<String> targets = List.copyOf(point.keySet());
    for (var entry : byIndex.entrySet()) {
      if (!entry.getValue().keySet().equals(point.keySet())) {
        throw MixlawException.of(
            "fit " + fitId + " in law_fits is incomplete at bootstrap index " + entry.getKey(),
            "it has targets " + entry.getValue().keySet() + " instead of " + point.keySet(),
            "rerun bin/mixlaw fit");
      }
    }
    return new StoredFits(fitId, law, List.copyOf(domains), targets, byIndex);
  }

  /** Rebuilds a CAMEL fit from its stored parameter names and values. */
  static CamelFit camelFit(
      String fitId, CamelLaw.Form form, double referenceCapacity, int domains, List<String> names, double[] values,
      FitDiagnostics diagnostics) {
    Map<String, Double> byName = new java.util.HashMap<>();
    for (int k = 0; k < names.size(); k++) {
      byName.put(names.get(k), values[k]);
    }
    if (byName.containsKey("B")) {
      throw MixlawException.of(
          "fit " + fitId + " has a training-token term",
          "the optimize stage solves mixtures at the target's capacity only",
          "fit without the token term");
    }
    double[] theta = new double[domains];
    double[] gamma = new double[domains];
    for (int j = 0; j < domains; j++) {
      theta[j] = required(byName, "theta[" + j + "]", fitId);
      gamma[j] = required(byName, "gamma[" + j + "]", fitId);
    }
    double e = required(byName, "E", fitId);
    double a = form == CamelLaw.Form.FULL ? required(byName, "A", fitId) : 0;
    double alpha = form == CamelLaw.Form.FULL ? required(byName, "alpha", fitId) : 0;
    boolean saturation = byName.containsKey("epsilon");
    double[] phi = new double[saturation ? domains : 0];
    for (int j = 0; j < phi.length; j++) {
      phi[j] = required(byName, "phi[" + j + "]", fitId);
    }
    return new CamelFit(
        form, referenceCapacity, e, a, alpha, theta, gamma, CamelLaw.DEFAULT_REFERENCE_TOKENS, 0, 0, new double[0],
        saturation ? byName.get("epsilon") : 0.0, phi, diagnostics);
  }

  private static double required(Map<String, Double> byName, String name, String fitId) {
    Double value = byName.get(name);
    if (value == null) {
      throw MixlawException.of(
          "fit " + fitId + " in law_fits lacks the parameter " + name,
          "its rows were not written by this version of mixlaw",
          "refit with bin/mixlaw fit");
    }
    return value;
  }

  String law() {
    return law;
  }

  List<String> domains() {
    return domains;
  }

  List<String> targets() {
    return targets;
  }

  /** Bootstrap indices 1..B present in the table. */
  List<Integer> bootstrapIndices() {
    return List.copyOf(byIndex.tailMap(1).keySet());
  }

  /** The fits of one index, in target order. */
  List<CamelFit> fits(int index) {
    return new ArrayList<>(byIndex.get(index).values());
  }

  /** Whether every target with a positive weight converged at this index. */
  boolean allConverged(int index, double[] targetWeights) {
    List<CamelFit> fits = fits(index);
    for (int t = 0; t < fits.size(); t++) {
      if (targetWeights[t] > 0 && !fits.get(t).diagnostics().converged()) {
        return false;
      }
    }
    return true;
  }

  /** Fails, naming the targets, when a weighted point fit did not converge. */
  void requireConvergedPointFit(double[] targetWeights) {
    List<String> failed = new ArrayList<>();
    Map<String, CamelFit> point = byIndex.get(0);
    for (int t = 0; t < targets.size(); t++) {
      CamelFit fit = point.get(targets.get(t));
      if (targetWeights[t] > 0 && !fit.diagnostics().converged()) {
        failed.add(targets.get(t) + " (" + fit.diagnostics().message() + ")");
      }
    }
    if (!failed.isEmpty()) {
      throw MixlawException.of(
          "the point fit " + fitId + " did not converge for targets " + failed,
          "a mixture optimised on a non-converged fit would be unreliable",
          "inspect law_fits for these targets; drop them from fit.targets or give them weight 0");
    }
  }
}
