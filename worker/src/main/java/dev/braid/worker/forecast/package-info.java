/**
 * Forecasting math, free of Spark and files: a regular series (daily, or a row every few days, such as one
 * weekday's) and its calendar (US federal holidays by rule),
 * the scaling a model is trained on, the model's inputs and targets as windows of batches, the seasonal
 * baselines a forecaster is measured against, and sMAPE/MAPE per horizon.
 */
package dev.braid.worker.forecast;
