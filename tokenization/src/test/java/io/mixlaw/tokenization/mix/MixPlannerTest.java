package io.mixlaw.tokenization.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MixPlannerTest {

  /** Documents with token counts drawn uniformly from [min, max], ids doc-00000 ... */
  private static DomainDocuments documents(String domain, int count, int min, int max, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] ids = new String[count];
    int[] tokens = new int[count];
    for (int i = 0; i < count; i++) {
      ids[i] = String.format(Locale.ROOT, "%s-%05d", domain, i);
      tokens[i] = random.nextInt(min, max + 1);
    }

    return new DomainDocuments(domain, ids, tokens);
  }

  private static final List<DomainDocuments> CORPUS =
      List.of(
          documents("code", 300, 50, 3_000, 1),
          documents("english", 200, 500, 2_000, 2),
          documents("math", 800, 20, 400, 3));

  private static MixtureRequest request(Map<String, Double> weights, long budget, long seed) {
    return MixtureRequest.of("test-mix", weights, budget, seed);
  }

  @Test
  void targetsAreTheWeightsTimesTheBudgetRoundedToSumExactly() {
    MixtureRequest thirds = request(Map.of("b", 1 / 3.0, "a", 1 / 3.0, "c", 1 / 3.0), 100, 0);
    assertThat(thirds.targets())
        .containsExactly(Map.entry("a", 34L), Map.entry("b", 33L), Map.entry("c", 33L));

    MixtureRequest uneven = request(Map.of("x", 0.125, "y", 0.375, "z", 0.5), 1_000_003, 0);
    assertThat(uneven.targets())
        .containsExactly(
            Map.entry("x", 125_000L), Map.entry("y", 375_001L), Map.entry("z", 500_002L));
    assertThat(uneven.targets().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(1_000_003);
  }

  @Test
  void everyDomainLandsWithinOneDocumentOfItsTokenTarget() {
    MixtureRequest request = request(Map.of("code", 0.5, "english", 0.3, "math", 0.2), 250_000, 7);
    MixPlan plan = MixPlanner.plan(request, CORPUS);

    for (DomainAllocation allocation : plan.allocations()) {
      assertThat(allocation.withinOneDocument()).as(allocation.domain()).isTrue();
      long drawn =
          plan.documents().stream()
              .filter(d -> d.domain().equals(allocation.domain()))
              .mapToLong(PlannedDocument::shardTokens)
              .sum();
      assertThat(drawn).isEqualTo(allocation.realizedTokens());
    }

    // First-fit over a pass fills the target up to a gap smaller than any undrawn document.
    assertThat(plan.allocation("math").errorTokens()).isBetween(-21L, 401L);
    assertThat(plan.totalTokens()).isBetween(250_000L - 3_001 - 2_001 - 401, 250_000L + 3_001);
    assertThat(plan.allocation("code").documents())
        .isEqualTo(plan.allocation("code").distinctDocuments());
  }

  @Test
  void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOrder() {
    MixtureRequest request = request(Map.of("code", 0.4, "english", 0.4, "math", 0.2), 100_000, 11);
    MixPlan first = MixPlanner.plan(request, CORPUS);
    MixPlan again = MixPlanner.plan(request, List.of(CORPUS.get(2), CORPUS.get(0), CORPUS.get(1)));
    MixPlan other = MixPlanner.plan(request(request.weights(), 100_000, 12), CORPUS);

    assertThat(again).isEqualTo(first);
    assertThat(other.documents()).isNotEqualTo(first.documents());
  }

  @Test
  void documentsAreShuffledAcrossDomains() {
    MixPlan plan = MixPlanner.plan(request(Map.of("code", 0.5, "math", 0.5), 60_000, 3), CORPUS);
    int switches = 0;
    for (int i = 1; i < plan.documents().size(); i++) {
      if (!plan.documents().get(i).domain().equals(plan.documents().get(i - 1).domain())) {
        switches++;
      }
    }

    // Code draws are few (about 20) among many math draws (about 140): a shuffle puts nearly every
    // code draw between math draws, so the domain changes about twice per code draw.
    long code = plan.documents().stream().filter(d -> d.domain().equals("code")).count();
    assertThat(switches).isGreaterThan((int) code);
  }

  @Test
  void zeroWeightDomainsContributeNothingEvenWhenTheyHaveNoDocuments() {
    MixPlan plan =
        MixPlanner.plan(
            request(Map.of("code", 0.0, "english", 1.0, "missing", 0.0), 50_000, 5), CORPUS);

    assertThat(plan.documents()).allMatch(d -> d.domain().equals("english"));
    assertThat(plan.allocation("code").realizedTokens()).isZero();
    assertThat(plan.allocation("missing").realizedTokens()).isZero();
    assertThat(plan.allocation("english").withinOneDocument()).isTrue();
  }

  @Test
  void weightOneCanTakeAWholeDomainExactly() {
    long all = CORPUS.get(1).shardTokens();
    MixPlan plan = MixPlanner.plan(request(Map.of("english", 1.0), all, 9), CORPUS);

    assertThat(plan.totalTokens()).isEqualTo(all);
    assertThat(plan.documents()).hasSize(200);
    assertThat(plan.documents().stream().map(PlannedDocument::documentId).distinct()).hasSize(200);
  }

  @Test
  void aTargetBelowOneDocumentGivesTheCloserOfNothingAndOneDocument() {
    DomainDocuments big =
        new DomainDocuments("big", new String[] {"a", "b", "c"}, new int[] {299, 499, 999});
    DomainDocuments small = documents("small", 1_000, 10, 10, 4);

    // Target 10 tokens for "big": 0 tokens (off by 10) beats its shortest document (300, off by
    // 290).
    MixPlan tiny =
        MixPlanner.plan(
            request(Map.of("big", 0.001, "small", 0.999), 10_000, 1), List.of(big, small));
    assertThat(tiny.allocation("big").targetTokens()).isEqualTo(10);
    assertThat(tiny.allocation("big").realizedTokens()).isZero();
    assertThat(tiny.allocation("big").withinOneDocument()).isTrue();

    // Target 200 tokens: the 300-token document (off by 100) beats nothing (off by 200).
    MixPlan one =
        MixPlanner.plan(
            request(Map.of("big", 0.02, "small", 0.98), 10_000, 1), List.of(big, small));
    assertThat(one.allocation("big").realizedTokens()).isEqualTo(300);
    assertThat(one.documents())
        .filteredOn(d -> d.domain().equals("big"))
        .extracting(PlannedDocument::documentId)
        .containsExactly("a");
  }

  @Test
  void domainsRepeatUpToTheirEpochLimitAndNoFurther() {
    DomainDocuments math = CORPUS.get(2);
    long twice = 2 * math.shardTokens();
    MixtureRequest request =
        new MixtureRequest(
            "repeat",
            new TreeMap<>(Map.of("math", 1.0)),
            twice,
            21,
            new TreeMap<>(Map.of("math", 2.0)));
    MixPlan plan = MixPlanner.plan(request, List.of(math));

    assertThat(plan.totalTokens()).isEqualTo(twice);
    Map<String, List<Integer>> epochs =
        plan.documents().stream()
            .collect(
                Collectors.groupingBy(
                    PlannedDocument::documentId,
                    Collectors.mapping(PlannedDocument::epoch, Collectors.toList())));
    assertThat(epochs)
        .hasSize(800)
        .allSatisfy((id, uses) -> assertThat(uses).containsExactlyInAnyOrder(0, 1));

    MixtureRequest tooMuch =
        new MixtureRequest(
            "repeat",
            new TreeMap<>(Map.of("math", 1.0)),
            twice + 1,
            21,
            new TreeMap<>(Map.of("math", 2.0)));
    assertThatThrownBy(() -> MixPlanner.plan(tooMuch, List.of(math)))
        .isInstanceOf(InsufficientTokensException.class);
  }

  @Test
  void fractionalEpochLimitsCapTheTokensDrawn() {
    DomainDocuments english = CORPUS.get(1);
    long allowed = (long) Math.floor(1.5 * english.shardTokens());
    MixtureRequest request =
        new MixtureRequest(
            "half",
            new TreeMap<>(Map.of("english", 1.0)),
            allowed,
            8,
            new TreeMap<>(Map.of("english", 1.5)));
    MixPlan plan = MixPlanner.plan(request, List.of(english));

    DomainAllocation allocation = plan.allocation("english");
    assertThat(allocation.realizedTokens()).isLessThanOrEqualTo(allowed);
    assertThat(allocation.withinOneDocument()).isTrue();
    assertThat(allocation.epochsUsed()).isGreaterThan(1.49).isLessThanOrEqualTo(1.5);
    Map<String, Long> uses = new HashMap<>();
    plan.documents().forEach(d -> uses.merge(d.documentId(), 1L, Long::sum));
    assertThat(uses.values()).allMatch(n -> n == 1 || n == 2);
  }

  @Test
  void shortfallListsEveryShortDomainWithTheFix() {
    long code = CORPUS.get(0).shardTokens();
    long english = CORPUS.get(1).shardTokens();
    long math = CORPUS.get(2).shardTokens();
    MixtureRequest request =
        new MixtureRequest(
            "too-big",
            new TreeMap<>(Map.of("code", 0.5, "english", 0.25, "math", 0.25)),
            6 * code,
            1,
            new TreeMap<>(Map.of("code", 2.0, "english", 3.0)));
    long codeTarget = request.targets().get("code");
    long mathTarget = request.targets().get("math");
    assertThat(request.targets().get("english")).isLessThanOrEqualTo(3 * english);

    assertThatThrownBy(() -> MixPlanner.plan(request, CORPUS))
        .isInstanceOf(InsufficientTokensException.class)
        .hasMessage(
            String.format(
                Locale.ROOT,
                "mixture too-big cannot be met with a budget of %,d tokens; 2 domain(s) are"
                    + " short:%n  code: needs %,d tokens, has %,d tokens x 2 epoch(s) = %,d"
                    + " allowed, short by %,d (would need %.2f epochs)%n  math: needs %,d tokens,"
                    + " has %,d tokens x 1 epoch(s) = %,d allowed, short by %,d (would need %.2f"
                    + " epochs)%nRaise those domains' max epochs, lower the token budget, lower"
                    + " their weights, or add documents to them.",
                6 * code,
                codeTarget,
                code,
                2 * code,
                codeTarget - 2 * code,
                (double) codeTarget / code,
                mathTarget,
                math,
                math,
                mathTarget - math,
                (double) mathTarget / math))
        .extracting(e -> ((InsufficientTokensException) e).shortfalls())
        .satisfies(
            list ->
                assertThat(list)
                    .extracting(DomainShortfall::domain, DomainShortfall::missingTokens)
                    .containsExactly(
                        tuple("code", codeTarget - 2 * code), tuple("math", mathTarget - math)));
  }

  @Test
  void requestsAreValidated() {
    assertThatThrownBy(() -> request(Map.of("a", 0.5, "b", 0.4), 10, 0))
        .hasMessage("the weights of mixture test-mix sum to 0.9, not 1: {a=0.5, b=0.4}");
    assertThatThrownBy(() -> request(Map.of("a", 1.5, "b", -0.5), 10, 0))
        .hasMessage("the weight of domain a in mixture test-mix must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> request(Map.of("a", 1.0), 0, 0))
        .hasMessage("the token budget of mixture test-mix must be >= 1, got 0");
    assertThatThrownBy(
            () ->
                new MixtureRequest(
                    "m", new TreeMap<>(Map.of("a", 1.0)), 5, 0, new TreeMap<>(Map.of("a", 0.0))))
        .hasMessage("the epoch limit of domain a must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> new DomainDocuments("d", new String[] {"b", "a"}, new int[] {1, 2}))
        .hasMessage(
            "the ids of domain d must be strictly increasing; b >= a (use DomainDocuments.sorted to"
                + " sort them)");
    assertThatThrownBy(
            () -> DomainDocuments.sorted("d", new String[] {"b", "a", "b"}, new int[] {1, 2, 3}))
        .hasMessage(
            "the ids of domain d must be strictly increasing; duplicate id b (use"
                + " DomainDocuments.sorted to sort them)");
    assertThat(DomainDocuments.sorted("d", new String[] {"b", "a"}, new int[] {1, 2}).tokenCounts())
        .containsExactly(2, 1);
  }
}
