package io.mixlaw.core.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link EvalRecordValidator} checks records against.
 *
 * @param trainingDomains the configured training domains; a mixture naming another domain is
 *     rejected, and accepted mixtures get weight 0 for configured domains they leave out. Empty
 *     means any domain is accepted and mixtures are kept as they are
 * @param weightTolerance how far the weights of a mixture may sum from 1 and still be accepted;
 *     finite and at least 0
 */
public record ValidationOptions(List<String> trainingDomains, double weightTolerance) {

  /** Copies the domains and checks the tolerance. */
  public ValidationOptions {
    trainingDomains = List.copyOf(trainingDomains);
    Set<String> seen = new HashSet<>();
    for (String domain : trainingDomains) {
      if (!seen.add(domain)) {
        throw new IllegalArgumentException(
            "domain '" + domain + "' is listed twice in " + trainingDomains);
      }
    }
    if (!(weightTolerance >= 0) || Double.isInfinite(weightTolerance)) {
      throw new IllegalArgumentException(
          "weightTolerance must be finite and at least 0, got " + weightTolerance);
    }
  }

  /** The domains and weight tolerance of a source. */
  public static ValidationOptions of(SourceOptions options) {
    Objects.requireNonNull(options, "options");
    return new ValidationOptions(options.domains(), options.weightTolerance());
  }

  /** Any domain, {@link SourceOptions#DEFAULT_WEIGHT_TOLERANCE}. */
  public static ValidationOptions defaults() {
    return new ValidationOptions(List.of(), SourceOptions.DEFAULT_WEIGHT_TOLERANCE);
  }
}
