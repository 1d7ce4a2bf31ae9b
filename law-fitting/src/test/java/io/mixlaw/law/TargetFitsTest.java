package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TargetFitsTest {

  @Test
  void fitsEveryTargetInKeyOrder() {
    CamelFit truth = SyntheticLadder.truth(0, 0);
    SortedMap<String, List<Observation>> byTarget = new TreeMap<>();
    byTarget.put(
        "wiki",
        SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, 3));
    byTarget.put(
        "code",
        SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, 4));

    SortedMap<String, FittedLaw> fits = TargetFits.fitAll(CamelLaw.core(), byTarget);

    assertThat(fits.keySet()).containsExactly("code", "wiki");
    assertThat(fits.get("code")).isEqualTo(CamelLaw.core().fit(byTarget.get("code")));
    assertThat(fits.get("wiki")).isEqualTo(CamelLaw.core().fit(byTarget.get("wiki")));
  }

  @Test
  void namesTheTargetThatCannotBeFitted() {
    SortedMap<String, List<Observation>> byTarget = new TreeMap<>();
    byTarget.put("empty", List.of());

    assertThatThrownBy(() -> TargetFits.fitAll(CamelLaw.core(), byTarget))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot fit camel-core to target empty: observations must not be empty");
  }
}
