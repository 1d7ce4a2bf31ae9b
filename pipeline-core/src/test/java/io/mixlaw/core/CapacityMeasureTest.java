package io.mixlaw.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CapacityMeasureTest {

  @Test
  void geometricBlendIsTheWeightedGeometricMean() {
    // 8e9 total, 2e9 active, k = 0.5: sqrt(8e9 * 2e9) = 4e9.
    assertThat(CapacityMeasure.GEOMETRIC.capacity(8e9, 2e9, 0.5)).isCloseTo(4e9, within(1.0));
    assertThat(CapacityMeasure.ACTIVE.capacity(8e9, 2e9, 0.5)).isEqualTo(2e9);
    assertThat(CapacityMeasure.TOTAL.capacity(8e9, 2e9, 0.5)).isEqualTo(8e9);
  }

  @Test
  void aBlendOutsideZeroToOneIsAUserErrorNamingTheKey() {
    assertThat(CapacityMeasure.blend(0.25, "capacity.blend")).isEqualTo(0.25);
    assertThatThrownBy(() -> CapacityMeasure.blend(2, "capacity.blend"))
        .isInstanceOf(MixlawException.class)
        .hasMessageContaining("config key capacity.blend is 2.0")
        .hasMessageContaining("set capacity.blend to a value from 0 (total) to 1 (active)");
  }
}
