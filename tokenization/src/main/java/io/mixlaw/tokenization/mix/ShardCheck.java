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
 * @param counted whether the shard could be read, so that its tokens were counted; a shard with a
 *     wrong checksum or an unreadable file is not, and holds 0 tokens here
 */
public record ShardCheck(
    int shardIndex,
    String prefix,
    long tokens,
    SortedMap<String, Long> tokensByDomain,
    List<String> problems,
    boolean counted)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Takes unmodifiable copies; a shard that was not counted must name why. */
  public ShardCheck {
    Objects.requireNonNull(prefix, "prefix");
    tokensByDomain = Collections.unmodifiableSortedMap(new TreeMap<>(tokensByDomain));
    problems = List.copyOf(problems);
    if (!counted && problems.isEmpty()) {
      throw new IllegalArgumentException("shard " + prefix + " was not counted but has no problem");
    }
  }

  /** The check of a shard that was read and counted. */
  public ShardCheck(
      int shardIndex,
      String prefix,
      long tokens,
      SortedMap<String, Long> tokensByDomain,
      List<String> problems) {
    this(shardIndex, prefix, tokens, tokensByDomain, problems, true);
  }

  /** The check of a shard that could not be read, for the reasons given. */
  public static ShardCheck unread(int shardIndex, String prefix, List<String> problems) {
    return new ShardCheck(shardIndex, prefix, 0, new TreeMap<>(), problems, false);
  }

  /** Returns this check with further problems after its own. */
  public ShardCheck withMoreProblems(List<String> more) {
    List<String> all = new ArrayList<>(problems);
    all.addAll(more);
    return new ShardCheck(shardIndex, prefix, tokens, tokensByDomain, all, counted);
  }

  /** Returns true if no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
