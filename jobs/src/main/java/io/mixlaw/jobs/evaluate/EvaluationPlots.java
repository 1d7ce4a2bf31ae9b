package io.mixlaw.jobs.evaluate;

import io.mixlaw.core.MixlawException;
import io.mixlaw.law.evaluation.BenchmarkData;
import io.mixlaw.law.evaluation.EvaluationResult;
import io.mixlaw.law.evaluation.Prediction;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Predicted-versus-observed scatter plots, one PNG per law and test scale. */
final class EvaluationPlots {

  /** Width of each plot in pixels. */
  static final int WIDTH = 640;

  /** Height of each plot in pixels. */
  static final int HEIGHT = 560;

  private EvaluationPlots() {}

  /**
   * Draws every law at every test scale: validation targets as one series, the aggregate loss as
   * another, and the line predicted = observed.
   *
   * @return the files written, in law and scale order
   */
  static List<Path> write(Path folder, EvaluationResult result) {
    if (System.getProperty("java.awt.headless") == null) {
      // Plots are rendered off-screen; a batch job has no display.
      System.setProperty("java.awt.headless", "true");
    }

    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      for (String law : result.laws()) {
        for (String scale : result.testScales()) {
          List<Prediction> targets = new ArrayList<>();
          List<Prediction> aggregate = new ArrayList<>();
          for (Prediction p : result.predictions()) {
            if (p.law().equals(law) && p.scale().equals(scale)) {
              if (p.target().equals(BenchmarkData.AGGREGATE_TARGET)) {
                aggregate.add(p);
              } else {
                targets.add(p);
              }
            }
          }

          if (targets.isEmpty()) {
            continue;
          }

          Path file = folder.resolve(fileName(law, scale));
          try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(
                chart(law, scale, result.protocol(), targets, aggregate),
                out,
                BitmapEncoder.BitmapFormat.PNG);
          }

          written.add(file);
        }
      }
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot write the plots under " + folder + " (--plots-dir)",
          "check that the folder is writable",
          e);
    }

    return written;
  }

  /**
   * {@code <law>-<scale>.png} with characters other than letters, digits, '.', '_' and '-' as '_'.
   */
  static String fileName(String law, String scale) {
    return (law + "-" + scale).replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
  }

  private static XYChart chart(
      String law,
      String scale,
      String protocol,
      List<Prediction> targets,
      List<Prediction> aggregate) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(String.format(Locale.ROOT, "%s at %s (%s)", law, scale, protocol))
            .xAxisTitle("observed loss (nats/token)")
            .yAxisTitle("predicted loss (nats/token)")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    List<Prediction> all = new ArrayList<>(targets);
    all.addAll(aggregate);
    for (Prediction p : all) {
      low = Math.min(low, Math.min(p.observed(), p.predicted()));
      high = Math.max(high, Math.max(p.observed(), p.predicted()));
    }

    XYSeries diagonal =
        chart.addSeries("predicted = observed", new double[] {low, high}, new double[] {low, high});
    diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    diagonal.setMarker(SeriesMarkers.NONE);
    diagonal.setLineColor(Color.GRAY);
    chart.addSeries(
        "validation targets (" + targets.size() + ")", observed(targets), predicted(targets));
    if (!aggregate.isEmpty()) {
      chart.addSeries(
          "aggregate (" + aggregate.size() + ")", observed(aggregate), predicted(aggregate));
    }

    return chart;
  }

  private static double[] observed(List<Prediction> predictions) {
    return predictions.stream().mapToDouble(Prediction::observed).toArray();
  }

  private static double[] predicted(List<Prediction> predictions) {
    return predictions.stream().mapToDouble(Prediction::predicted).toArray();
  }
}
