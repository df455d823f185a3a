package dev.braid.worker.infer;

import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StepLoss;
import java.util.Arrays;
import java.util.List;

/**
 * Held-out loss of a token sequence with state carried from a zero state through the whole text. With
 * {@code streams = 1} this is the standard evaluation (every token predicted from everything before
 * it); more streams cut the text into that many consecutive pieces evaluated in parallel, which is
 * faster and very slightly pessimistic (each piece starts from a zero state).
 */
public final class StreamEvaluator {
    private StreamEvaluator() {
    }

    /** Sum of losses (nats) and number of predicted tokens. */
    public record Result(double nats, long predicted) {
        public double bitsPerToken() {
            return nats / Math.log(2) / predicted;
        }

        public double bits() {
            return nats / Math.log(2);
        }
    }

    /** The network's own loss and a {@link TokenMixer}'s, measured in one pass over the same text. */
    public record Mixed(Result network, Result mixed) {
    }

    /** Each network's own loss (the evaluated one first) and the mixer's over all of them, from one pass. */
    public record Ensemble(List<Result> networks, Result mixed) {
        public Mixed first() {
            return new Mixed(networks.get(0), mixed);
        }
    }

    /** One stream from a zero state, each token charged by the network and by {@code mixer}. */
    public static Mixed evaluate(StackModel model, int[] ids, int seqLength, TokenMixer mixer) {
        return evaluate(model, ids, seqLength, mixer, Progress.NONE);
    }

    /** As above, telling {@code progress} after every segment. */
    public static Mixed evaluate(StackModel model, int[] ids, int seqLength, TokenMixer mixer, Progress progress) {
        if (ids.length < 2) {
            throw new IllegalArgumentException(ids.length + " tokens are too few to evaluate");
        }
        model.resetState(1);
        double nats = 0;
        double mixed = 0;
        for (int start = 0; start < ids.length - 1; start += seqLength) {
            int steps = Math.min(seqLength, ids.length - 1 - start);
            float[] w = new float[steps];
            Arrays.fill(w, 1f);
            nats += model.score(Batch.stream(1, steps, Arrays.copyOfRange(ids, start, start + steps),
                    Arrays.copyOfRange(ids, start + 1, start + steps + 1), w, null)).sum();
            mixed += charge(mixer, model, ids, start, steps);
            progress.at(start + steps, ids.length - 1);
        }
        return new Mixed(new Result(nats, ids.length - 1), new Result(mixed, ids.length - 1));
    }

    /** Nats {@code mixer} charges for tokens {@code start + 1 .. start + steps}, the batch the model last scored. */
    static double charge(TokenMixer mixer, StackModel model, int[] ids, int start, int steps) {
        float[] network = model.lastDistributions();
        double nats = 0;
        for (int t = 0; t < steps; t++) {
            nats += mixer.charge(network, t, ids[start + t + 1]);
        }
        return nats;
    }

    public static Result evaluate(StackModel model, int[] ids, int streams, int seqLength) {
        return evaluate(model, ids, streams, seqLength, Progress.NONE);
    }

    /** As above, telling {@code progress} after every segment. */
    public static Result evaluate(StackModel model, int[] ids, int streams, int seqLength, Progress progress) {
        int length = ids.length / streams;
        if (length < 2) {
            throw new IllegalArgumentException(ids.length + " tokens are too few for " + streams + " streams");
        }
        model.resetState(streams);
        double nats = 0;
        long predicted = 0;
        for (int start = 0; start < length - 1; start += seqLength) {
            int steps = Math.min(seqLength, length - 1 - start);
            int n = steps * streams;
            int[] in = new int[n];
            int[] out = new int[n];
            float[] w = new float[n];
            Arrays.fill(w, 1f);
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < streams; b++) {
                    in[t * streams + b] = ids[b * length + start + t];
                    out[t * streams + b] = ids[b * length + start + t + 1];
                }
            }
            StepLoss loss = model.score(Batch.stream(streams, steps, in, out, w, null));
            nats += loss.sum();
            predicted += n;
            progress.at((long) (start + steps) * streams, (long) (length - 1) * streams);
        }
        return new Result(nats, predicted);
    }
}
