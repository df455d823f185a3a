package dev.braid.worker.infer;

import dev.braid.worker.random.Seeds;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.Batch;
import java.util.SplittableRandom;

/** Samples text from a character language model: the prime sets the state, then one character at a time. */
public final class Sampler {
    private static final int PRIME_CHUNK = 256;
    private Sampler() {
    }

    public static String sample(StackModel model, Vocabulary vocab, String prime, int length, double temperature,
                                long seed) {
        SplittableRandom rng = Seeds.sampling(seed);
        int v = vocab.size();
        Buf probs = model.kernels().alloc(v);
        model.resetState(1);
        int[] primeIds = vocab.encodeChars(prime.isEmpty() ? "\n" : prime);
        // a prime of any length: fed in chunks with the state carried, like held-out text
        for (int from = 0; from < primeIds.length; from += PRIME_CHUNK) {
            int to = Math.min(primeIds.length, from + PRIME_CHUNK);
            model.probabilities(single(java.util.Arrays.copyOfRange(primeIds, from, to)), temperature, probs);
        }
        StringBuilder out = new StringBuilder();
        int[] next = new int[1];
        for (int i = 0; i < length; i++) {
            int id = draw(probs, v, rng);
            if (id >= Vocabulary.SPECIALS.size()) {
                out.append(vocab.symbol(id));
            }
            next[0] = id;
            model.probabilities(single(next), temperature, probs);
        }
        return out.toString();
    }

    private static Batch single(int[] ids) {
        float[] w = new float[ids.length];
        return Batch.stream(1, ids.length, ids, ids, w, null);
    }

    private static int draw(Buf probs, int v, SplittableRandom rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int j = Vocabulary.SPECIALS.size(); j < v; j++) {
            acc += probs.get(j);
        }
        u *= acc;
        double run = 0;
        for (int j = Vocabulary.SPECIALS.size(); j < v; j++) {
            run += probs.get(j);
            if (u < run) {
                return j;
            }
        }
        return v - 1;
    }
}
