package io.mixlaw.law;

import java.util.List;

final class TimingMain {
  public static void main(String[] args) {
    CamelFit truth = SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA);
    CamelLaw law = args.length > 0 && args[0].equals("core") ? CamelLaw.core() : CamelLaw.defaults();
    int starts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    law = law.withStarts(starts);
    for (int seed = 1; seed <= 5; seed++) {
      List<Observation> obs = SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, seed);
      CamelFit fit = law.fit(obs);
      System.out.println(fit);
      double[] w = {0.2, 0.2, 0.2, 0.2, 0.2};
      System.out.printf("pred 1e9: %.5f true %.5f%n", fit.predict(1e9, 1, w), truth.predict(1e9, 1, w));
    }
    List<Observation> obs = SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, 7);
    for (int k = 0; k < 300; k++) law.fit(obs);
    long t0 = System.nanoTime();
    int reps = 1000;
    int it = 0;
    for (int k = 0; k < reps; k++) it += law.fit(obs).diagnostics().iterations();
    System.out.printf("ms per fit %.3f, mean iterations %.1f%n", (System.nanoTime() - t0) / 1e6 / reps, (double) it / reps);
  }
}
