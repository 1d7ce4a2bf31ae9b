package io.mixlaw.tokenization.mix;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of checking one shard.
 *
 * @param shardIndex the shard's number
 * @param prefix the shard's file name without extension
 * @param tokens the tokens found in its {@code .bin} file
 * @param tokensByDomain the tokens per domain, counted from the index and the document map
 * @param problems what is wrong, empty if the shard is sound
 */
public record ShardCheck(
    int shardIndex,
    String prefix,
    long tokens,
    SortedMap<String, Long> tokensByDomain,
    List<String> problems)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Takes unmodifiable copies. */
  public ShardCheck {
    Objects.requireNonNull(prefix, "prefix");
    tokensByDomain = Collections.unmodifiableSortedMap(new TreeMap<>(tokensByDomain));
    problems = List.copyOf(problems);
  }

  /** Returns this check with further problems after its own. */
  public ShardCheck withMoreProblems(List<String> more) {
    List<String> all = new ArrayList<>(problems);
    all.addAll(more);
    return new ShardCheck(shardIndex, prefix, tokens, tokensByDomain, all);
  }

  /** Returns true if no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
