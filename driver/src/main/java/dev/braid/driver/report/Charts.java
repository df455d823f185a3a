package dev.braid.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The few chart shapes the report draws, in one style, as PNG bytes: lines over rounds or epochs (with
 * events marked as points), a scatter with labels, a heat map. Headless: no display is needed.
 */
final class Charts {
    static final int WIDTH = 720;
    static final int HEIGHT = 360;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Marks of events keep their colour on every plot, whichever other lines it has. */
    static final Color ROLLED_BACK = new Color(214, 39, 40);
    static final Color EXECUTOR_LOST = new Color(148, 103, 189);
    static final Color EPOCH_END = new Color(255, 127, 14);

    /**
     * One line: x and y values; {@code dots} draws points instead of a line (events, few values);
     * {@code color} null for the next of the style's colours.
     */
    record Line(String name, double[] x, double[] y, boolean dots, Color color) {
        Line(String name, double[] x, double[] y, boolean dots) {
            this(name, x, y, dots, null);
        }

        Line colored(Color c) {
            return new Line(name, x, y, dots, c);
        }

        static Line of(String name, List<double[]> points, boolean dots) {
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            return new Line(name, x, y, dots);
        }
    }

    /** A chart of lines; empty lines are left out; {@code logY} for losses that fall by orders. */
    static XYChart lines(String title, String xTitle, String yTitle, List<Line> lines, boolean logY) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(c);
        c.getStyler().setYAxisLogarithmic(logY && lines.stream().allMatch(l -> positive(l.y())));
        for (Line l : lines) {
            if (l.x().length == 0) {
                continue;
            }
            XYSeries s = c.addSeries(l.name(), l.x(), l.y());
            if (l.dots()) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.DIAMOND);
            } else {
                s.setMarker(l.x().length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                s.setLineStyle(new BasicStroke(1.6f));
            }
            if (l.color() != null) {
                s.setMarkerColor(l.color());
                s.setLineColor(l.color());
            }
        }
        return c;
    }

    /** Points with the first {@code labels.size()} of them labelled (an embedding map). */
    static XYChart scatter(String title, String xTitle, String yTitle, double[] x, double[] y, List<String> labels) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(2 * HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setMarkerSize(4);
        XYSeries s = c.addSeries("symbols", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(70, 110, 180, 120));
        for (int i = 0; i < labels.size(); i++) {
            c.addAnnotation(new org.knowm.xchart.AnnotationText(labels.get(i), x[i], y[i], false));
        }
        return c;
    }

    /** A heat map of {@code cells[row][col]} with the counts written in (a confusion matrix). */
    static HeatMapChart heat(String title, String xTitle, String yTitle, List<String> cols, List<String> rows,
                             int[][] cells) {
        HeatMapChart c = new HeatMapChartBuilder().width(HEIGHT + 120).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setShowValue(true);
        c.getStyler().setMin(0);
        c.getStyler().setRangeColors(new Color[] {new Color(245, 248, 255), new Color(120, 160, 220), new Color(20, 60, 140)});
        List<Number[]> data = new java.util.ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int col = 0; col < cols.size(); col++) {
                data.add(new Number[] {col, r, cells[r][col]});
            }
        }
        c.addSeries("count", cols, rows, data);
        return c;
    }

    /** A heat map of weights in [0, 1] (an attention alignment): {@code cells[row][col]}, no values written. */
    static HeatMapChart weights(String title, String xTitle, String yTitle, List<String> cols, List<String> rows,
                                float[][] cells) {
        int w = Math.max(HEIGHT, 160 + 18 * cols.size());
        int h = Math.max(240, 120 + 18 * rows.size());
        HeatMapChart c = new HeatMapChartBuilder().width(w).height(h).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setShowValue(false);
        c.getStyler().setMin(0);
        c.getStyler().setMax(1);
        c.getStyler().setXAxisLabelRotation(90);
        c.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(120, 160, 220), new Color(10, 40, 110)});
        List<Number[]> data = new java.util.ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int col = 0; col < cols.size(); col++) {
                // XChart draws the first category at the bottom: the first output token goes on top
                data.add(new Number[] {col, rows.size() - 1 - r, cells[r][col]});
            }
        }
        List<String> upward = new java.util.ArrayList<>(unique(rows));
        java.util.Collections.reverse(upward);
        c.addSeries("weight", unique(cols), upward, data);
        return c;
    }

    /** Category labels must differ: a repeated token gets its position. */
    private static List<String> unique(List<String> labels) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            out.add(seen.add(l) ? l : l + " (" + (i + 1) + ")");
        }
        return out;
    }

    private static void style(XYChart c) {
        org.knowm.xchart.style.XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setSeriesColors(new Color[] {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
                new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)});
    }

    private static boolean positive(double[] y) {
        for (double v : y) {
            if (!(v > 0)) {
                return false;
            }
        }
        return y.length > 0;
    }

    /** The chart as PNG bytes. */
    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing " + chart.getTitle(), e);
        }
    }
}
