package dev.braid.worker.stack;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/** What turns the last layer's output into a loss and outputs. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = SoftmaxSpec.class, name = "softmax")})
public sealed interface HeadSpec extends Serializable permits SoftmaxSpec {

    /** The unit's name (placement, parameter prefix). */
    String name();

    /** Registers the head's parameters and returns it. */
    Head build(BuildContext at);
}
