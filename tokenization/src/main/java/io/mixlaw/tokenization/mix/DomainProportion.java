package io.mixlaw.tokenization.mix;

import java.util.Objects;

/**
 * A domain's realized share of a written mixture against the request.
 *
 * @param domain the domain
 * @param requestedWeight the requested weight
 * @param targetTokens the token target derived from the weight and the budget
 * @param realizedTokens the tokens found in the shards
 * @param realizedShare realized tokens over all tokens in the shards
 * @param toleranceTokens one document: the shard tokens of the domain's longest document
 */
public record DomainProportion(
    String domain,
    double requestedWeight,
    long targetTokens,
    long realizedTokens,
    double realizedShare,
    long toleranceTokens) {

  /** Validates the fields. */
  public DomainProportion {
    Objects.requireNonNull(domain, "domain");
  }

  /** Returns true if the realized tokens are within one document of the target. */
  public boolean withinTolerance() {
    return Math.abs(realizedTokens - targetTokens) <= toleranceTokens;
  }
}
