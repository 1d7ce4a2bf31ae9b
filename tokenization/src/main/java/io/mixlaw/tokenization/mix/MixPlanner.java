package io.mixlaw.tokenization.mix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Draws whole documents per domain to each domain's exact token target and shuffles them across
 * domains.
 *
 * <p>Per domain, the documents (in id order) are shuffled with a seed derived from the request
 * seed, the domain and the pass, and taken first-fit: a document is drawn if it still fits under
 * the target, so the pass continues past a document that would overshoot to smaller ones after it.
 * When every document of a pass has been drawn and the target is still not reached, the next pass
 * begins with a new shuffle, up to the domain's epoch limit. A remaining gap is closed with one
 * more document (the shortest undrawn one of the last pass) when that brings the total closer to
 * the target without passing the epoch limit. The realized tokens are therefore within one document
 * of the target; a target smaller than half of every document gives 0 tokens.
 *
 * <p>Before drawing anything, every domain's target is checked against {@code floor(maxEpochs x
 * available tokens)}; if any domain falls short the planner throws {@link
 * InsufficientTokensException} listing all of them. All draws are then shuffled together
 * (Fisher-Yates with a seed derived from the request seed).
 */
public final class MixPlanner {

  /** End-of-document tokens each document carries in a shard. */
  public static final int END_OF_DOCUMENT_TOKENS = 1;

  private MixPlanner() {}

  /**
   * Plans a mixture.
   *
   * @param request weights, budget, seed and epoch limits
   * @param domains the documents of each domain; domains the request does not weigh are ignored,
   *     and a weighted domain that is missing counts as empty
   * @throws InsufficientTokensException if a domain cannot meet its target
   */
  public static MixPlan plan(MixtureRequest request, Collection<DomainDocuments> domains) {
    Objects.requireNonNull(request, "request");
    Map<String, DomainDocuments> byName = new HashMap<>();
    for (DomainDocuments documents : domains) {
      if (byName.put(documents.domain(), documents) != null) {
        throw new IllegalArgumentException("domain " + documents.domain() + " is given twice");
      }
    }

    SortedMap<String, Long> targets = request.targets();
    List<DomainShortfall> shortfalls = new ArrayList<>();
    for (Map.Entry<String, Long> target : targets.entrySet()) {
      DomainDocuments documents = documentsOf(byName, target.getKey());
      long available = documents.shardTokens();
      long allowed = allowedTokens(request.maxEpochsOf(target.getKey()), available);
      if (target.getValue() > allowed) {
        shortfalls.add(
            new DomainShortfall(
                target.getKey(),
                target.getValue(),
                available,
                request.maxEpochsOf(target.getKey()),
                allowed));
      }
    }

    if (!shortfalls.isEmpty()) {
      throw new InsufficientTokensException(request.mixtureId(), request.totalTokens(), shortfalls);
    }

    // Limitation: one object per draw; plans of ~10^8 documents need a big driver heap.
    List<PlannedDocument> draws = new ArrayList<>();
    List<DomainAllocation> allocations = new ArrayList<>();
    for (Map.Entry<String, Long> target : targets.entrySet()) {
      String domain = target.getKey();
      DomainDocuments documents = documentsOf(byName, domain);
      allocations.add(draw(request, domain, documents, target.getValue(), draws));
    }

    int[] order = new int[draws.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }

    new SplitMix64(SplitMix64.derive(request.seed(), "shuffle across domains", 0)).shuffle(order);
    List<PlannedDocument> shuffled = new ArrayList<>(draws.size());
    for (int position : order) {
      shuffled.add(draws.get(position));
    }

    return new MixPlan(request, allocations, shuffled);
  }

  private static DomainAllocation draw(
      MixtureRequest request,
      String domain,
      DomainDocuments documents,
      long target,
      List<PlannedDocument> draws) {
    double maxEpochs = request.maxEpochsOf(domain);
    long available = documents.shardTokens();
    long allowed = allowedTokens(maxEpochs, available);
    int n = documents.size();
    boolean[] drawnEver = new boolean[n];
    long realized = 0;
    long count = 0;
    int epochs = (int) Math.ceil(maxEpochs);
    int[] order = null;
    boolean[] drawnThisPass = null;
    int epoch = 0;
    for (; target > 0 && epoch < epochs; epoch++) {
      order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }

      new SplitMix64(SplitMix64.derive(request.seed(), domain, epoch)).shuffle(order);
      drawnThisPass = new boolean[n];
      boolean passExhausted = true;
      for (int i : order) {
        int tokens = documents.shardTokens(i);
        if (realized + tokens <= target) {
          realized += tokens;
          count++;
          drawnThisPass[i] = true;
          drawnEver[i] = true;
          draws.add(new PlannedDocument(domain, documents.id(i), epoch, tokens));
        } else {
          passExhausted = false;
        }
      }

      if (realized == target || !passExhausted) {
        break;
      }
    }

    long gap = target - realized;
    if (gap > 0 && order != null) {
      int shortest = -1;
      for (int i : order) {
        if (!drawnThisPass[i]
            && (shortest < 0 || documents.shardTokens(i) < documents.shardTokens(shortest))) {
          shortest = i;
        }
      }

      if (shortest >= 0) {
        int tokens = documents.shardTokens(shortest);
        if (tokens - gap < gap && realized + tokens <= allowed) {
          realized += tokens;
          count++;
          drawnEver[shortest] = true;
          draws.add(new PlannedDocument(domain, documents.id(shortest), epoch, tokens));
        }
      }
    }

    long distinct = 0;
    for (boolean drawn : drawnEver) {
      distinct += drawn ? 1 : 0;
    }

    return new DomainAllocation(
        domain,
        request.weights().get(domain),
        target,
        realized,
        count,
        distinct,
        available,
        maxEpochs,
        documents.maxShardTokens());
  }

  private static long allowedTokens(double maxEpochs, long available) {
    return (long) Math.floor(maxEpochs * available);
  }

  private static DomainDocuments documentsOf(Map<String, DomainDocuments> byName, String domain) {
    DomainDocuments documents = byName.get(domain);
    return documents != null ? documents : new DomainDocuments(domain, new String[0], new int[0]);
  }
}
