package io.mixlaw.jobs.fit;

import io.mixlaw.law.BootstrapSampler;
import io.mixlaw.law.CamelFit;
import io.mixlaw.law.CamelLaw;
import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.Observation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SortedMap;

/**
 * Fits one bootstrap index: resamples whole runs (stratified by scale, seeded by the base seed
 * and the index alone) and fits every validation target on the resample.
 *
 * <p>The same object runs serially on the driver and inside Spark tasks, so both give identical
 * rows for an index.
 */
public final class BootstrapFitter implements Serializable {

  private static final long serialVersionUID = 1L;

  private final FitInput input;
  private final LawSpec lawSpec;
  private final long baseSeed;
  private transient MixtureLaw law;
  private transient SortedMap<String, List<String>> runIdsByScale;
  private transient List<List<Observation>> observations;
  private transient CamelFit[] pointFits;

  /**
   * Creates a fitter.
   *
   * @param input the runs
   * @param lawSpec the law to fit
   * @param baseSeed seed of the bootstrap; index b uses (baseSeed, b)
   */
  public BootstrapFitter(FitInput input, LawSpec lawSpec, long baseSeed) {
    this.input = input;
    this.lawSpec = lawSpec;
    this.baseSeed = baseSeed;
  }

  /** Fits every target on resample {@code index} (0 = the original runs). */
  public List<FitRow> fit(int index) {
    prepare();
    MixtureLaw law;
    SortedMap<String, List<String>> runIdsByScale;
    List<List<Observation>> observations;
    synchronized (this) {
      law = this.law;
      runIdsByScale = this.runIdsByScale;
      observations = this.observations;
    }
    List<String> sample = BootstrapSampler.resampleRuns(runIdsByScale, baseSeed, index);
    int distinctRuns = new HashSet<>(sample).size();
    List<FitRow> rows = new ArrayList<>(input.targets().size());
    for (int t = 0; t < input.targets().size(); t++) {
      List<Observation> resampled = BootstrapSampler.select(observations.get(t), sample);
      FittedLaw fitted =
          index > 0 && law instanceof CamelLaw camel
              ? camel.fit(resampled, pointFit(camel, t))
              : law.fit(resampled);
      rows.add(FitRow.of(index, input.targets().get(t), fitted, distinctRuns));
    }
    return rows;
  }

  /**
   * The point fit of target {@code t}, the warm start of its bootstrap fits; computed once per
   * executor, from the same observations and law as bootstrap index 0, so the result is the same
   * wherever a resample runs.
   */
  private synchronized CamelFit pointFit(CamelLaw camel, int t) {
    if (pointFits == null) {
      pointFits = new CamelFit[observations.size()];
    }
    if (pointFits[t] == null) {
      pointFits[t] = camel.fit(observations.get(t));
    }
    return pointFits[t];
  }

  // Tasks of one executor share the broadcast instance, so the lazy set-up is synchronized and
  // publishes the law last.
  private synchronized void prepare() {
    if (law != null) {
      return;
    }
    runIdsByScale = input.runIdsByScale();
    List<List<Observation>> byTarget = new ArrayList<>();
    for (int t = 0; t < input.targets().size(); t++) {
      byTarget.add(input.observations(t));
    }
    observations = byTarget;
    law = lawSpec.create();
  }
}
