package io.mixlaw.law;

import io.mixlaw.law.optimize.*;
import java.util.*;

final class BootstrapTiming {
  public static void main(String[] args) {
    int targets = 22, resamples = Integer.parseInt(args[0]);
    Random random = new Random(3);
    List<List<Observation>> data = new ArrayList<>();
    for (int v = 0; v < targets; v++) {
      double[] theta = new double[5], gamma = new double[5];
      for (int j = 0; j < 5; j++) { theta[j] = SyntheticLadder.THETA[j] + 0.3 * random.nextGaussian(); gamma[j] = Math.abs(SyntheticLadder.GAMMA[j] + 0.1 * random.nextGaussian()); }
      CamelFit truth = new CamelFit(CamelLaw.Form.FULL, 1e8, 1.5 + random.nextDouble(), 0.3 + 0.4 * random.nextDouble(), 0.4 + 0.4 * random.nextDouble(), theta, gamma, 1e10, 0, 0, new double[0], SyntheticLadder.truth(0,0).diagnostics());
      data.add(SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, 100 + v));
    }
    SortedMap<String, List<String>> runs = BootstrapSampler.runIdsByScale(data.get(0));
    CamelLaw law = CamelLaw.defaults();
    for (int b = 1; b <= 20; b++) for (int v = 0; v < targets; v++) law.fit(BootstrapSampler.select(data.get(v), BootstrapSampler.resampleRuns(runs, 7, b)));
    long t0 = System.nanoTime(); int nonconv = 0; long opt = 0; double[] w0 = new double[targets]; Arrays.fill(w0, 1.0 / targets);
    int maxIt = 0; long iters = 0;
    for (int b = 1; b <= resamples; b++) {
      List<String> sample = BootstrapSampler.resampleRuns(runs, 7, b);
      List<CamelFit> fits = new ArrayList<>();
      for (int v = 0; v < targets; v++) { CamelFit f = law.fit(BootstrapSampler.select(data.get(v), sample)); if (!f.diagnostics().converged()) nonconv++; iters += f.diagnostics().iterations(); maxIt = Math.max(maxIt, f.diagnostics().iterations()); fits.add(f); }
      long o0 = System.nanoTime();
      OptimalMixture m = MixtureOptimizer.defaults().minimize(ExponentialMixtureObjective.of(fits, w0, 7e9, 1.4e11), MixtureConstraints.unconstrained(List.of("a","b","c","d","e")));
      opt += System.nanoTime() - o0;
      if (!m.kkt().satisfied()) System.out.println("kkt unsatisfied " + m);
    }
    double total = (System.nanoTime() - t0) / 1e6;
    System.out.printf("fits %d, ms per fit %.3f (incl. resampling), non-converged %d, mean LM iterations %.1f max %d, optimizer ms per solve %.3f%n", resamples * targets, (total - opt / 1e6) / (resamples * targets), nonconv, (double) iters / (resamples * targets), maxIt, opt / 1e6 / resamples);
  }
}
