package io.mixlaw.tokenization.mix;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The documents of one domain that a mixture may draw from: ids and token counts (the tokenizer's
 * output, without the end-of-document token), sorted by id so that the order never depends on how
 * the documents were read.
 *
 * @param domain the domain name
 * @param ids document ids, strictly increasing (so unique)
 * @param tokenCounts token count of each document, >= 0
 */
public record DomainDocuments(String domain, String[] ids, int[] tokenCounts) {

  /** Validates the arrays and takes private copies. */
  public DomainDocuments {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(tokenCounts, "tokenCounts");
    if (ids.length != tokenCounts.length) {
      throw new IllegalArgumentException(
          "domain "
              + domain
              + " has "
              + ids.length
              + " ids but "
              + tokenCounts.length
              + " token counts");
    }

    ids = ids.clone();
    tokenCounts = tokenCounts.clone();
    for (int i = 0; i < ids.length; i++) {
      Objects.requireNonNull(ids[i], "id " + i + " of domain " + domain);
      if (tokenCounts[i] < 0 || tokenCounts[i] == Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "document " + ids[i] + " of domain " + domain + " has token count " + tokenCounts[i]);
      }

      if (i > 0 && ids[i - 1].compareTo(ids[i]) >= 0) {
        throw new IllegalArgumentException(
            "the ids of domain "
                + domain
                + " must be strictly increasing; "
                + (ids[i - 1].equals(ids[i])
                    ? "duplicate id " + ids[i]
                    : ids[i - 1] + " >= " + ids[i])
                + " (use DomainDocuments.sorted to sort them)");
      }
    }
  }

  /**
   * Creates the documents of a domain from ids and counts in any order.
   *
   * @throws IllegalArgumentException if an id occurs twice
   */
  public static DomainDocuments sorted(String domain, String[] ids, int[] tokenCounts) {
    if (ids.length != tokenCounts.length) {
      throw new IllegalArgumentException(
          "domain " + domain + " has " + ids.length + " ids but " + tokenCounts.length + " counts");
    }

    Integer[] order = new Integer[ids.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing(i -> ids[i]));
    String[] sortedIds = new String[ids.length];
    int[] sortedCounts = new int[ids.length];
    for (int i = 0; i < order.length; i++) {
      sortedIds[i] = ids[order[i]];
      sortedCounts[i] = tokenCounts[order[i]];
    }

    return new DomainDocuments(domain, sortedIds, sortedCounts);
  }

  /** Returns a copy of the ids. */
  @Override
  public String[] ids() {
    return ids.clone();
  }

  /** Returns a copy of the token counts. */
  @Override
  public int[] tokenCounts() {
    return tokenCounts.clone();
  }

  /** Returns the number of documents. */
  public int size() {
    return ids.length;
  }

  /** Returns the id of document {@code i} (in id order). */
  public String id(int i) {
    return ids[i];
  }

  /** Returns the tokens document {@code i} takes in a shard: its count plus the end token. */
  public int shardTokens(int i) {
    return tokenCounts[i] + MixPlanner.END_OF_DOCUMENT_TOKENS;
  }

  /** Returns the tokens all documents take in a shard, end-of-document tokens included. */
  public long shardTokens() {
    long total = 0;
    for (int i = 0; i < ids.length; i++) {
      total += shardTokens(i);
    }

    return total;
  }

  /** Returns the shard tokens of the longest document, 0 if there is none. */
  public int maxShardTokens() {
    int max = 0;
    for (int i = 0; i < ids.length; i++) {
      max = Math.max(max, shardTokens(i));
    }

    return max;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DomainDocuments that
        && domain.equals(that.domain)
        && Arrays.equals(ids, that.ids)
        && Arrays.equals(tokenCounts, that.tokenCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domain, Arrays.hashCode(ids), Arrays.hashCode(tokenCounts));
  }

  @Override
  public String toString() {
    return "DomainDocuments[" + domain + ", documents=" + ids.length + "]";
  }
}
