package io.mixlaw.tokenization.mix;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What to materialize: a mixture's domain weights, the total token budget, the seed, and how many
 * times each domain may be repeated.
 *
 * @param mixtureId identifier of the mixture, used in file names and the manifest
 * @param weights token proportion per domain, each in [0, 1], summing to 1 within {@link
 *     #WEIGHT_SUM_TOLERANCE}
 * @param totalTokens the token budget of all shards together (end-of-document tokens included), at
 *     least 1
 * @param seed the seed of every random choice; the same seed gives the same bytes
 * @param maxEpochs per domain, how many passes over its tokens are allowed (for example 1.0 for no
 *     repetition, 2.5 for two and a half passes); domains without an entry get {@link
 *     #DEFAULT_MAX_EPOCHS}
 */
public record MixtureRequest(
    String mixtureId,
    SortedMap<String, Double> weights,
    long totalTokens,
    long seed,
    SortedMap<String, Double> maxEpochs)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How far the weights may sum from 1 (they are then normalized). */
  public static final double WEIGHT_SUM_TOLERANCE = 1e-6;

  /** The epoch limit of a domain that the request does not mention: no repetition. */
  public static final double DEFAULT_MAX_EPOCHS = 1.0;

  /** The seed used when the configuration names none. */
  public static final long DEFAULT_SEED = 1234L;

  /** Validates the fields and takes sorted, unmodifiable copies of the maps. */
  public MixtureRequest {
    Objects.requireNonNull(mixtureId, "mixtureId");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(maxEpochs, "maxEpochs");
    if (mixtureId.isBlank()) {
      throw new IllegalArgumentException("the mixture id must not be blank");
    }

    if (weights.isEmpty()) {
      throw new IllegalArgumentException("mixture " + mixtureId + " has no domain weights");
    }

    if (totalTokens < 1) {
      throw new IllegalArgumentException(
          "the token budget of mixture " + mixtureId + " must be >= 1, got " + totalTokens);
    }

    double sum = 0;
    for (Map.Entry<String, Double> weight : weights.entrySet()) {
      double w = Objects.requireNonNull(weight.getValue(), "weight of " + weight.getKey());
      if (!(w >= 0 && w <= 1)) {
        throw new IllegalArgumentException(
            "the weight of domain "
                + weight.getKey()
                + " in mixture "
                + mixtureId
                + " must be in [0, 1], got "
                + w);
      }

      sum += w;
    }

    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      throw new IllegalArgumentException(
          "the weights of mixture " + mixtureId + " sum to " + sum + ", not 1: " + weights);
    }

    for (Map.Entry<String, Double> epochs : maxEpochs.entrySet()) {
      double e = Objects.requireNonNull(epochs.getValue(), "max epochs of " + epochs.getKey());
      if (!(e > 0) || Double.isInfinite(e)) {
        throw new IllegalArgumentException(
            "the epoch limit of domain " + epochs.getKey() + " must be finite and > 0, got " + e);
      }
    }

    weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
    maxEpochs = Collections.unmodifiableSortedMap(new TreeMap<>(maxEpochs));
  }

  /** Creates a request in which every domain has the default epoch limit. */
  public static MixtureRequest of(
      String mixtureId, Map<String, Double> weights, long totalTokens, long seed) {
    return new MixtureRequest(
        mixtureId, new TreeMap<>(weights), totalTokens, seed, new TreeMap<>());
  }

  /** Returns the epoch limit of a domain. */
  public double maxEpochsOf(String domain) {
    return maxEpochs.getOrDefault(domain, DEFAULT_MAX_EPOCHS);
  }

  /**
   * Returns each domain's token target: its normalized weight times the budget, rounded by the
   * largest-remainder method so that the targets add up to the budget exactly (ties go to the
   * domain that sorts first). A domain of weight 0 always gets 0.
   */
  public SortedMap<String, Long> targets() {
    double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    SortedMap<String, Long> targets = new TreeMap<>();
    Map<String, Double> remainders = new TreeMap<>();
    long assigned = 0;
    for (Map.Entry<String, Double> weight : weights.entrySet()) {
      double exact = weight.getValue() / sum * totalTokens;
      long floor = (long) Math.floor(exact);
      targets.put(weight.getKey(), floor);
      assigned += floor;
      if (weight.getValue() > 0) {
        remainders.put(weight.getKey(), exact - floor);
      }
    }

    long left = totalTokens - assigned;
    var order =
        remainders.entrySet().stream()
            .sorted(
                (a, b) -> {
                  int byRemainder = Double.compare(b.getValue(), a.getValue());
                  return byRemainder != 0 ? byRemainder : a.getKey().compareTo(b.getKey());
                })
            .map(Map.Entry::getKey)
            .toList();
    for (int i = 0; left > 0 && !order.isEmpty(); i = (i + 1) % order.size()) {
      targets.merge(order.get(i), 1L, Long::sum);
      left--;
    }

    return Collections.unmodifiableSortedMap(targets);
  }
}
