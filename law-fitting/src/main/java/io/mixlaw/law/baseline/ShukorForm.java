package io.mixlaw.law.baseline;

import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;

/**
 * The two laws of Shukor et al. (2025), their closed forms, fitting parameterization and starts.
 *
 * <p>Reported (natural) parameters, with M training domains:
 *
 * <ul>
 *   <li>additive: E, A, alpha, B, beta, C[0..M-1], gamma[0..M-1];
 *   <li>joint: E, alpha, beta, C[0..M-1], gamma[0..M-1], CA[0..M-1], gammaA, CB[0..M-1], gammaB.
 * </ul>
 *
 * The fitter works on the logarithms of E, A, B, C[i], gamma[i], CA[i] and CB[i]; alpha, beta,
 * gammaA and gammaB are free.
 */
enum ShukorForm {
  ADDITIVE {
    @Override
    int parameterCount(int domains) {
      return 5 + 2 * domains;
    }

    @Override
    List<String> parameterNames(int domains) {
      List<String> names = new ArrayList<>(List.of("E", "A", "alpha", "B", "beta"));
      names.addAll(indexed("C", domains));
      names.addAll(indexed("gamma", domains));
      return Collections.unmodifiableList(names);
    }

    @Override
    double logLoss(double[] theta, double logN, double logD, double[] h, double[] gradient) {
      int m = h.length;
      double floor = Math.exp(theta[0]);
      double capacityTerm = Math.exp(theta[1] - theta[2] * logN);
      double dataTerm = Math.exp(theta[3] - theta[4] * logD);
      double sum = mixtureSum(theta, 5, 5 + m, h);
      double mixtureTerm = 1 / sum;
      double loss = floor + capacityTerm + dataTerm + mixtureTerm;
      gradient[0] = floor / loss;
      gradient[1] = capacityTerm / loss;
      gradient[2] = -logN * capacityTerm / loss;
      gradient[3] = dataTerm / loss;
      gradient[4] = -logD * dataTerm / loss;
      mixtureGradient(theta, 5, 5 + m, h, sum, loss, gradient);
      return Math.log(loss);
    }

    @Override
    double[] natural(double[] theta, int domains) {
      double[] p = theta.clone();
      p[0] = Math.exp(theta[0]);
      p[1] = Math.exp(theta[1]);
      p[3] = Math.exp(theta[3]);
      for (int i = 5; i < 5 + 2 * domains; i++) {
        p[i] = Math.exp(theta[i]);
      }

      return p;
    }

    @Override
    double loss(double capacity, double tokens, double[] h, double[] p) {
      int m = h.length;
      return p[0]
          + p[1] * Math.pow(capacity, -p[2])
          + p[3] * Math.pow(tokens, -p[4])
          + 1 / naturalMixtureSum(p, 5, 5 + m, h);
    }

    @Override
    double[] randomStart(RandomGenerator random, Scales scales, int domains) {
      double[] theta = new double[parameterCount(domains)];
      double[] terms = startTerms(random, scales, theta);
      double alpha = uniform(random, 0.1, 0.8);
      double beta = uniform(random, 0.1, 0.8);
      theta[1] = Math.log(terms[0]) + alpha * scales.logN();
      theta[2] = alpha;
      theta[3] = Math.log(terms[1]) + beta * scales.logD();
      theta[4] = beta;
      startMixtureTerm(random, terms[2], domains, theta, 5, 5 + domains);
      return theta;
    }
  },

