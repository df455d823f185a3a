package dev.braid.worker.stack;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/** What turns the last layer's output into a loss and outputs. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = SoftmaxSpec.class, name = "softmax"),
        @JsonSubTypes.Type(value = SigmoidSpec.class, name = "sigmoid"),
        @JsonSubTypes.Type(value = RegressionSpec.class, name = "regression")})
public sealed interface HeadSpec extends Serializable permits SoftmaxSpec, SigmoidSpec, RegressionSpec {

    /** The unit's name (placement, parameter prefix). */
    String name();

    /** Output columns per position. */
    int outputs();

    /** Per-timestep loss weights. */
    StepWeights stepWeights();

    /** The head without its training-only choices (what a resumed or warm-started run must match). */
    default HeadSpec architecture() {
        return this;
    }

    /** Registers the head's parameters and returns it. */
    Head build(BuildContext at);
}
