package dev.braid.worker.kernel;

/** Regression losses: squared error, absolute error, Huber's (quadratic within delta, linear beyond). */
public enum RegressionLoss {
    MSE, MAE, HUBER
}
