package io.mixlaw.tokenization.mix;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One line of a shard's document map ({@code <prefix>.documents.jsonl}): which document run an
 * entry of the Megatron index holds.
 *
 * @param sequence the entry's number in the shard's index
 * @param domain the document's domain
 * @param documentId the document's id
 * @param epoch 0 for its first use, 1 for its first repetition, ...
 * @param offset the run's first token within the document
 * @param length the run's tokens
 * @param documentTokens the document's shard tokens (end-of-document token included); the run ends
 *     the document when {@code offset + length == documentTokens}
 */
public record ShardDocumentRecord(
    @JsonProperty("sequence") long sequence,
    @JsonProperty("domain") String domain,
    @JsonProperty("document_id") String documentId,
    @JsonProperty("epoch") int epoch,
    @JsonProperty("offset") int offset,
    @JsonProperty("length") int length,
    @JsonProperty("document_tokens") int documentTokens) {

  /** Validates the fields. */
  public ShardDocumentRecord {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(documentId, "documentId");
  }

  /** Returns true if the run holds the document's last token. */
  public boolean endsDocument() {
    return offset + length == documentTokens;
  }
}
