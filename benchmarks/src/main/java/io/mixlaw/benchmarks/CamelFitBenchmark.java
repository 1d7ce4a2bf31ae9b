package io.mixlaw.benchmarks;

import io.mixlaw.jobs.fit.BootstrapFitter;
import io.mixlaw.jobs.fit.FitInput;
import io.mixlaw.jobs.fit.FitRow;
import io.mixlaw.jobs.fit.LawSpec;
import io.mixlaw.law.BootstrapSampler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One CAMEL point fit of the 5-domain ladder: every one of the 22 validation targets fitted to the
 * 104 runs at step 20000, as index 0 of the fit stage computes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-Dfile.encoding=UTF-8"})
public class CamelFitBenchmark {

  /** Law fitted: the full form or the core form. */
  @Param({"camel", "camel-core"})
  public String law;

  private BootstrapFitter fitter;

  /** Reads the ladder once per trial. */
  @Setup
  public void load() {
    FitInput input = Ladder.load();
    LawSpec spec = Ladder.lawSpec(law);
    fitter = new BootstrapFitter(input, spec, BootstrapSampler.DEFAULT_BASE_SEED);
  }

  /** Fits all 22 targets on the original runs (bootstrap index 0). */
  @Benchmark
  public List<FitRow> fitAllTargets() {
    return fitter.fit(0);
  }
}
