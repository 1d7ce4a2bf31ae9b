package io.mixlaw.law.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void findsEveryBaselineByItsName() {
    assertThat(Baselines.byName("chinchilla")).isInstanceOf(ChinchillaLaw.class);
    assertThat(Baselines.byName("data-mixing-law")).isInstanceOf(DataMixingLaw.class);
    assertThat(Baselines.byName("shukor-additive")).isInstanceOf(ShukorAdditiveLaw.class);
    assertThat(Baselines.byName(" Shukor-Joint ")).isInstanceOf(ShukorJointLaw.class);
    for (String name : Baselines.NAMES) {
      assertThat(Baselines.byName(name).name()).isEqualTo(name);
    }
  }

  @Test
  void rejectsUnknownNameListingTheKnownOnes() {
    assertThatThrownBy(() -> Baselines.byName("regmix"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown baseline law 'regmix'; expected one of [chinchilla, data-mixing-law,"
                + " shukor-additive, shukor-joint]");
  }
}
