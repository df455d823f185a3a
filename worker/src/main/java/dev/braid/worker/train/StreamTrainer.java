package dev.braid.worker.train;

import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LmBatch;

/**
 * Trains one partition's round of consecutive streams. Each executor thread keeps one training loop
 * (model, buffers, optimizer) and reuses it round after round for the same spec: everything it holds is
 * overwritten from the round's start, so reuse changes no result.
 */
public final class StreamTrainer {
    private static final ThreadLocal<Cached> LOOPS = new ThreadLocal<>();
    private static volatile int blasThreads = -1;

    private record Cached(StreamTrainingSpec spec, TrainingLoop<LmBatch> loop) {
    }

    private StreamTrainer() {
    }

    public static RoundResult trainRound(StreamTrainingSpec spec, StreamBlock block, RoundStart start, float[] rnnState) {
        StreamBatches batches = new StreamBatches(block, spec.seqLength(), spec.stateful(), spec.randomOffset(),
                spec.resetAtDocuments(), spec.seed());
        return loop(spec).run(block.partition(), start, rnnState, batches);
    }

    /** The calling thread's loop for {@code spec}, built on first use. */
    public static TrainingLoop<LmBatch> loop(StreamTrainingSpec spec) {
        if (blasThreads != spec.blasThreads()) {
            BlasThreads.set(spec.blasThreads());
            blasThreads = spec.blasThreads();
        }
        Cached c = LOOPS.get();
        if (c == null || !c.spec().equals(spec)) {
            LanguageModel model = spec.model().build(Precision.FLOAT);
            c = new Cached(spec, new TrainingLoop<>(model, spec.optimizer(), spec.stateful()));
            LOOPS.set(c);
        }
        return c.loop();
    }
}
