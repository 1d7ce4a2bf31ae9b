package io.mixlaw.jobs.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.config.ConfigKeys;
import io.mixlaw.tokenization.mix.MixtureRequest;
import io.mixlaw.tokenization.mix.SequencePacker;
import io.mixlaw.tokenization.mix.ShardLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code mix} settings, with the defaults below for keys the configuration leaves out.
 *
 * @param outputDirectory folder that receives one sub-folder of shards per mixture
 * @param totalTokens the token budget of each mixture (shard tokens)
 * @param sequenceLength tokens per packed sequence
 * @param sequencesPerShard packed sequences per shard
 * @param seed the sampling seed
 * @param defaultMaxEpochs the epoch limit of a domain without its own
 * @param maxEpochs per-domain epoch limits
 * @param mixtures mixtures given in the configuration
 * @param recommendations recommendation ids to read from {@code mixture_recommendations}
 * @param tableMixtures mixture ids to read from the {@code mixtures} table
 * @param domainMap for mixtures read from a table: table domain to corpus domain
 */
record MixSettings(
    String outputDirectory,
    long totalTokens,
    int sequenceLength,
    int sequencesPerShard,
    long seed,
    double defaultMaxEpochs,
    SortedMap<String, Double> maxEpochs,
    List<ConfiguredMixture> mixtures,
    List<String> recommendations,
    List<String> tableMixtures,
    SortedMap<String, String> domainMap) {

  /** Default of {@code mix.total-tokens}. */
  static final long DEFAULT_TOTAL_TOKENS = 1_000_000L;

  /**
   * A mixture written in the configuration.
   *
   * @param id its id
   * @param weights weight per corpus domain
   * @param totalTokens its own budget, or 0 for {@code mix.total-tokens}
   */
  record ConfiguredMixture(String id, SortedMap<String, Double> weights, long totalTokens) {}

  /** Every key the {@code mix} section may hold. */
  static final Set<String> KEYS =
      Set.of(
          "output-dir",
          "total-tokens",
          "sequence-length",
          "sequences-per-shard",
          "seed",
          "default-max-epochs",
          "max-epochs",
          "mixtures",
          "recommendations",
          "table-mixtures",
          "domain-map");

  /** Every key of one entry of {@code mix.mixtures}. */
  static final Set<String> MIXTURE_KEYS = Set.of("id", "weights", "total-tokens");

  /** Reads the settings. */
  static MixSettings from(Config config) {
    ConfigKeys.requireKnown(config, "mix", KEYS);
    try {
      String output =
          DataSettings.resolve(
              config,
              DataSettings.string(
                  config,
                  "mix.output-dir",
                  DataSettings.string(config, "output-dir", "out") + "/shards"));
      long total = longOr(config, "mix.total-tokens", DEFAULT_TOTAL_TOKENS);
      int length = intOr(config, "mix.sequence-length", SequencePacker.DEFAULT_SEQUENCE_LENGTH);
      int perShard =
          intOr(config, "mix.sequences-per-shard", ShardLayout.DEFAULT_SEQUENCES_PER_SHARD);
      long seed = longOr(config, "mix.seed", MixtureRequest.DEFAULT_SEED);
      double defaultEpochs =
          config.hasPath("mix.default-max-epochs")
              ? config.getDouble("mix.default-max-epochs")
              : MixtureRequest.DEFAULT_MAX_EPOCHS;
      require(total >= 1, "mix.total-tokens", total, "at least 1");
      require(length >= 1, "mix.sequence-length", length, "at least 1");
      require(perShard >= 1, "mix.sequences-per-shard", perShard, "at least 1");
      require(defaultEpochs > 0, "mix.default-max-epochs", defaultEpochs, "above 0");
      return new MixSettings(
          output,
          total,
          length,
          perShard,
          seed,
          defaultEpochs,
          doubles(config, "mix.max-epochs"),
          mixtures(config),
          strings(config, "mix.recommendations"),
          strings(config, "mix.table-mixtures"),
          domainMap(config));
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "the mix settings are invalid",
          "fix the key the message names (see conf/tokenize.conf)",
          e);
    }
  }

  /** The epoch limits of every weighted domain of a mixture. */
  SortedMap<String, Double> epochsFor(Map<String, Double> weights) {
    SortedMap<String, Double> epochs = new TreeMap<>();
    for (String domain : weights.keySet()) {
      epochs.put(domain, maxEpochs.getOrDefault(domain, defaultMaxEpochs));
    }

    return epochs;
  }

  private static List<ConfiguredMixture> mixtures(Config config) {
    List<ConfiguredMixture> mixtures = new ArrayList<>();
    if (!config.hasPath("mix.mixtures")) {
      return mixtures;
    }

    List<? extends Config> entries = config.getConfigList("mix.mixtures");
    for (int i = 0; i < entries.size(); i++) {
      Config entry = entries.get(i);
      String where = "mix.mixtures[" + i + "]";
      ConfigKeys.requireKnownIn(entry, where, MIXTURE_KEYS);
      if (!entry.hasPath("id") || !entry.hasPath("weights")) {
        throw MixlawException.of(
            where + " lacks an id or weights",
            "each configured mixture needs both",
            "write it as { id = demo, weights { english = 0.5, code = 0.5 } }");
      }

      mixtures.add(
          new ConfiguredMixture(
              entry.getString("id"),
              doubles(entry, "weights"),
              entry.hasPath("total-tokens") ? entry.getLong("total-tokens") : 0));
    }

    return mixtures;
  }

  private static SortedMap<String, Double> doubles(Config config, String key) {
    SortedMap<String, Double> values = new TreeMap<>();
    if (!config.hasPath(key)) {
      return values;
    }

    Config section = config.getConfig(key);
    for (Map.Entry<String, ConfigValue> entry : section.root().entrySet()) {
      values.put(entry.getKey(), section.getDouble(quote(entry.getKey())));
    }

    return values;
  }

  private static SortedMap<String, String> domainMap(Config config) {
    SortedMap<String, String> map = new TreeMap<>();
    if (!config.hasPath("mix.domain-map")) {
      return map;
    }

    Config section = config.getConfig("mix.domain-map");
    for (Map.Entry<String, ConfigValue> entry : section.root().entrySet()) {
      map.put(entry.getKey(), section.getString(quote(entry.getKey())));
    }

    return map;
  }

  private static List<String> strings(Config config, String key) {
    return config.hasPath(key) ? List.copyOf(config.getStringList(key)) : List.of();
  }

  private static long longOr(Config config, String key, long fallback) {
    return config.hasPath(key) ? (long) config.getDouble(key) : fallback;
  }

  private static int intOr(Config config, String key, int fallback) {
    return config.hasPath(key) ? config.getInt(key) : fallback;
  }

  private static void require(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw MixlawException.of(
          key + " is " + value, "it must be " + expected, "set " + key + " in the configuration");
    }
  }

  private static String quote(String key) {
    return "\"" + key.replace("\"", "\\\"") + "\"";
  }
}