  JOINT {
    @Override
    int parameterCount(int domains) {
      return 5 + 4 * domains;
    }

    @Override
    List<String> parameterNames(int domains) {
      List<String> names = new ArrayList<>(List.of("E", "alpha", "beta"));
      names.addAll(indexed("C", domains));
      names.addAll(indexed("gamma", domains));
      names.addAll(indexed("CA", domains));
      names.add("gammaA");
      names.addAll(indexed("CB", domains));
      names.add("gammaB");
      return Collections.unmodifiableList(names);
    }

    @Override
    double logLoss(double[] theta, double logN, double logD, double[] h, double[] gradient) {
      int m = h.length;
      int ca = 3 + 2 * m;
      int gammaA = ca + m;
      int cb = gammaA + 1;
      int gammaB = cb + m;
      double floor = Math.exp(theta[0]);
      double sumA = linearSum(theta, ca, h);
      double sumB = linearSum(theta, cb, h);
      double capacityTerm = Math.exp(theta[gammaA] * Math.log(sumA) - theta[1] * logN);
      double dataTerm = Math.exp(theta[gammaB] * Math.log(sumB) - theta[2] * logD);
      double sum = mixtureSum(theta, 3, 3 + m, h);
      double loss = floor + capacityTerm + dataTerm + 1 / sum;
      Arrays.fill(gradient, 0);
      gradient[0] = floor / loss;
      gradient[1] = -logN * capacityTerm / loss;
      gradient[2] = -logD * dataTerm / loss;
      mixtureGradient(theta, 3, 3 + m, h, sum, loss, gradient);
      for (int i = 0; i < m; i++) {
        gradient[ca + i] =
            capacityTerm * theta[gammaA] * Math.exp(theta[ca + i]) * h[i] / sumA / loss;
        gradient[cb + i] = dataTerm * theta[gammaB] * Math.exp(theta[cb + i]) * h[i] / sumB / loss;
      }

      gradient[gammaA] = capacityTerm * Math.log(sumA) / loss;
      gradient[gammaB] = dataTerm * Math.log(sumB) / loss;
      return Math.log(loss);
    }

    @Override
    double[] natural(double[] theta, int domains) {
      double[] p = theta.clone();
      p[0] = Math.exp(theta[0]);
      for (int i = 3; i < 3 + 3 * domains; i++) {
        p[i] = Math.exp(theta[i]);
      }

      int cb = 3 + 3 * domains + 1;
      for (int i = cb; i < cb + domains; i++) {
        p[i] = Math.exp(theta[i]);
      }

      return p;
    }

    @Override
    double loss(double capacity, double tokens, double[] h, double[] p) {
      int m = h.length;
      int ca = 3 + 2 * m;
      int cb = ca + m + 1;
      double amplitudeA = Math.pow(naturalLinearSum(p, ca, h), p[ca + m]);
      double amplitudeB = Math.pow(naturalLinearSum(p, cb, h), p[cb + m]);
      return p[0]
          + amplitudeA * Math.pow(capacity, -p[1])
          + amplitudeB * Math.pow(tokens, -p[2])
          + 1 / naturalMixtureSum(p, 3, 3 + m, h);
    }

    @Override
    double[] randomStart(RandomGenerator random, Scales scales, int domains) {
      double[] theta = new double[parameterCount(domains)];
      double[] terms = startTerms(random, scales, theta);
      double alpha = uniform(random, 0.1, 0.8);
      double beta = uniform(random, 0.1, 0.8);
      theta[1] = alpha;
      theta[2] = beta;
      startMixtureTerm(random, terms[2], domains, theta, 3, 3 + domains);
      int ca = 3 + 2 * domains;
      int cb = ca + domains + 1;
      startAmplitude(random, Math.log(terms[0]) + alpha * scales.logN(), domains, theta, ca);
      startAmplitude(random, Math.log(terms[1]) + beta * scales.logD(), domains, theta, cb);
      return theta;
    }
  };

  /** Typical magnitudes of the data a start is drawn for. */
  record Scales(double logN, double logD, double minLoss, double meanLoss) {}

  abstract int parameterCount(int domains);

  abstract List<String> parameterNames(int domains);

  /** ln of the predicted loss and its gradient in the fitting parameterization. */
  abstract double logLoss(double[] theta, double logN, double logD, double[] h, double[] gradient);

  /** Converts fitting parameters to the reported natural ones. */
  abstract double[] natural(double[] theta, int domains);

  /** The law's closed form from natural parameters. */
  abstract double loss(double capacity, double tokens, double[] h, double[] parameters);

  /** A random start whose terms have the magnitude of the data. */
  abstract double[] randomStart(RandomGenerator random, Scales scales, int domains);

