package io.mixlaw.tokenization.mix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The description of a written mixture, stored beside its shards as {@code <mixture>.mix.json}: the
 * request, the tokenizer, the layout, what each domain got, and every shard with its checksums. It
 * makes a shard folder self-describing for verification and for trainers.
 *
 * @param mixtureId the mixture
 * @param tokenizer the tokenizer's name
 * @param dtype the token type ({@code UINT16} or {@code INT32})
 * @param endOfDocumentToken the token that ends every document
 * @param sequenceLength tokens per packed sequence
 * @param sequencesPerShard packed sequences per shard
 * @param budgetTokens the requested token budget
 * @param seed the seed
 * @param weights the requested weights
 * @param maxEpochs the epoch limit of each weighted domain
 * @param allocations what each domain got
 * @param shards every shard, in order
 */
public record MixSummary(
    String mixtureId,
    String tokenizer,
    String dtype,
    int endOfDocumentToken,
    int sequenceLength,
    int sequencesPerShard,
    long budgetTokens,
    long seed,
    SortedMap<String, Double> weights,
    SortedMap<String, Double> maxEpochs,
    List<DomainAllocation> allocations,
    List<ShardManifestEntry> shards) {

  /** File name suffix of a mixture description. */
  public static final String FILE_SUFFIX = ".mix.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** Validates the fields and takes unmodifiable copies. */
  public MixSummary {
    Objects.requireNonNull(mixtureId, "mixtureId");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(dtype, "dtype");
    weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
    maxEpochs = Collections.unmodifiableSortedMap(new TreeMap<>(maxEpochs));
    allocations = List.copyOf(allocations);
    shards = List.copyOf(shards);
  }

  /** Describes a plan written with the given tokenizer name, token type and layout. */
  public static MixSummary of(
      MixPlan plan,
      String tokenizer,
      String dtype,
      int endOfDocumentToken,
      int sequenceLength,
      int sequencesPerShard,
      List<ShardManifestEntry> shards) {
    MixtureRequest request = plan.request();
    SortedMap<String, Double> epochs = new TreeMap<>();
    for (String domain : request.weights().keySet()) {
      epochs.put(domain, request.maxEpochsOf(domain));
    }

    return new MixSummary(
        request.mixtureId(),
        tokenizer,
        dtype,
        endOfDocumentToken,
        sequenceLength,
        sequencesPerShard,
        request.totalTokens(),
        request.seed(),
        request.weights(),
        epochs,
        plan.allocations(),
        shards);
  }

  /** Returns the file a mixture's description is stored in. */
  public static Path file(Path directory, String mixtureId) {
    return directory.resolve(MixtureShardWriter.fileName(mixtureId) + FILE_SUFFIX);
  }

  /** Returns the request this mixture answered, rebuilt from its weights, budget and seed. */
  public MixtureRequest request() {
    return new MixtureRequest(mixtureId, weights, budgetTokens, seed, maxEpochs);
  }

  /** Writes the description into the shard folder (atomically) and returns the file. */
  public Path write(Path directory) {
    Path target = file(directory, mixtureId);
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      Files.createDirectories(directory);
      Files.write(partial, JSON.writeValueAsBytes(this));
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the mixture description " + target, e);
    }
  }

  /**
   * Reads a mixture description.
   *
   * @throws UncheckedIOException if the file is missing or not a description
   */
  public static MixSummary read(Path file) {
    try {
      return JSON.readValue(file.toFile(), MixSummary.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the mixture description " + file + ": " + e.getMessage(), e);
    }
  }
}
