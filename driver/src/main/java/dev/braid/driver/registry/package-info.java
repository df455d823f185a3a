/**
 * The model registry of scheduled retraining: immutable version folders ({@code versions/v0001}, ...)
 * holding a model and its {@code version.json}, one {@code current} pointer replaced by an atomic
 * rename, and a {@code lock} file that keeps a second retrain of the same registry out. All on any
 * Hadoop file system.
 */
package dev.braid.driver.registry;
