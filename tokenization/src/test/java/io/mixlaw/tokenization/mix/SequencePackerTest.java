package io.mixlaw.tokenization.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequencePackerTest {

  @Test
  void documentsAreConcatenatedAndCutEverySequenceLength() {
    List<PackedSequence> sequences = SequencePacker.pack(new int[] {5, 3, 4}, 4);

    assertThat(sequences)
        .containsExactly(
            new PackedSequence(0, List.of(new DocumentPiece(0, 0, 4, false))),
            new PackedSequence(
                1, List.of(new DocumentPiece(0, 4, 1, true), new DocumentPiece(1, 0, 3, true))),
            new PackedSequence(2, List.of(new DocumentPiece(2, 0, 4, true))));
    assertThat(sequences).extracting(PackedSequence::tokens).containsExactly(4, 4, 4);
  }

  @Test
  void aDocumentLongerThanSeveralSequencesSpansThemAndTheLastSequenceMayBeShort() {
    List<PackedSequence> sequences = SequencePacker.pack(new int[] {2, 9}, 4);

    assertThat(sequences)
        .containsExactly(
            new PackedSequence(
                0, List.of(new DocumentPiece(0, 0, 2, true), new DocumentPiece(1, 0, 2, false))),
            new PackedSequence(1, List.of(new DocumentPiece(1, 2, 4, false))),
            new PackedSequence(2, List.of(new DocumentPiece(1, 6, 3, true))));
    assertThatThrownBy(() -> SequencePacker.pack(new int[] {1}, 0))
        .hasMessage("sequence length must be >= 1, got 0");
    assertThatThrownBy(() -> SequencePacker.pack(new int[] {3, 0}, 4))
        .hasMessage("document 1 has 0 shard tokens; at least 1 is required");
  }

  @Test
  void shardsHoldWholeSequencesAndCutADocumentOnlyAtTheirBoundary() {
    MixPlan plan =
        new MixPlan(
            MixtureRequest.of("m", Map.of("d", 1.0), 12, 0),
            List.of(),
            List.of(
                new PlannedDocument("d", "a", 0, 5),
                new PlannedDocument("d", "b", 0, 3),
                new PlannedDocument("d", "c", 0, 4)));

    List<ShardSpec> shards = ShardLayout.of(plan, 4, 2);

    assertThat(shards)
        .containsExactly(
            new ShardSpec(
                0,
                0,
                2,
                List.of(new DocumentPiece(0, 0, 5, true), new DocumentPiece(1, 0, 3, true))),
            new ShardSpec(1, 2, 1, List.of(new DocumentPiece(2, 0, 4, true))));

    List<ShardSpec> cut = ShardLayout.of(plan, 3, 1);
    assertThat(cut)
        .extracting(ShardSpec::pieces)
        .containsExactly(
            List.of(new DocumentPiece(0, 0, 3, false)),
            List.of(new DocumentPiece(0, 3, 2, true), new DocumentPiece(1, 0, 1, false)),
            List.of(new DocumentPiece(1, 1, 2, true), new DocumentPiece(2, 0, 1, false)),
            List.of(new DocumentPiece(2, 1, 3, true)));
    assertThat(cut).extracting(ShardSpec::tokens).containsExactly(3L, 3L, 3L, 3L);
    assertThat(ShardLayout.of(new MixPlan(plan.request(), List.of(), List.of()), 4, 2)).isEmpty();
  }
}
