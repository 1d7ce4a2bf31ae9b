package io.mixlaw.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import io.mixlaw.core.MixlawException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the keys of a configuration section whose defaults live in the stage that reads it rather
 * than in reference.conf: a misspelt key there would otherwise be ignored silently, in a config
 * file as on the command line.
 */
public final class ConfigKeys {

  /** The largest edit distance at which an unknown key is offered a known one as its spelling. */
  static final int MAX_SUGGESTION_DISTANCE = 3;

  private ConfigKeys() {}

  /**
   * Rejects a key of {@code section} that is not among {@code keys}.
   *
   * @param config the configuration (under the {@code mixlaw} root)
   * @param section the section, for example {@code mix}; a missing section passes
   * @param keys every key the section may hold; the keys below an object key are not checked
   * @throws MixlawException naming the key, where it was set and the nearest known key
   */
  public static void requireKnown(Config config, String section, Set<String> keys) {
    if (config.hasPath(section)) {
      requireKnownIn(config.getConfig(section), section, keys);
    }
  }

  /**
   * Rejects a key of an object (for example one entry of a list of inputs) that is not among
   * {@code keys}.
   *
   * @param entry the object
   * @param where how the message names it, for example {@code tokenize.inputs[2]}
   * @param keys every key it may hold
   * @throws MixlawException naming the key, where it was set and the nearest known key
   */
  public static void requireKnownIn(Config entry, String where, Set<String> keys) {
    for (Map.Entry<String, ConfigValue> key : entry.root().entrySet()) {
      if (keys.contains(key.getKey())) {
        continue;
      }

      Set<String> sorted = new TreeSet<>(keys);
      String nearest = nearest(key.getKey(), sorted);
      throw MixlawException.of(
          "configuration key " + where + "." + key.getKey() + " is unknown" + origin(key.getValue()),
          "the keys of " + where + " are " + String.join(", ", sorted),
          nearest == null
              ? "remove it, or fix its spelling"
              : "did you mean " + where + "." + nearest + "? Fix its spelling");
    }
  }

  private static String origin(ConfigValue value) {
    ConfigOrigin origin = value.origin();
    if (origin == null || origin.filename() == null) {
      return " (set on the command line)";
    }

    return origin.lineNumber() > 0
        ? String.format(Locale.ROOT, " (%s, line %d)", origin.filename(), origin.lineNumber())
        : " (" + origin.filename() + ")";
  }

  /** The known key nearest to {@code key} in edit distance, if near enough; ties go to the first. */
  static String nearest(String key, Set<String> known) {
    String best = null;
    int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
    for (String candidate : known) {
      int distance = editDistance(key.toLowerCase(Locale.ROOT), candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }

    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }

    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }

      int[] swap = previous;
      previous = current;
      current = swap;
    }

    return previous[b.length()];
  }
}
