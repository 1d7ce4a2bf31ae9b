package io.mixlaw.tokenization.shard;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a finished {@link MegatronShardWriter} wrote.
 *
 * @param bin the token file ({@code <prefix>.bin})
 * @param idx the index file ({@code <prefix>.idx})
 * @param dtype the token type
 * @param sequences the number of sequences in the index
 * @param documents the number of documents (the document index has one more entry)
 * @param tokens the number of tokens in the {@code .bin} file
 * @param binSha256 SHA-256 of the {@code .bin} file, lower-case hex
 * @param idxSha256 SHA-256 of the {@code .idx} file, lower-case hex
 */
public record ShardFiles(
    Path bin,
    Path idx,
    TokenDtype dtype,
    long sequences,
    long documents,
    long tokens,
    String binSha256,
    String idxSha256) {

  /** Validates that no field is missing and the counts are not negative. */
  public ShardFiles {
    Objects.requireNonNull(bin, "bin");
    Objects.requireNonNull(idx, "idx");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(binSha256, "binSha256");
    Objects.requireNonNull(idxSha256, "idxSha256");
    if (sequences < 0 || documents < 0 || tokens < 0) {
      throw new IllegalArgumentException(
          "shard counts must be >= 0, got sequences="
              + sequences
              + " documents="
              + documents
              + " tokens="
              + tokens);
    }
  }
}