  /**
   * Fits this form.
   *
   * @param lawName name reported by the fit
   * @param observations runs of one validation target
   * @param huberDelta Huber threshold on log-residuals
   * @param starts random starts scored
   * @param refined best-scoring starts refined by Levenberg-Marquardt
   * @param seed seed of the random starts
   */
  FittedLaw fit(
      String lawName,
      List<Observation> observations,
      double huberDelta,
      int starts,
      int refined,
      long seed) {
    int domains = Arguments.checkObservations(observations, 1, lawName);
    if (domains == 0) {
      throw new IllegalArgumentException(lawName + " needs mixture weights, got runs with none");
    }

    int parameters = parameterCount(domains);
    if (observations.size() < parameters) {
      throw new IllegalArgumentException(
          lawName
              + " with "
              + domains
              + " domains has "
              + parameters
              + " parameters and needs at least that many observations, got "
              + observations.size());
    }

    for (Observation o : observations) {
      if (!(Arrays.stream(o.weights()).sum() > 0)) {
        throw new IllegalArgumentException(
            lawName + " needs a non-zero mixture, run " + o.runId() + " has all weights zero");
      }
    }

    double[] logN = observations.stream().mapToDouble(o -> Math.log(o.capacity())).toArray();
    double[] logD = observations.stream().mapToDouble(o -> Math.log(o.tokens())).toArray();
    double[][] h = observations.stream().map(Observation::weights).toArray(double[][]::new);
    LogLossModel model =
        new LogLossModel() {
          @Override
          public int parameterCount() {
            return parameters;
          }

          @Override
          public int observationCount() {
            return logN.length;
          }

          @Override
          public double logLoss(double[] theta, int i, double[] gradient) {
            return ShukorForm.this.logLoss(theta, logN[i], logD[i], h[i], gradient);
          }
        };
    double[] losses = Arguments.losses(observations);
    Scales scales =
        new Scales(
            Arrays.stream(logN).average().orElseThrow(),
            Arrays.stream(logD).average().orElseThrow(),
            Arrays.stream(losses).min().orElseThrow(),
            Arrays.stream(losses).average().orElseThrow());
    RandomGenerator random = new Well19937c(seed);
    List<double[]> candidates = new ArrayList<>(starts);
    for (int s = 0; s < starts; s++) {
      candidates.add(randomStart(random, scales, domains));
    }

    HuberLeastSquares.Solution solution =
        new HuberLeastSquares(huberDelta)
            .minimize(model, Arguments.logLosses(observations), candidates, refined);
    double[] theta = solution.theta();
    double[] p = natural(theta, domains);
    double[] predicted = new double[losses.length];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = fromLogParameters(theta, logN[i], logD[i], h[i]);
      if (!Double.isFinite(predicted[i])) {
        throw new IllegalArgumentException(
            lawName
                + " diverged: the fitted law predicts "
                + predicted[i]
                + " for run "
                + observations.get(i).runId());
      }
    }

