package io.mixlaw.tokenization.mix;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The documents a mixture draws, in their final shuffled order, and what each domain got.
 *
 * @param request the request the plan answers
 * @param allocations one entry per domain of the request, in domain order
 * @param documents the draws in shard order (shuffled across domains)
 */
public record MixPlan(
    MixtureRequest request, List<DomainAllocation> allocations, List<PlannedDocument> documents)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates the fields and takes unmodifiable copies of the lists. */
  public MixPlan {
    Objects.requireNonNull(request, "request");
    allocations = List.copyOf(allocations);
    documents = List.copyOf(documents);
  }

  /** Returns the tokens of all draws, end-of-document tokens included. */
  public long totalTokens() {
    return allocations.stream().mapToLong(DomainAllocation::realizedTokens).sum();
  }

  /** Returns the realized tokens per domain. */
  public SortedMap<String, Long> realizedTokens() {
    SortedMap<String, Long> realized = new TreeMap<>();
    for (DomainAllocation allocation : allocations) {
      realized.put(allocation.domain(), allocation.realizedTokens());
    }

    return realized;
  }

  /** Returns the allocation of a domain. */
  public DomainAllocation allocation(String domain) {
    return allocations.stream()
        .filter(a -> a.domain().equals(domain))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no domain " + domain + " in the plan"));
  }
}
