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
        @JsonSubTypes.Type(value = AttentionSpec.class, name = "attention")})
public sealed interface LayerSpec extends Serializable
        permits EmbeddingSpec, RecurrentSpec, BidirectionalSpec, AttentionSpec {

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
