package io.mixlaw.law.optimize;

import java.util.List;
import java.util.Random;
import java.util.Arrays;

final class DebugMain {
  public static void main(String[] args) {
    Random random = new Random(5);
    int m = 8, targets = 4;
    double[][] slopes = new double[targets][m];
    double[] constants = new double[targets];
    double[] weights = new double[targets];
    for (int v = 0; v < targets; v++) {
      constants[v] = 1 + random.nextDouble();
      weights[v] = random.nextDouble();
      for (int j = 0; j < m; j++) slopes[v][j] = 2 * random.nextGaussian();
    }
    ExponentialMixtureObjective f = ExponentialMixtureObjective.of(weights, constants, slopes);
    MixtureConstraints c = MixtureConstraints.unconstrained(List.of("a","b","c","d","e","f","g","h"))
        .withLower("a", 0.05).withUpper("b", 0.1).withTokenLimit("c", 1e9, 4, 2e10);
    for (int it = 1; it < 16; it += 1) {
      OptimalMixture o = MixtureOptimizer.defaults().withTolerance(1e-13).withMaxIterations(it).minimize(f, c);
      System.out.println(it + " " + o.objective() + " " + o.kkt() + " " + Arrays.toString(o.weights()));
    }
    ExponentialMixtureObjective g = ExponentialMixtureObjective.of(
        new double[] {0.6, 0.4}, new double[] {1.8, 2.1}, new double[][] {{-1.0, 0.8, 0.3}, {0.9, -1.2, 0.1}});
    MixtureConstraints b = MixtureConstraints.unconstrained(List.of("web","code","math")).withLower("math", 0.3).withUpper("web", 0.3);
    OptimalMixture o = MixtureOptimizer.defaults().minimize(g, b);
    System.out.println(o + " grad " + Arrays.toString(g.gradient(o.weights())));
  }
}