    return new BaselineFit(
        lawName,
        parameterNames(domains),
        p,
        domains,
        (capacity, tokens, weights) ->
            fromLogParameters(theta, Math.log(capacity), Math.log(tokens), weights),
        FitStatistics.diagnostics(losses, predicted, solution));
  }

  /**
   * The loss from the fitting parameters. Predictions use them rather than the natural ones: a
   * fitted C_i can overflow to infinity where C_i h_i^gamma_i is finite (a domain whose weight
   * barely matters), and infinity times zero is NaN.
   */
  double fromLogParameters(double[] theta, double logN, double logD, double[] h) {
    return Math.exp(logLoss(theta, logN, logD, h, new double[theta.length]));
  }

  private static List<String> indexed(String name, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(name + "[" + i + "]");
    }

    return names;
  }

  private static double uniform(RandomGenerator random, double low, double high) {
    return low + (high - low) * random.nextDouble();
  }

  /** Sum_i C_i h_i^gamma_i from log-parameters; h_i = 0 contributes nothing. */
  private static double mixtureSum(double[] theta, int c, int gamma, double[] h) {
    double sum = 0;
    for (int i = 0; i < h.length; i++) {
      if (h[i] > 0) {
        sum += Math.exp(theta[c + i] + Math.exp(theta[gamma + i]) * Math.log(h[i]));
      }
    }

    return sum;
  }

  private static double naturalMixtureSum(double[] p, int c, int gamma, double[] h) {
    double sum = 0;
    for (int i = 0; i < h.length; i++) {
      if (h[i] > 0) {
        sum += p[c + i] * Math.pow(h[i], p[gamma + i]);
      }
    }

    return sum;
  }

  /** Gradient of ln(loss) through the mixture term 1 / sum. */
  private static void mixtureGradient(
      double[] theta, int c, int gamma, double[] h, double sum, double loss, double[] gradient) {
    for (int i = 0; i < h.length; i++) {
      if (h[i] > 0) {
        double part = Math.exp(theta[c + i] + Math.exp(theta[gamma + i]) * Math.log(h[i]));
        double dTerm = -part / (sum * sum) / loss;
        gradient[c + i] = dTerm;
        gradient[gamma + i] = dTerm * Math.exp(theta[gamma + i]) * Math.log(h[i]);
      } else {
        gradient[c + i] = 0;
        gradient[gamma + i] = 0;
      }
    }
  }

  private static double linearSum(double[] theta, int first, double[] h) {
    double sum = 0;
    for (int i = 0; i < h.length; i++) {
      sum += Math.exp(theta[first + i]) * h[i];
    }

    return sum;
  }

  private static double naturalLinearSum(double[] p, int first, double[] h) {
    double sum = 0;
    for (int i = 0; i < h.length; i++) {
      sum += p[first + i] * h[i];
    }

    return sum;
  }

  /**
   * Draws E and the typical sizes of the capacity, data and mixture terms so that they add up to
   * the mean loss; sets theta[0] = ln E and returns the three term sizes.
   */
  private static double[] startTerms(RandomGenerator random, Scales scales, double[] theta) {
    double floor = scales.minLoss() * uniform(random, 0.2, 0.9);
    theta[0] = Math.log(floor);
    double excess = scales.meanLoss() - floor;
    double[] shares = {
      uniform(random, 0.05, 1), uniform(random, 0.05, 1), uniform(random, 0.05, 1)
    };
    double total = shares[0] + shares[1] + shares[2];
    return new double[] {
      excess * shares[0] / total, excess * shares[1] / total, excess * shares[2] / total
    };
  }

  /** Sets ln C_i and ln gamma_i so that 1 / sum_i C_i h_i^gamma_i = size at uniform h. */
  private static void startMixtureTerm(
      RandomGenerator random, double size, int domains, double[] theta, int c, int gamma) {
    double uniformShare = 1.0 / domains;
    double[] ratio = new double[domains];
    double sum = 0;
    for (int i = 0; i < domains; i++) {
      ratio[i] = Math.exp(uniform(random, Math.log(0.3), Math.log(3)));
      theta[gamma + i] = uniform(random, Math.log(0.3), Math.log(3));
      sum += ratio[i] * Math.pow(uniformShare, Math.exp(theta[gamma + i]));
    }

    double scale = 1 / (size * sum);
    for (int i = 0; i < domains; i++) {
      theta[c + i] = Math.log(scale * ratio[i]);
    }
  }

  /**
   * Sets ln C_i and the exponent of an amplitude (sum_i C_i h_i)^gamma so that it equals
   * exp(logAmplitude) at uniform h.
   */
  private static void startAmplitude(
      RandomGenerator random, double logAmplitude, int domains, double[] theta, int first) {
    double exponent = uniform(random, 0.5, 2);
    double[] ratio = new double[domains];
    double sum = 0;
    for (int i = 0; i < domains; i++) {
      ratio[i] = Math.exp(uniform(random, Math.log(0.5), Math.log(2)));
      sum += ratio[i] / domains;
    }

    double logBase = logAmplitude / exponent - Math.log(sum);
    for (int i = 0; i < domains; i++) {
      theta[first + i] = logBase + Math.log(ratio[i]);
    }

    theta[first + domains] = exponent;
  }
}
