package io.mixlaw.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.mixlaw.core.MixlawException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Builds the effective configuration of a stage.
 *
 * <p>Layers, highest priority first: {@code key=value} overrides from the command line, JVM
 * system properties, the config file, and the bundled {@code reference.conf} defaults. Every
 * mixlaw key lives under {@code mixlaw.}; overrides may omit that prefix.
 */
public final class ConfigLoader {

  /** Root path of every mixlaw setting. */
  public static final String ROOT = "mixlaw";

  private ConfigLoader() {}

  /**
   * Loads and resolves the configuration.
   *
   * @param file optional HOCON file; {@code null} for defaults only
   * @param overrides {@code key=value} strings, e.g. {@code fit.bootstrap.samples=500}
   * @return the resolved {@code mixlaw} subtree
   * @throws MixlawException naming the file, line or override that is invalid
   */
  public static Config load(Path file, List<String> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    // Unresolved, so that substitutions in the defaults see values set by the file and overrides.
    Config layered = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf");
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw MixlawException.of(
            "config file " + file + " cannot be read",
            "it does not exist or is not a regular file",
            "pass an existing HOCON file with --config, e.g. conf/demo.conf");
      }
      try {
        Config fromFile =
            ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        layered = fromFile.withFallback(layered);
      } catch (ConfigException e) {
        throw MixlawException.wrap("config file " + file + " is not valid HOCON", "fix the line it names", e);
      }
    }
    Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf");
    layered = ConfigFactory.systemProperties().withFallback(layered);
    Config fromOverrides = parseOverrides(overrides);
    checkOverrideKeys(fromOverrides, reference, reference.withFallback(layered));
    layered = fromOverrides.withFallback(layered);
    try {
      return layered.resolve(ConfigResolveOptions.defaults()).getConfig(ROOT);
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "configuration" + (file == null ? "" : " from " + file) + " cannot be resolved",
          "define the missing key or fix the substitution it names",
          e);
    }
  }

  /**
   * Rejects a command-line override, in a section that reference.conf declares, whose key exists
   * neither in the defaults nor in the config file, unless it lands in a free-form section (an
   * empty object in the defaults, such as {@code optimize.constraints.min}): a misspelt key would
   * otherwise be ignored silently.
   */
  private static void checkOverrideKeys(Config overrides, Config reference, Config known) {
    for (var entry : overrides.entrySet()) {
      String path = entry.getKey();
      String[] parts = path.split("\\.", 3);
      // Sections that reference.conf does not declare keep their defaults in code: not checked.
      if (known.hasPathOrNull(path) || parts.length < 3 || !reference.hasPath(parts[0] + "." + parts[1])) {
        continue;
      }
      String parent = path;
      boolean freeForm = false;
      while (parent.contains(".")) {
        parent = parent.substring(0, parent.lastIndexOf('.'));
        if (known.hasPathOrNull(parent)) {
          freeForm = known.getValue(parent).valueType() == com.typesafe.config.ConfigValueType.OBJECT
              && known.getObject(parent).isEmpty()
              || !parent.contains(".");
          break;
        }
      }
      if (!freeForm) {
        String shortKey = path.substring(ROOT.length() + 1);
        throw MixlawException.of(
            "command-line override '" + shortKey + "' names an unknown config key",
            "it is neither a default in reference.conf nor set in the config file",
            "check its spelling against pipeline-core/src/main/resources/reference.conf");
      }
    }
  }

  private static Config parseOverrides(List<String> overrides) {
    Config result = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw MixlawException.of(
            "command-line override '" + override + "' is not of the form key=value",
            "overrides set one config key each",
            "write it as key=value, e.g. fit.bootstrap.samples=500");
      }
      String key = override.substring(0, eq).trim();
      String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
      String value = override.substring(eq + 1).trim();
      try {
        Config one = ConfigFactory.parseString(path + " = " + quoteIfNeeded(value));
        result = one.withFallback(result);
      } catch (ConfigException e) {
        throw MixlawException.wrap(
            "command-line override '" + override + "' cannot be parsed",
            "quote the value or fix its syntax",
            e);
      }
    }
    return result;
  }

  private static String quoteIfNeeded(String value) {
    if (value.isEmpty()) {
      return "\"\"";
    }
    char first = value.charAt(0);
    if (first == '"' || first == '[' || first == '{' || first == '$') {
      return value;
    }
    if (value.matches("-?[0-9][0-9_.eE+-]*|true|false|null")) {
      return value;
    }
    return quote(value);
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }
}
