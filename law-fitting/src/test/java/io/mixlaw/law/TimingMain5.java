package io.mixlaw.law;

import java.util.List;

final class TimingMain5 {
  public static void main(String[] args) {
    SplitMix64 s = new SplitMix64(1234567L);
    for (int i = 0; i < 5; i++) System.out.println(Long.toUnsignedString(s.nextLong()));
    for (String form : new String[] {"full", "core"}) {
      boolean full = form.equals("full");
      CamelFit truth = full ? SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA) : SyntheticLadder.truth(0, 0);
      CamelLaw law = full ? CamelLaw.defaults() : CamelLaw.core();
      double[] maxErr = new double[truth.parameters().length];
      double maxPred = 0, maxC = 0, maxRmse = 0;
      for (int seed = 1; seed <= 30; seed++) {
        List<Observation> obs = SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, seed);
        CamelFit f = law.fit(obs);
        double[] p = f.parameters(), q = truth.parameters();
        for (int k = 0; k < p.length; k++) maxErr[k] = Math.max(maxErr[k], Math.abs(p[k] - q[k]));
        double mt = 0, mq = 0; double[] th = f.theta(); for (int j = 0; j < 5; j++) { mt += th[j] / 5; mq += SyntheticLadder.THETA[j] / 5; }
        for (int j = 0; j < 5; j++) maxC = Math.max(maxC, Math.abs(th[j] - mt - SyntheticLadder.THETA[j] + mq));
        maxRmse = Math.max(maxRmse, f.diagnostics().rmse());
        double[][] mix = SyntheticLadder.mixtures(999, 20, 5);
        for (double[] w : mix) maxPred = Math.max(maxPred, Math.abs(f.predict(1e9, 1, w) / truth.predict(1e9, 1, w) - 1));
        if (seed == 1) System.out.println(f);
      }
      System.out.println(form + " names " + truth.parameterNames());
      System.out.println(form + " max abs err " + java.util.Arrays.toString(maxErr));
      System.out.println(form + " max rel pred err at 1e9 " + maxPred + " contrast " + maxC + " rmse " + maxRmse);
      List<Observation> exact = SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, 0, 3);
      CamelFit f = law.fit(exact);
      System.out.println("exact: " + f);
    }
  }
}
