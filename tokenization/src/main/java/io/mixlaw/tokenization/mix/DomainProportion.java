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
 * @param unreadTokens the domain's tokens in shards that could not be read, as their description
 *     gives them; the true realized tokens lie between {@code realizedTokens} and that plus these
 */
public record DomainProportion(
    String domain,
    double requestedWeight,
    long targetTokens,
    long realizedTokens,
    double realizedShare,
    long toleranceTokens,
    long unreadTokens) {

  /** Validates the fields. */
  public DomainProportion {
    Objects.requireNonNull(domain, "domain");
    if (unreadTokens < 0) {
      throw new IllegalArgumentException("unreadTokens is " + unreadTokens + ", expected >= 0");
    }
  }

  /**
   * Returns true if the realized tokens are within one document of the target; with unread shards,
   * true if some count their tokens allow is.
   */
  public boolean withinTolerance() {
    return realizedTokens <= targetTokens + toleranceTokens
        && realizedTokens + unreadTokens >= targetTokens - toleranceTokens;
  }

  /** Whether every shard holding this domain was read, so that the realized tokens are exact. */
  public boolean exact() {
    return unreadTokens == 0;
  }
}
