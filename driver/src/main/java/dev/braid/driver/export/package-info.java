/**
 * Export of trained models to formats other runtimes serve: ONNX graphs (standard operators: Gather,
 * LSTM, GRU, MatMul, ...) written as protocol-buffer bytes by hand ({@link Proto}), from a saved model's
 * spec and parameters ({@code braid export}).
 */
package dev.braid.driver.export;
