package dev.braid.worker.model;

import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.HeadSpec;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The serialisable description of a model: an optional {@code encoder} stack, the main {@code stack}
 * and its {@code head}; enough to rebuild it anywhere, shipped to executors in place of the model.
 * With an encoder, the main stack is a decoder whose layers may read the encoder's top output.
 */
public record ModelSpec(List<LayerSpec> encoder, List<LayerSpec> stack, HeadSpec head) implements Serializable {

    public ModelSpec {
        encoder = List.copyOf(encoder);
        stack = List.copyOf(stack);
        if (stack.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer in its stack");
        }
        List<String> seen = new ArrayList<>();
        for (String name : units(encoder, stack, head)) {
            if (seen.contains(name)) {
                throw new IllegalArgumentException("two layers are named '" + name + "': layer names must be unique "
                        + "(placement.stages and parameter names use them)");
            }
            seen.add(name);
        }
        checkTie(encoder, stack, head);
    }

    /** A softmax tied to an embedding: the embedding exists, trains, and has a row per class. */
    private static void checkTie(List<LayerSpec> encoder, List<LayerSpec> stack, HeadSpec head) {
        if (!(head instanceof SoftmaxSpec s) || !s.tied()) {
            return;
        }
        List<LayerSpec> all = new ArrayList<>(encoder);
        all.addAll(stack);
        EmbeddingSpec e = all.stream().filter(l -> l instanceof EmbeddingSpec && l.name().equals(s.tie()))
                .map(EmbeddingSpec.class::cast).findFirst().orElseThrow(() -> new IllegalArgumentException("softmax head '"
                        + s.name() + "': tie = '" + s.tie() + "' names no embedding layer; the embeddings are "
                        + all.stream().filter(l -> l instanceof EmbeddingSpec).map(LayerSpec::name).toList()));
        if (e.frozen()) {
            throw new IllegalArgumentException("softmax head '" + s.name() + "': tie = '" + s.tie() + "' names a frozen "
                    + "embedding, which the head would train; unfreeze it or remove the tie");
        }
        if (e.vocabulary() != s.classes()) {
            throw new IllegalArgumentException("softmax head '" + s.name() + "': tie = '" + s.tie() + "' names an embedding "
                    + "of " + e.vocabulary() + " symbols for " + s.classes() + " classes; a tied table has a row per class");
        }
    }

    /** A model of one stack and a head. */
    public static ModelSpec of(List<LayerSpec> stack, HeadSpec head) {
        return new ModelSpec(List.of(), stack, head);
    }

    /** Builds a fresh model; parameters are zero until {@code initParams} or a load. */
    public StackModel build(Precision precision) {
        return build(precision.newKernels());
    }

    /** The same with {@code kernels} (a device's): its buffers live where the kernels compute. */
    public StackModel build(Kernels kernels) {
        return new StackModel(this, kernels, null, null);
    }

    /** The model's units in order, by the names {@code placement.stages} uses: encoder, stack, head. */
    public List<String> units() {
        return units(encoder, stack, head);
    }

    /** The units by name, of which the first {@code encoder} are an encoder's. */
    public record Units(List<String> names, int encoder) implements Serializable {
        public Units {
            names = List.copyOf(names);
        }
    }

    /** {@link #units()} with the encoder's count. */
    public Units layers() {
        return new Units(units(), encoderUnits());
    }

    /** How many of {@link #units()} are the encoder's (0 without one). */
    public int encoderUnits() {
        return encoder.size();
    }

    private static List<String> units(List<LayerSpec> encoder, List<LayerSpec> stack, HeadSpec head) {
        List<String> names = new ArrayList<>();
        encoder.forEach(l -> names.add(l.name()));
        stack.forEach(l -> names.add(l.name()));
        names.add(head.name());
        return names;
    }

    /** The same architecture with every dropout rate set to {@code rate} (what a warm start may change). */
    public ModelSpec withDropout(double rate) {
        return new ModelSpec(encoder.stream().map(l -> l.withDropout(rate)).toList(),
                stack.stream().map(l -> l.withDropout(rate)).toList(), head);
    }

    /** The same layers under {@code head}. */
    public ModelSpec withHead(HeadSpec other) {
        return new ModelSpec(encoder, stack, other);
    }

    /** Whether {@code other} is this architecture, dropout and the head's training-only choices aside. */
    public boolean sameArchitecture(ModelSpec other) {
        return withDropout(0).withHead(head.architecture()).equals(other.withDropout(0).withHead(other.head.architecture()));
    }
}
