package io.mixlaw.jobs.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.StageContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkBootstrapTest {

  @TempDir Path warehouse;

  /** Runs of a 3-domain ladder at three capacities whose losses follow a CAMEL law exactly, plus noise. */
  static FitInput syntheticLadder() {
    List<String> domains = List.of("web", "code", "math");
    List<String> targets = List.of("valid_web", "valid_code");
    double[][] theta = {{0.2, 0.9, 0.8}, {1.1, -0.3, 0.6}};
    double[][] gamma = {{0.10, 0.05, 0.02}, {0.04, 0.15, 0.05}};
    double[] e = {1.6, 0.9};
    double[] a = {0.5, 0.4};
    double[] alpha = {0.3, 0.25};
    SplittableRandom random = new SplittableRandom(42);
    List<FitInput.Run> runs = new ArrayList<>();
    String[] scales = {"20M", "80M", "300M"};
    double[] capacities = {2e7, 8e7, 3e8};
    for (int s = 0; s < scales.length; s++) {
      for (int k = 0; k < 12; k++) {
        double[] w = new double[3];
        double sum = 0;
        for (int j = 0; j < 3; j++) {
          w[j] = -Math.log(1 - random.nextDouble());
          sum += w[j];
        }
        for (int j = 0; j < 3; j++) {
          w[j] /= sum;
        }
        double l = Math.log(capacities[s] / 1e8);
        double[] losses = new double[targets.size()];
        for (int v = 0; v < targets.size(); v++) {
          double exponent = 0;
          for (int j = 0; j < 3; j++) {
            exponent += w[j] * (theta[v][j] - gamma[v][j] * l);
          }
          double loss = e[v] + a[v] * Math.exp(-alpha[v] * l) + Math.exp(exponent);
          losses[v] = loss * (1 + 0.002 * (random.nextDouble() - 0.5));
        }
        runs.add(new FitInput.Run(scales[s] + "_" + k, scales[s], capacities[s], 2e10, w, losses));
      }
    }
    return new FitInput(domains, targets, runs);
  }

  @Test
  void sparkBootstrapEqualsSerialFitsBitForBit() {
    FitInput input = syntheticLadder();
    LawSpec law = new LawSpec("camel", 1e-3, 1e8, 0);
    BootstrapFitter fitter = new BootstrapFitter(input, law, 7L);
    int samples = 12;
    FitSettings settings =
        new FitSettings(law, "loss", List.of(), List.of(), List.of(), new FitSettings.Selection("final", 0, 0),
            io.mixlaw.core.CapacityMeasure.GEOMETRIC, 0.5, samples, 7L, 3, "non-embedding");
    StageContext context = TestSpark.context("fit", null, warehouse);

    List<FitRow> distributed = new ArrayList<>(FitJob.fitOnSpark(context, fitter, settings));
    List<FitRow> serial = new ArrayList<>(FitJob.fitSerially(new BootstrapFitter(input, law, 7L), samples));

    Comparator<FitRow> order = Comparator.comparingInt(FitRow::bootstrapIndex).thenComparing(FitRow::target);
    distributed.sort(order);
    serial.sort(order);
    assertThat(distributed).hasSize((samples + 1) * 2);
    for (int i = 0; i < serial.size(); i++) {
      assertThat(distributed.get(i).parameters()).containsExactly(serial.get(i).parameters());
      assertThat(distributed.get(i).diagnostics()).isEqualTo(serial.get(i).diagnostics());
      assertThat(distributed.get(i).runs()).isEqualTo(serial.get(i).runs());
    }
  }

  @Test
  void pointFitRecoversTheGeneratingIrreducibleLoss() {
    FitInput input = syntheticLadder();
    BootstrapFitter fitter = new BootstrapFitter(input, new LawSpec("camel", 1e-3, 1e8, 0), 7L);
    List<FitRow> point = fitter.fit(0);
    assertThat(point).extracting(FitRow::target).containsExactly("valid_web", "valid_code");
    // 36 runs with 0.1% noise: in-sample error well under 1% of the loss.
    for (FitRow row : point) {
      assertThat(row.diagnostics().converged()).isTrue();
      assertThat(row.diagnostics().rmse()).isLessThan(0.01);
      assertThat(row.runs()).isEqualTo(36);
    }
  }
}
