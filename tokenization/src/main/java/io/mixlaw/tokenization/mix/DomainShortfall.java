package io.mixlaw.tokenization.mix;

import java.util.Objects;

/**
 * A domain whose token target exceeds what its epoch limit allows.
 *
 * @param domain the domain
 * @param targetTokens its token target
 * @param availableTokens its tokens in one epoch (end-of-document tokens included)
 * @param maxEpochs its epoch limit
 * @param allowedTokens the most tokens the epoch limit allows
 */
public record DomainShortfall(
    String domain, long targetTokens, long availableTokens, double maxEpochs, long allowedTokens) {

  /** Validates the fields. */
  public DomainShortfall {
    Objects.requireNonNull(domain, "domain");
  }

  /** Returns how many tokens are missing. */
  public long missingTokens() {
    return targetTokens - allowedTokens;
  }

  /** Returns the epoch limit that would meet the target. */
  public double requiredEpochs() {
    return availableTokens == 0
        ? Double.POSITIVE_INFINITY
        : (double) targetTokens / availableTokens;
  }
}
