/**
 * The run report: {@code RUN/report.html} and its PNG plots in {@code RUN/plots/}, drawn from what a run
 * directory holds (metrics.jsonl, epochs.json, report.json, split.tsv, the model) at the end of training
 * and on demand ({@code braid report}, also for a run in progress). The page is one file that reads only
 * the plots beside it, so it works offline and can be copied away with them. Plots are drawn with XChart
 * on the driver; nothing here runs on Spark.
 */
package dev.braid.driver.report;
