/**
 * Forecasting math, free of Spark and files: a daily series and its calendar (US federal holidays by rule),
 * the scaling a model is trained on, the model's inputs and targets as windows of batches, the seasonal
 * baselines a forecaster is measured against, and sMAPE/MAPE per horizon.
 */
package dev.braid.worker.forecast;
