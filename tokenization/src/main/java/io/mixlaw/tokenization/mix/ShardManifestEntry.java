package io.mixlaw.tokenization.mix;

import java.io.Serializable;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One shard as written: where it is, what it holds per domain, and its checksums.
 *
 * @param mixtureId the mixture the shard belongs to
 * @param shardIndex the shard's number, from 0
 * @param prefix the shard's file name without extension ({@code <prefix>.bin}, {@code
 *     <prefix>.idx}, {@code <prefix>.documents.jsonl})
 * @param dtype the token type ({@code UINT16} or {@code INT32})
 * @param firstSequence the number of its first packed sequence in the mixture
 * @param sequences the packed sequences it holds
 * @param sequenceLength tokens per packed sequence
 * @param tokens tokens in the shard, end-of-document tokens included
 * @param pieces entries of the Megatron index (document runs)
 * @param tokensByDomain tokens per domain
 * @param documentsByDomain documents per domain that start in this shard (a repeated document
 *     counts once per draw)
 * @param binSha256 SHA-256 of the {@code .bin} file
 * @param idxSha256 SHA-256 of the {@code .idx} file
 * @param documentMapSha256 SHA-256 of the {@code .documents.jsonl} file
 */
public record ShardManifestEntry(
    String mixtureId,
    int shardIndex,
    String prefix,
    String dtype,
    long firstSequence,
    int sequences,
    int sequenceLength,
    long tokens,
    long pieces,
    SortedMap<String, Long> tokensByDomain,
    SortedMap<String, Long> documentsByDomain,
    String binSha256,
    String idxSha256,
    String documentMapSha256)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates the fields and takes sorted, unmodifiable copies of the maps. */
  public ShardManifestEntry {
    Objects.requireNonNull(mixtureId, "mixtureId");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(binSha256, "binSha256");
    Objects.requireNonNull(idxSha256, "idxSha256");
    Objects.requireNonNull(documentMapSha256, "documentMapSha256");
    tokensByDomain = Collections.unmodifiableSortedMap(new TreeMap<>(tokensByDomain));
    documentsByDomain = Collections.unmodifiableSortedMap(new TreeMap<>(documentsByDomain));
  }

  /** Returns the number of documents that start in this shard. */
  public long documents() {
    return documentsByDomain.values().stream().mapToLong(Long::longValue).sum();
  }
}
