package io.mixlaw.jobs;

import com.typesafe.config.Config;
import io.mixlaw.core.config.ConfigLoader;
import io.mixlaw.core.spark.SparkSessions;
import io.mixlaw.jobs.cli.StageContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The one Spark session of the test JVM: local[2], UI off, driver on loopback, Delta enabled. */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /** Returns the shared session, starting it on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      Config config = ConfigLoader.load(null, List.of("spark.master=local[2]", "spark.shuffle-partitions=2",
          "spark.default-parallelism=2"));
      session = SparkSessions.getOrCreate(config, "mixlaw tests");
    }
    return session;
  }

  /** Repository root (tests run in the module folder). */
  public static Path repositoryRoot() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  /**
   * A stage context on the shared session.
   *
   * @param configFile config file or null
   * @param warehouse warehouse folder of this test
   * @param overrides further key=value overrides
   */
  public static StageContext context(String stage, Path configFile, Path warehouse, String... overrides) {
    List<String> all = new ArrayList<>(List.of(overrides));
    all.add("warehouse=" + warehouse.toAbsolutePath());
    all.add("home=" + repositoryRoot());
    all.add("output-dir=" + warehouse.toAbsolutePath().resolve("out"));
    Config config = ConfigLoader.load(configFile, all);
    return StageContext.of(stage, config, session());
  }
}
