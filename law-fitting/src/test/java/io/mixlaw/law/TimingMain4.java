package io.mixlaw.law;

import java.util.List;

final class TimingMain4 {
  public static void main(String[] args) {
    for (String form : new String[] {"full", "core"}) {
      boolean full = form.equals("full");
      CamelFit truth = full ? SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA) : SyntheticLadder.truth(0, 0);
      CamelLaw law = full ? CamelLaw.defaults() : CamelLaw.core();
      CamelLaw ref = law.withStarts(8).withTolerance(1e-11).withMaxIterations(3000);
      double worst = 0; int nc = 0; long time = 0; int iters = 0;
      for (int seed = 1; seed <= 40; seed++) {
        List<Observation> obs = SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, seed);
        long t0 = System.nanoTime();
        CamelFit f = law.fit(obs);
        time += System.nanoTime() - t0;
        iters += f.diagnostics().iterations();
        CamelFit g = ref.fit(obs);
        if (!f.diagnostics().converged()) nc++;
        double rel = (f.diagnostics().cost() - g.diagnostics().cost()) / g.diagnostics().cost();
        worst = Math.max(worst, rel);
        if (rel > 1e-6) System.out.println(form + " seed " + seed + " rel " + rel + "\n  " + f + "\n  " + g);
      }
      System.out.printf("%s worst rel excess %.3g nonconv %d mean ms (incl. warmup) %.3f iters %.1f%n", form, worst, nc, time / 1e6 / 40, iters / 40.0);
    }
  }
}
