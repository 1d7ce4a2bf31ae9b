package io.mixlaw.law.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.law.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataMixingLawTest {

  private static final double C = 1.5;
  private static final double K = 0.9;

  /** Sums to zero: the representative the fit reports. */
  private static final double[] T = {-1.2, 0.4, 0.3, 0.5};

  private static final double[] TRAINING_CAPACITIES = {1.9e7, 8.5e7, 2.0e8};

  private static List<Observation> oneScale(long seed, int mixtures, double sigma) {
    Synthetic synthetic = new Synthetic(seed);
    return synthetic.grid(
        (n, d, h) -> DataMixingLaw.mixingLoss(C, K, T, h),
        new double[] {8.5e7},
        new double[] {1e10},
        synthetic.mixtures(mixtures, 4),
        sigma);
  }

  /**
   * Runs whose loss follows a power law in N exactly for every mixture, with a mixing law at every
   * N: L(N, r) = c0 + (k0 + kB N^-alpha) exp(t . r).
   */
  private static double nested(double n, double[] h) {
    double exponent = 0;
    for (int j = 0; j < T.length; j++) {
      exponent += T[j] * h[j];
    }

    return 1.6 + (0.5 + 60 * Math.pow(n, -0.3)) * Math.exp(exponent);
  }

  @Test
  void recoversExactMixingLawAtOneScale() {
    DataMixingLaw.Fit fit = new DataMixingLaw().fit(oneScale(1, 24, 0));

    assertThat(fit.extrapolates()).isFalse();
    assertThat(fit.parameterNames()).containsExactly("c", "k", "t[0]", "t[1]", "t[2]", "t[3]");
    assertThat(fit.parameters())
        .containsExactly(new double[] {C, K, T[0], T[1], T[2], T[3]}, within(1e-6));
    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.diagnostics().rmse()).isLessThan(1e-9);
  }

  @Test
  void recoversMixingLawFromNoisyRuns() {
    // 40 mixtures, 0.1% noise; over seeds 1-5 the worst errors were c 0.7%, k 1.3% and t 0.017
    // (absolute).
    DataMixingLaw.Fit fit = new DataMixingLaw().fit(oneScale(4, 40, 0.001));
    double[] p = fit.parameters();

    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(p[0]).isCloseTo(C, within(0.03 * C));
    assertThat(p[1]).isCloseTo(K, within(0.03 * K));
    assertThat(Arrays.copyOfRange(p, 2, 6)).containsExactly(T, within(0.03));
    assertThat(p[2] + p[3] + p[4] + p[5]).isCloseTo(0, within(1e-12));
  }

  @Test
  void keepsTheInterceptWhenWeightsDoNotSumToOne() {
    Synthetic synthetic = new Synthetic(5);
    List<Observation> runs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      double[] h = {synthetic.logUniform(0.1, 2), synthetic.logUniform(0.1, 2)};
      double loss = DataMixingLaw.mixingLoss(2.0, 0.7, new double[] {-0.8, 0.3}, h);
      runs.add(new Observation("run-" + i, "70M", 1.9e7, 1e10, h, loss));
    }

    DataMixingLaw.Fit fit = new DataMixingLaw().fit(runs);

    assertThat(fit.parameters()).containsExactly(new double[] {2.0, 0.7, -0.8, 0.3}, within(1e-6));
  }

  @Test
  void extrapolatesAnExactPowerLawInCapacity() {
    Synthetic synthetic = new Synthetic(6);
    List<Observation> runs =
        synthetic.grid(
            (n, d, h) -> nested(n, h),
            TRAINING_CAPACITIES,
            new double[] {1e10},
            synthetic.mixtures(12, 4),
            0);

    DataMixingLaw.Fit fit = new DataMixingLaw().fit(runs);

    assertThat(fit.extrapolates()).isTrue();
    assertThat(fit.mixtures()).hasSize(12);
    assertThat(fit.parameterNames()).startsWith("alpha", "E[0]", "B[0]").hasSize(25);
    assertThat(fit.parameters()[0]).isCloseTo(0.3, within(1e-8));
    assertThat(fit.diagnostics().converged()).isTrue();
    assertThat(fit.diagnostics().rmse()).isLessThan(1e-9);
    for (double target : new double[] {8e8, 3e9}) {
      DataMixingLaw.MixingLaw law = fit.mixingLawAt(target);
      assertThat(law.c()).isCloseTo(1.6, within(1e-8));
      assertThat(law.k()).isCloseTo(0.5 + 60 * Math.pow(target, -0.3), within(1e-8));
      assertThat(law.t()).containsExactly(T, within(1e-8));
      for (double[] unseen : synthetic.mixtures(5, 4)) {
        assertThat(fit.predict(target, 1e10, unseen))
            .isCloseTo(nested(target, unseen), within(1e-9));
      }
    }
  }

  @Test
  void usesOnlyMixturesTrainedAtEveryScale() {
    Synthetic synthetic = new Synthetic(7);
    List<double[]> shared = synthetic.mixtures(8, 3);
    List<Observation> runs =
        new ArrayList<>(
            synthetic.grid(
                (n, d, h) -> nested(n, new double[] {h[0], h[1], h[2], 0}),
                TRAINING_CAPACITIES,
                new double[] {1e10},
                shared,
                0));
    runs.add(
        new Observation("extra", Synthetic.scale(1.9e7), 1.9e7, 1e10, new double[] {1, 0, 0}, 3.0));

    DataMixingLaw.Fit fit = new DataMixingLaw().fit(runs);

    assertThat(fit.mixtures()).hasSize(8);
    assertThat(fit.diagnostics().observations()).isEqualTo(25);
  }

  @Test
  void rejectsTwoScales() {
    Synthetic synthetic = new Synthetic(8);
    List<Observation> runs =
        synthetic.grid(
            (n, d, h) -> nested(n, h),
            new double[] {1.9e7, 8.5e7},
            new double[] {1e10},
            synthetic.mixtures(6, 4),
            0);

    assertThatThrownBy(() -> new DataMixingLaw().fit(runs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "data-mixing-law needs runs at one scale, or at >= 3 scales to fit its size law; got 2"
                + " scales [1.90e+07, 8.50e+07]");
  }

  @Test
  void oneScaleFitRefusesAnotherCapacity() {
    DataMixingLaw.Fit fit = new DataMixingLaw().fit(oneScale(9, 10, 0));

    assertThat(fit.predict(8.5e7, 1e10, new double[] {0.25, 0.25, 0.25, 0.25}))
        .isCloseTo(
            DataMixingLaw.mixingLoss(C, K, T, new double[] {0.25, 0.25, 0.25, 0.25}), within(1e-9));
    assertThatThrownBy(() -> fit.predict(3e8, 1e10, new double[] {0.25, 0.25, 0.25, 0.25}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "data-mixing-law was fitted on one scale (capacity 8.5E7) and cannot predict capacity"
                + " 3.0E8; fit it on runs at >= 3 scales to extrapolate");
  }

  @Test
  void rejectsTooFewMixturesAndScalesWithSeveralCapacities() {
    assertThatThrownBy(() -> new DataMixingLaw().fit(oneScale(10, 4, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "data-mixing-law at one scale has 5 parameters for 4 domains and needs at least that"
                + " many distinct mixtures, got 4");
    List<Observation> mixed =
        List.of(
            new Observation("a", "small", 1e7, 1e9, new double[] {1, 0}, 3),
            new Observation("b", "small", 2e7, 1e9, new double[] {0, 1}, 3));
    assertThatThrownBy(() -> new DataMixingLaw().fit(mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "scale small has runs of different capacities, 1.0E7 and 2.0E7 (run b); give each"
                + " capacity its own scale");
  }

  @Test
  void predictChecksTheNumberOfWeights() {
    DataMixingLaw.Fit fit = new DataMixingLaw().fit(oneScale(11, 10, 0));

    assertThatThrownBy(() -> fit.predict(8.5e7, 1e10, new double[] {0.5, 0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 4 mixture weights, got 2");
  }

  /**
   * Ubuntu IRC validation loss of the 26 runs at 305M, step 20000, of the Data Mixing Laws 5-domain
   * ladder (examples/mixinglaws/5Mix/305M.txt): weights of academic, prose, dialogue, symbolic,
   * internet, then the loss. The loss jumps from about 2.5 to about 3.4 when dialogue is absent.
   */
  private static final double[][] UBUNTU_IRC_305M = {
    {0.0625, 0.0, 0.0625, 0.125, 0.75, 2.6032831101190474},
    {0.125, 0.0, 0.0625, 0.0625, 0.75, 2.492861793154762},
    {0.5, 0.1875, 0.09375, 0.125, 0.09375, 2.6079334077380953},
    {0.5, 0.09375, 0.0625, 0.25, 0.09375, 2.5594075520833335},
    {0.0625, 0.09375, 0.09375, 0.0, 0.75, 2.5852864583333335},
    {0.5, 0.1875, 0.0625, 0.25, 0.0, 2.5141136532738093},
    {0.5, 0.09375, 0.03125, 0.0, 0.375, 2.517392113095238},
    {0.25, 0.1875, 0.0625, 0.125, 0.375, 2.505185081845238},
    {0.5, 0.0, 0.0625, 0.0625, 0.375, 2.5146019345238093},
    {0.5, 0.1875, 0.0625, 0.0625, 0.1875, 2.5721493675595237},
    {0.0625, 0.1875, 0.0, 0.0, 0.75, 3.4217354910714284},
    {0.25, 0.09375, 0.03125, 0.25, 0.375, 2.5019066220238093},
    {0.0625, 0.09375, 0.03125, 0.0625, 0.75, 2.4700985863095237},
    {0.5, 0.09375, 0.09375, 0.125, 0.1875, 2.6181640625},
    {0.0, 0.1875, 0.0, 0.0625, 0.75, 3.436337425595238},
    {0.0, 0.09375, 0.09375, 0.0625, 0.75, 2.5880301339285716},
    {0.125, 0.1875, 0.0625, 0.25, 0.375, 2.4966982886904763},
    {0.25, 0.0, 0.0, 0.0, 0.75, 3.4238746279761907},
    {0.125, 0.0, 0.0, 0.125, 0.75, 3.372767857142857},
    {0.0, 0.1875, 0.0625, 0.0, 0.75, 2.5307849702380953},
    {0.125, 0.09375, 0.03125, 0.0, 0.75, 2.5006277901785716},
    {0.5, 0.0, 0.0, 0.125, 0.375, 3.4507068452380953},
    {0.0, 0.0, 0.0, 0.25, 0.75, 3.391787574404762},
    {0.5, 0.0, 0.0625, 0.25, 0.1875, 2.5555478050595237},
    {0.5, 0.1875, 0.0, 0.125, 0.1875, 3.6630859375},
    {0.0, 0.09375, 0.03125, 0.125, 0.75, 2.4764927455357144},
  };

  @Test
  void fitsATargetThatOnlyOneDomainCoversWithFinitePredictions() {
    // The fit drives the dialogue coefficient to extremes where k = exp(mean t) overflows; the
    // law then reports the representative whose largest fitted exponent is 0.
    List<Observation> runs = new ArrayList<>();
    for (int i = 0; i < UBUNTU_IRC_305M.length; i++) {
      double[] row = UBUNTU_IRC_305M[i];
      runs.add(
          new Observation(
              "305M_" + i, "305M", 201541632, 2.097152e10, Arrays.copyOf(row, 5), row[5]));
    }

    DataMixingLaw.Fit fit = new DataMixingLaw().fit(runs);

    DataMixingLaw.MixingLaw law = fit.mixingLawAt(201541632);
    assertThat(Double.isFinite(law.k())).isTrue();
    for (Observation o : runs) {
      assertThat(fit.predict(201541632, 2.097152e10, o.weights())).isFinite();
    }

    assertThat(fit.diagnostics().mae()).isLessThan(0.05);
  }
}
