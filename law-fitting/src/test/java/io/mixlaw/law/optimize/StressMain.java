package io.mixlaw.law.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

final class StressMain {
  public static void main(String[] args) {
    Random random = new Random(1);
    int worstIt = 0, unsatisfied = 0, cases = 0, infeasible = 0;
    double worstGap = 0;
    long t0 = System.nanoTime();
    for (int c = 0; c < 20000; c++) {
      int m = 2 + random.nextInt(12);
      int targets = 1 + random.nextInt(6);
      double[][] slopes = new double[targets][m];
      double[] constants = new double[targets];
      double[] weights = new double[targets];
      double scale = random.nextBoolean() ? 0.3 : 3;
      for (int v = 0; v < targets; v++) {
        constants[v] = random.nextDouble() * 3;
        weights[v] = random.nextDouble();
        for (int j = 0; j < m; j++) slopes[v][j] = scale * random.nextGaussian();
        if (random.nextInt(5) == 0 && m > 2) slopes[v][1] = slopes[v][0];
      }
      ExponentialMixtureObjective f = ExponentialMixtureObjective.of(weights, constants, slopes);
      List<String> names = new ArrayList<>();
      for (int j = 0; j < m; j++) names.add("d" + j);
      MixtureConstraints k = MixtureConstraints.unconstrained(names);
      for (int j = 0; j < m; j++) {
        int kind = random.nextInt(4);
        if (kind == 1) k = k.withLower("d" + j, random.nextDouble() * 1.5 / m);
        if (kind == 2) k = k.withUpper("d" + j, random.nextDouble() * 2.0 / m);
      }
      try { k.checkFeasible(); } catch (InfeasibleMixtureException e) { infeasible++; continue; }
      cases++;
      if (args.length > 0 && c == Integer.parseInt(args[0])) {
        System.out.println("w=" + java.util.Arrays.toString(weights) + " c=" + java.util.Arrays.toString(constants) + " b=" + java.util.Arrays.deepToString(slopes));
        for (int it = 0; it < 40; it++) { OptimalMixture q = MixtureOptimizer.defaults().withMaxIterations(it + 1).minimize(f, k); System.out.println(q + " g=" + java.util.Arrays.toString(f.gradient(q.weights()))); }
        System.out.println("H=" + java.util.Arrays.deepToString(f.hessian(MixtureOptimizer.defaults().withMaxIterations(1).minimize(f, k).weights())));
        return;
      }
      OptimalMixture o = MixtureOptimizer.defaults().minimize(f, k);
      worstIt = Math.max(worstIt, o.iterations());
      if (!o.kkt().satisfied()) { unsatisfied++; }
      if (o.iterations() > 40 && worstIt == o.iterations()) System.out.println("slow case " + c + " m=" + m + " T=" + targets + " " + o + " " + k);
      for (int trial = 0; trial < 20; trial++) {
        double[] y = o.weights();
        for (int j = 0; j < m; j++) y[j] += 0.01 * random.nextGaussian();
        double[] other = MixtureOptimizer.project(y, k);
        double gap = o.objective() - f.value(other);
        if (gap > 1e-9 && gap > worstGap) System.out.println("gap case " + c + " gap " + gap + " " + o + " " + k);
        worstGap = Math.max(worstGap, gap);
      }
    }
    System.out.printf("cases %d infeasible %d unsatisfied %d worst iterations %d worst gap %.3g time %.1f ms%n", cases, infeasible, unsatisfied, worstIt, worstGap, (System.nanoTime() - t0) / 1e6);
  }
}
