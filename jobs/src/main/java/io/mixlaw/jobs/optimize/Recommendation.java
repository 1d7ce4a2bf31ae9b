package io.mixlaw.jobs.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.ModelScale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * A recommended mixture for a target model, with percentile intervals from the bootstrap.
 *
 * @param id recommendation id (hash of its inputs)
 * @param fitId fit it was computed from
 * @param law law name
 * @param target target model
 * @param capacity target capacity N under {@code capacityMeasure}
 * @param capacityMeasure capacity measure of the fit
 * @param parameterBasis what the parameter counts count
 * @param confidence interval level
 * @param domains weight and interval per training domain
 * @param predictedLoss point prediction of the weighted validation loss at the recommended mixture
 * @param predictedLossLo lower end of its interval
 * @param predictedLossHi upper end of its interval
 * @param bootstrapsUsed bootstrap fits used
 * @param bootstrapsExcluded bootstrap fits excluded for non-convergence
 * @param kktStationarity KKT stationarity residual of the point optimum
 * @param lawFitsVersion law_fits version read
 * @param runResultsVersion run_results version the fit used
 */
public record Recommendation(
    String id,
    String fitId,
    String law,
    ModelScale target,
    double capacity,
    String capacityMeasure,
    String parameterBasis,
    double confidence,
    List<DomainWeight> domains,
    double predictedLoss,
    double predictedLossLo,
    double predictedLossHi,
    int bootstrapsUsed,
    int bootstrapsExcluded,
    double kktStationarity,
    long lawFitsVersion,
    long runResultsVersion) {

  /**
   * One domain of the recommendation.
   *
   * @param domain training domain
   * @param weight recommended weight (point fit optimum)
   * @param lo lower percentile of the bootstrap optima
   * @param median median of the bootstrap optima
   * @param hi upper percentile of the bootstrap optima
   * @param lower configured lower bound
   * @param upper effective upper bound (configured bound and token availability)
   */
  public record DomainWeight(
      String domain, double weight, double lo, double median, double hi, double lower, double upper) {}

  /** Copies the domain list. */
  public Recommendation {
    domains = List.copyOf(domains);
  }

  Recommendation withId(String newId) {
    return new Recommendation(
        newId, fitId, law, target, capacity, capacityMeasure, parameterBasis, confidence, domains, predictedLoss,
        predictedLossLo, predictedLossHi, bootstrapsUsed, bootstrapsExcluded, kktStationarity, lawFitsVersion,
        runResultsVersion);
  }

  /** The recommendation as a JSON document. */
  public ObjectNode toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("recommendation_id", id);
    root.put("fit_id", fitId);
    root.put("law", law);
    ObjectNode targetNode = root.putObject("target");
    targetNode.put("label", target.label());
    targetNode.put("total_params", target.totalParams());
    targetNode.put("active_params", target.activeParams());
    targetNode.put("tokens", target.tokens());
    targetNode.put("capacity", capacity);
    targetNode.put("capacity_measure", capacityMeasure);
    targetNode.put("parameter_basis", parameterBasis);
    root.put("confidence", confidence);
    ObjectNode domainNode = root.putObject("domains");
    for (DomainWeight w : domains) {
      ObjectNode d = domainNode.putObject(w.domain());
      d.put("weight", w.weight());
      d.put("lo", w.lo());
      d.put("median", w.median());
      d.put("hi", w.hi());
      d.put("min", w.lower());
      d.put("max", w.upper());
    }
    ObjectNode loss = root.putObject("predicted_loss");
    loss.put("value", predictedLoss);
    loss.put("lo", predictedLossLo);
    loss.put("hi", predictedLossHi);
    ObjectNode bootstrap = root.putObject("bootstrap");
    bootstrap.put("used", bootstrapsUsed);
    bootstrap.put("excluded_not_converged", bootstrapsExcluded);
    root.put("kkt_stationarity", kktStationarity);
    ObjectNode inputs = root.putObject("inputs");
    inputs.put("law_fits_version", lawFitsVersion);
    inputs.put("run_results_version", runResultsVersion);
    return root;
  }

  /** Writes the JSON document atomically (temporary file, then rename). */
  public void writeJson(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, ".recommendation", ".json");
      String text =
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()) + "\n";
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot write the recommendation to " + file, "set optimize.output (or --output) to a writable path", e);
    }
  }

  /** A human-readable table of the recommendation. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    int pct = (int) Math.round(confidence * 100);
    out.append(String.format(Locale.ROOT,
        "Recommended mixture for %s (%.4g %s parameters, %s capacity %.4g, %.4g tokens), law %s, fit %s%n",
        target.label(), target.totalParams(), parameterBasis, capacityMeasure, capacity, target.tokens(), law, fitId));
    out.append(String.format(Locale.ROOT, "%-16s %8s %8s %8s %8s   (%d%% interval from %d bootstrap fits)%n",
        "domain", "weight", "lo", "median", "hi", pct, bootstrapsUsed));
    for (DomainWeight w : domains) {
      out.append(String.format(Locale.ROOT, "%-16s %8.4f %8.4f %8.4f %8.4f%n", w.domain(), w.weight(), w.lo(), w.median(), w.hi()));
    }
    out.append(String.format(Locale.ROOT, "predicted loss %.4f  [%.4f, %.4f]%n", predictedLoss, predictedLossLo, predictedLossHi));
    if (bootstrapsUsed == 0) {
      out.append("no bootstrap fits: the intervals above are the point estimate, not an uncertainty\n");
    }
    return out.toString();
  }
}
