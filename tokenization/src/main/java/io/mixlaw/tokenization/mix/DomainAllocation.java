package io.mixlaw.tokenization.mix;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a plan draws from one domain.
 *
 * @param domain the domain
 * @param weight its requested weight
 * @param targetTokens its token target (weight times budget, rounded)
 * @param realizedTokens the tokens of the documents drawn, end-of-document tokens included
 * @param documents the number of draws (a repeated document counts once per draw)
 * @param distinctDocuments the number of different documents drawn
 * @param availableTokens the shard tokens of all the domain's documents (one epoch)
 * @param maxEpochs the epoch limit applied
 * @param maxDocumentTokens the shard tokens of the domain's longest document; the realized tokens
 *     are within this of the target
 */
public record DomainAllocation(
    String domain,
    double weight,
    long targetTokens,
    long realizedTokens,
    long documents,
    long distinctDocuments,
    long availableTokens,
    double maxEpochs,
    int maxDocumentTokens)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates the fields. */
  public DomainAllocation {
    Objects.requireNonNull(domain, "domain");
    if (targetTokens < 0 || realizedTokens < 0 || documents < 0 || availableTokens < 0) {
      throw new IllegalArgumentException("negative count in the allocation of " + domain);
    }
  }

  /** Returns realized minus target tokens. */
  public long errorTokens() {
    return realizedTokens - targetTokens;
  }

  /** Returns the passes over the domain's tokens that were used (realized / available). */
  public double epochsUsed() {
    return availableTokens == 0 ? 0 : (double) realizedTokens / availableTokens;
  }

  /** Returns true if the realized tokens are within one (longest) document of the target. */
  public boolean withinOneDocument() {
    return Math.abs(errorTokens()) <= maxDocumentTokens;
  }
}
