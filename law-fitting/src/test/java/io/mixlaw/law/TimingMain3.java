package io.mixlaw.law;

import java.util.List;
import java.util.Arrays;
import org.hipparchus.optim.nonlinear.vector.leastsquares.*;

final class TimingMain3 {
  public static void main(String[] args) {
    CamelFit truth = SyntheticLadder.truth(SyntheticLadder.A, SyntheticLadder.ALPHA);
    List<Observation> obs = SyntheticLadder.observations(truth, SyntheticLadder.CAPACITIES, SyntheticLadder.NOISE, Long.parseLong(args[0]));
    CamelProblem p = new CamelProblem(obs, 1e8, 1e10, true, true, false, false, 1e-3, 0);
    for (double[] x : new CamelSeeder(p).starts(6)) {
      System.out.printf("start %s obj %.6g%n", Arrays.toString(Arrays.copyOf(x, 3)), p.objective(x));
      LeastSquaresProblem lsp = new LeastSquaresBuilder().model(p).target(new double[p.rows]).start(x).parameterValidator(p)
        .maxIterations(1000).maxEvaluations(100000).lazyEvaluation(false).checker(p::noteIteration).build();
      p.reset();
      try {
        LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer().withCostRelativeTolerance(1e-10).withParameterRelativeTolerance(1e-10).withOrthoTolerance(1e-10).optimize(lsp);
        System.out.printf("  -> it %d ev %d obj %.10g pt %s%n", o.getIterations(), o.getEvaluations(), p.objective(o.getPoint().toArray()), Arrays.toString(Arrays.copyOf(o.getPoint().toArray(), 3)));
      } catch (RuntimeException e) { System.out.println("  -> " + e.getMessage() + " ev " + p.evaluations() + " best " + p.bestCost() + Arrays.toString(Arrays.copyOf(p.bestPoint(),3))); }
    }
  }
}
