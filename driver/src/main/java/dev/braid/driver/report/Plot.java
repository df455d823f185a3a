package dev.braid.driver.report;

import org.knowm.xchart.internal.chartpart.Chart;

/** One plot of the report: its file name (without {@code .png}), the caption under it, the PNG. */
record Plot(String name, String caption, byte[] png) {
    static Plot of(String name, String caption, Chart<?, ?> chart) {
        return new Plot(name, caption, Charts.png(chart));
    }
}
