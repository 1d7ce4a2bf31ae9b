package io.mixlaw.tokenization.mix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The result of verifying a written mixture: every shard's check and every domain's realized
 * proportion.
 *
 * @param mixtureId the mixture
 * @param shards one check per shard listed in the description
 * @param proportions one row per requested domain
 * @param totalTokens the tokens found in all shards
 * @param problems problems of the mixture as a whole (for example a missing shard)
 */
public record MixVerification(
    String mixtureId,
    List<ShardCheck> shards,
    List<DomainProportion> proportions,
    long totalTokens,
    List<String> problems) {

  /** Takes unmodifiable copies. */
  public MixVerification {
    Objects.requireNonNull(mixtureId, "mixtureId");
    shards = List.copyOf(shards);
    proportions = List.copyOf(proportions);
    problems = List.copyOf(problems);
  }

  /** Returns true if every shard is sound and every domain is within one document. */
  public boolean ok() {
    return allProblems().isEmpty();
  }

  /** Returns every problem: the mixture's, each shard's, and each domain off its target. */
  public List<String> allProblems() {
    List<String> all = new ArrayList<>(problems);
    for (ShardCheck shard : shards) {
      for (String problem : shard.problems()) {
        all.add(shard.prefix() + ": " + problem);
      }
    }

    for (DomainProportion p : proportions) {
      if (!p.withinTolerance()) {
        all.add(
            String.format(
                Locale.ROOT,
                "domain %s: %,d tokens realized%s for a target of %,d, off by more than one"
                    + " document (%,d tokens)",
                p.domain(),
                p.realizedTokens(),
                p.exact()
                    ? ""
                    : String.format(
                        Locale.ROOT, " (and at most %,d in unread shards)", p.unreadTokens()),
                p.targetTokens(),
                p.toleranceTokens()));
      }
    }

    return all;
  }
}
