package io.mixlaw.law.baseline;

import io.mixlaw.law.MixtureLaw;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Looks the baseline laws up by the names they carry in tables and configs. */
public final class Baselines {

  /** Names accepted by {@link #byName(String)}, in a stable order. */
  public static final List<String> NAMES =
      List.of(ChinchillaLaw.NAME, DataMixingLaw.NAME, ShukorAdditiveLaw.NAME, ShukorJointLaw.NAME);

  private Baselines() {}

  /**
   * Returns the baseline law of that name with its default settings.
   *
   * @param name one of {@link #NAMES}, case-insensitive
   * @throws IllegalArgumentException naming the accepted names if {@code name} is unknown
   */
  public static MixtureLaw byName(String name) {
    Objects.requireNonNull(name, "name");
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case ChinchillaLaw.NAME -> new ChinchillaLaw();
      case DataMixingLaw.NAME -> new DataMixingLaw();
      case ShukorAdditiveLaw.NAME -> new ShukorAdditiveLaw();
      case ShukorJointLaw.NAME -> new ShukorJointLaw();
      default ->
          throw new IllegalArgumentException(
              "unknown baseline law '" + name + "'; expected one of " + NAMES);
    };
  }
}
