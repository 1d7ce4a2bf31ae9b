package io.mixlaw.law;

import java.util.List;

final class TimingMain2 {
  public static void main(String[] args) {
    CamelFit truth = SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA);
    List<Observation> obs = SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, 7);
    CamelProblem p = new CamelProblem(obs, 1e8, 1e10, true, true, false, false, 1e-3, 0);
    for (int k = 0; k < 2000; k++) new CamelSeeder(p).starts(3);
    long t0 = System.nanoTime();
    for (int k = 0; k < 2000; k++) new CamelSeeder(p).starts(3);
    System.out.printf("seed ms %.3f%n", (System.nanoTime() - t0) / 1e6 / 2000);
    double[] x = new CamelSeeder(p).starts(3).get(0);
    org.hipparchus.linear.RealVector v = new org.hipparchus.linear.ArrayRealVector(x);
    for (int k = 0; k < 20000; k++) p.value(v);
    t0 = System.nanoTime();
    for (int k = 0; k < 20000; k++) p.value(v);
    System.out.printf("value us %.3f%n", (System.nanoTime() - t0) / 1e3 / 20000);
    for (double tol : new double[] {1e-10, 1e-8, 1e-6}) {
      for (int s : new int[] {1, 2, 3}) {
        CamelLaw law = CamelLaw.defaults().withStarts(s).withTolerance(tol);
        for (int k = 0; k < 200; k++) law.fit(obs);
        t0 = System.nanoTime();
        int it = 0;
        double cost = 0;
        for (int k = 0; k < 300; k++) { CamelFit f = law.fit(obs); it += f.diagnostics().evaluations(); cost = f.diagnostics().cost(); }
        System.out.printf("tol %g starts %d ms %.3f evals %.1f cost %.10g%n", tol, s, (System.nanoTime() - t0) / 1e6 / 300, it / 300.0, cost);
      }
    }
  }
}
