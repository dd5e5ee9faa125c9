package dev.milvusalias.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@code docs/bench/bench.png} from every run in the results file: apply → Ready (p50, p99) against N, and
 * convergence times against N, each next to the targets (dashed lines, diamonds).
 */
final class ResultsChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 600;
    private static final Color CREATE = new Color(0x1f77b4);
    private static final Color SWITCH = new Color(0xd62728);
    private static final Color TARGET = new Color(0x7f7f7f);

    private ResultsChart() {
    }

    static void draw(Path resultsJson, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<JsonNode> runs = ResultsFile.runs(resultsJson);
        double[] n = values(runs, r -> r.path("n").asDouble());
        double xMin = Math.min(min(n), 1000) / 1.6;
        double xMax = Math.max(max(n), 10_000) * 1.6;

        XYChart latency = chart("apply -> Ready, one change on an idle operator", "ms", xMin, xMax);
        double[] createP50 = values(runs, r -> r.path("createToReady").path("p50").asDouble());
        double[] createP99 = values(runs, r -> r.path("createToReady").path("p99").asDouble());
        double[] switchP50 = values(runs, r -> r.path("switchToReady").path("p50").asDouble());
        double[] switchP99 = values(runs, r -> r.path("switchToReady").path("p99").asDouble());
        line(latency, "create p50", n, createP50, CREATE, false);
        line(latency, "create p99", n, createP99, CREATE, true);
        line(latency, "switch p50", n, switchP50, SWITCH, false);
        line(latency, "switch p99", n, switchP99, SWITCH, true);
        yDecades(latency, concat(createP50, createP99, switchP50, switchP99, new double[] {25, 100}));
        targetLine(latency, "target p50 25 ms", xMin, xMax, 25);
        targetLine(latency, "target p99 100 ms", xMin, xMax, 100);

        XYChart convergence = chart("convergence: N changes until all Ready", "s", xMin, xMax);
        convergence.setXAxisTitle("N (objects or changes)");
        double[] coldStart = values(runs, r -> r.path("coldStart").path("startToAllReadyMs").asDouble() / 1000);
        double[] liveBatch = values(runs, r -> r.path("batch").path("lastCommitToAllReadyMs").asDouble() / 1000);
        double[] storm = values(runs, r -> r.path("storm").path("lastCommitToAllReadyMs").asDouble() / 1000);
        line(convergence, "cold start: spawn -> all Ready", n, coldStart, CREATE, false);
        // a batch or storm the API server could not take whole stands at the number of changes it did take
        line(convergence, "live batch: last create -> all Ready", values(runs, r -> r.path("batch").path("objects")
                .asDouble()), liveBatch, CREATE, true);
        line(convergence, "storm: last switch -> all Ready", values(runs, r -> r.path("storm").path("objects")
                .asDouble()), storm, SWITCH, false);
        targetPoint(convergence, "target: 10,000 cold start 60 s", 10_000, 60);
        targetPoint(convergence, "target: 1,000 storm 10 s", 1_000, 10);
        yDecades(convergence, concat(coldStart, liveBatch, storm, new double[] {10, 60}));

        BufferedImage left = BitmapEncoder.getBufferedImage(latency);
        BufferedImage right = BitmapEncoder.getBufferedImage(convergence);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), Math.max(left.getHeight(),
                right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        ImageIO.write(both, "png", png.toFile());
    }

    private static XYChart chart(String title, String unit, double xMin, double xMax) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("N (objects)")
                .yAxisTitle(unit + " (log scale)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setXAxisMin(xMin).setXAxisMax(xMax)
                .setXAxisDecimalPattern("#,###").setMarkerSize(8);
        return chart;
    }

    /** A series through the runs that have this figure (a partial phase has none). */
    private static void line(XYChart chart, String name, double[] allX, double[] allY, Color color, boolean dashed) {
        double[] x = IntStream.range(0, allX.length).filter(i -> Double.isFinite(allY[i])).mapToDouble(i -> allX[i])
                .toArray();
        double[] y = Arrays.stream(allY).filter(Double::isFinite).toArray();
        if (x.length == 0) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(dashed ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        s.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
    }

    private static void targetLine(XYChart chart, String name, double xMin, double xMax, double y) {
        XYSeries s = chart.addSeries(name, new double[] {xMin, xMax}, new double[] {y, y});
        s.setLineColor(TARGET);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f));
    }

    private static void targetPoint(XYChart chart, String name, double x, double y) {
        XYSeries s = chart.addSeries(name, new double[] {x}, new double[] {y});
        s.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(TARGET);
        s.setLineStyle(SeriesLines.NONE);
    }

    /** Whole decades around the values, so the log axis shows at least two labels. */
    private static void yDecades(XYChart chart, double[] values) {
        double low = Arrays.stream(values).filter(v -> v > 0 && Double.isFinite(v)).min().orElse(1);
        double high = Arrays.stream(values).filter(v -> v > 0 && Double.isFinite(v)).max().orElse(10);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(low))))
                .setYAxisMax(Math.pow(10, Math.ceil(Math.log10(high * 1.01))));
    }

    private static double[] concat(double[]... arrays) {
        return Arrays.stream(arrays).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[] values(List<JsonNode> runs, ToDoubleFunction<JsonNode> value) {
        return runs.stream().mapToDouble(value).toArray();
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(1000);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(1000);
    }
}
