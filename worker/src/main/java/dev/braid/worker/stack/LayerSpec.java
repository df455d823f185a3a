package dev.braid.worker.stack;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/**
 * One layer of a model, as config and saved models describe it: its {@code type} (the name below) and
 * its settings. {@link #build} registers its parameters under its name and returns the layer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = EmbeddingSpec.class, name = "embedding"),
        @JsonSubTypes.Type(value = RecurrentSpec.class, name = "recurrent"),
        @JsonSubTypes.Type(value = BidirectionalSpec.class, name = "bidirectional"),
        @JsonSubTypes.Type(value = AttentionSpec.class, name = "attention"),
        @JsonSubTypes.Type(value = FeaturesSpec.class, name = "features"),
        @JsonSubTypes.Type(value = ConcatSpec.class, name = "concat"),
        @JsonSubTypes.Type(value = DenseSpec.class, name = "dense"),
        @JsonSubTypes.Type(value = DropoutSpec.class, name = "dropout"),
        @JsonSubTypes.Type(value = Conv1DSpec.class, name = "conv1d"),
        @JsonSubTypes.Type(value = WaveNetSpec.class, name = "wavenet"),
        @JsonSubTypes.Type(value = PoolSpec.class, name = "pool"),
        @JsonSubTypes.Type(value = RepeatSpec.class, name = "repeat")})
public sealed interface LayerSpec extends Serializable
        permits EmbeddingSpec, RecurrentSpec, BidirectionalSpec, AttentionSpec, FeaturesSpec, ConcatSpec, DenseSpec, DropoutSpec,
        Conv1DSpec, WaveNetSpec, PoolSpec, RepeatSpec {

    /** The unit's name: what {@code placement.stages} lists and what its parameters are prefixed with. */
    String name();

    /** An input layer reads the batch (tokens, features), not the layer before it; its parameters come first. */
    default boolean input() {
        return false;
    }

    /** Registers the layer's parameters in {@code at.layout()} and returns it. */
    Layer build(BuildContext at);

    /** The same layer with every dropout rate in it set to {@code rate} (dropout is a training setting). */
    default LayerSpec withDropout(double rate) {
        return this;
    }
}
