package io.mixlaw.tokenization.mix;

import java.io.Serializable;
import java.util.Objects;

/**
 * One draw of a document into a mixture.
 *
 * @param domain the document's domain
 * @param documentId the document's id
 * @param epoch 0 for its first use, 1 for its first repetition, ...
 * @param shardTokens the tokens it takes in a shard (its count plus the end-of-document token)
 */
public record PlannedDocument(String domain, String documentId, int epoch, int shardTokens)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates the fields. */
  public PlannedDocument {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(documentId, "documentId");
    if (epoch < 0 || shardTokens < 1) {
      throw new IllegalArgumentException(
          "document "
              + documentId
              + ": epoch must be >= 0 and shard tokens >= 1, got "
              + epoch
              + ", "
              + shardTokens);
    }
  }
}
