package io.mixlaw.jobs.cli;

import com.typesafe.config.Config;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.config.ConfigLoader;
import io.mixlaw.core.spark.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Base of every stage command: the options all stages share, config loading, the Spark session,
 * and one place that turns failures into a message and an exit code.
 *
 * <p>Exit codes: 0 success, 1 a problem with the input or configuration (the message says what
 * to fix), 2 a command-line usage error, 3 an unexpected internal failure.
 */
public abstract class StageCommand implements Callable<Integer> {

  /** Exit code of a user-facing failure. */
  public static final int EXIT_USER_ERROR = 1;

  /** Exit code of an unexpected failure. */
  public static final int EXIT_INTERNAL_ERROR = 3;

  private static final Logger LOG = LoggerFactory.getLogger(StageCommand.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON config file (defaults: bundled reference.conf)")
  Path configFile;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR_OR_URI",
      description = "Root of the Delta tables (overrides mixlaw.warehouse)")
  String warehouse;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master for the embedded session (overrides mixlaw.spark.master)")
  String master;

  @Parameters(
      paramLabel = "KEY=VALUE",
      description = "Config overrides, e.g. fit.bootstrap.samples=500")
  List<String> overrides = new ArrayList<>();

  /** Config file used when {@code --config} is not given; {@code null} for defaults only. */
  protected Path defaultConfigFile() {
    return null;
  }

  /** The stage name used in logs and errors. */
  protected abstract String stageName();

  /** Runs the stage. Throw {@link MixlawException} for anything the user can fix. */
  protected abstract void run(StageContext context) throws Exception;

  @Override
  public final Integer call() {
    long start = System.nanoTime();
    SparkSession spark = null;
    try {
      Config config =
          ConfigLoader.load(configFile != null ? configFile : defaultConfigFile(), effectiveOverrides());
      spark = SparkSessions.getOrCreate(config, "mixlaw " + stageName());
      run(StageContext.of(stageName(), config, spark));
      LOG.info("Stage {} finished in {} s", stageName(), seconds(start));
      return 0;
    } catch (MixlawException e) {
      LOG.debug("Stage {} failed", stageName(), e);
      System.err.println("mixlaw " + stageName() + " failed: " + e.getMessage());
      return EXIT_USER_ERROR;
    } catch (com.typesafe.config.ConfigException e) {
      LOG.debug("Stage {} failed on its configuration", stageName(), e);
      System.err.println("mixlaw " + stageName() + " failed: the configuration is invalid: " + e.getMessage()
          + ". Fix: correct that key (under mixlaw.) in the --config file or the key=value override;"
          + " pipeline-core/src/main/resources/reference.conf documents every key");
      return EXIT_USER_ERROR;
    } catch (Exception e) {
      LOG.error("Stage {} failed unexpectedly after {} s", stageName(), seconds(start), e);
      System.err.println("mixlaw " + stageName() + " failed unexpectedly: " + e);
      return EXIT_INTERNAL_ERROR;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  private List<String> effectiveOverrides() {
    List<String> all = new ArrayList<>(overrides);
    if (warehouse != null) {
      all.add("warehouse=" + warehouse);
    }
    if (master != null) {
      all.add("spark.master=" + master);
    }
    return all;
  }

  /** Seconds elapsed since a {@link System#nanoTime()} reading, rounded to 0.1 s. */
  public static String seconds(long startNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
  }
}
