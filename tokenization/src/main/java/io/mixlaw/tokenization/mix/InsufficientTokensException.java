package io.mixlaw.tokenization.mix;

import java.util.List;
import java.util.Locale;

/**
 * A mixture cannot be materialized: at least one domain has too few tokens for its target within
 * its epoch limit. The message lists every such domain with its shortfall and the ways out.
 */
public class InsufficientTokensException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<DomainShortfall> shortfalls;

  /** Creates the exception for a mixture and its short domains. */
  public InsufficientTokensException(
      String mixtureId, long budget, List<DomainShortfall> shortfalls) {
    super(message(mixtureId, budget, shortfalls));
    this.shortfalls = List.copyOf(shortfalls);
  }

  /** Returns the short domains, in domain order. */
  public List<DomainShortfall> shortfalls() {
    return shortfalls;
  }

  private static String message(String mixtureId, long budget, List<DomainShortfall> shortfalls) {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "mixture %s cannot be met with a budget of %,d tokens; %d domain(s) are short:",
                mixtureId,
                budget,
                shortfalls.size()));
    for (DomainShortfall s : shortfalls) {
      text.append(
          String.format(
              Locale.ROOT,
              "%n  %s: needs %,d tokens, has %,d tokens x %s epoch(s) = %,d allowed, short by %,d"
                  + " (would need %.2f epochs)",
              s.domain(),
              s.targetTokens(),
              s.availableTokens(),
              stripZeros(s.maxEpochs()),
              s.allowedTokens(),
              s.missingTokens(),
              s.requiredEpochs()));
    }

    text.append(
        String.format(
            Locale.ROOT,
            "%nRaise those domains' max epochs, lower the token budget, lower their weights, or add"
                + " documents to them."));
    return text.toString();
  }

  private static String stripZeros(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%d", (long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
