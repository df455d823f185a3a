package dev.braid.worker.model;

import dev.braid.worker.kernel.Precision;
import java.io.Serializable;

/**
 * The serialisable description of a model's architecture: enough to rebuild it anywhere, shipped to
 * executors in place of the model itself.
 */
public sealed interface ModelSpec extends Serializable permits LanguageModelSpec, Seq2SeqSpec {

    /** Builds a fresh, unbound-to-data model; parameters are zero until {@code initParams} or a load. */
    SequenceModel<?> build(Precision precision);

    /** The same with {@code kernels} (a device's): its buffers live where the kernels compute. */
    SequenceModel<?> build(dev.braid.worker.kernel.Kernels kernels);

    /** The model's layers in order, by the names a pipeline's {@code placement.stages} uses. */
    java.util.List<String> units();

    /** The dropout rate after recurrent layers: a training setting, not part of the shape. */
    double dropout();

    /** The same architecture with another dropout rate (what a warm start may change). */
    ModelSpec withDropout(double rate);
}
