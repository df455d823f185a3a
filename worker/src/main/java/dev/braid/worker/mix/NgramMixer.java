package dev.braid.worker.mix;

import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.TokenMixer;
import java.util.Arrays;

/**
 * Mixes the network's next-token distribution with n-gram models the way context-mixing compressors
 * (PAQ, zpaq) mix theirs, so an evaluation gets both what the network generalises and the exact
 * repeats that counts catch: a phrase a speaker used two paragraphs ago, a name the network has not
 * memorised.
 *
 * <p>Inputs, each a log-distribution over the vocabulary: the network's (and those of any companion
 * networks, independently trained, read side by side: their errors differ); one per n-gram order from
 * counts of the training text and everything read since ({@link BlendedCounts}, each order blended onto
 * the ones below it, from an add-½ unigram) and five word contexts ({@link ContextHashes}), each with a
 * second input marking the token that followed that context last; and the same from counts of only
 * recent text (the last {@code recentChars} counted characters and everything read since) — recent
 * text predicts a test text better than two centuries of it. Six geometric mixers ({@link
 * GeometricMixer}) combine them, each choosing its weight set by a different context: how long and how
 * reliable the longest seen context is, in all text and in recent text; the token before; the two
 * tokens before; how confident the network is; and how many shorter contexts agree with the longest on
 * what followed it last. A final geometric mixer combines those six and the networks. The mixture
 * starts as "the network alone" (the networks' geometric mean) and learns online after each token, before that token is counted.
 * Choices (orders, the recent source, the selectors, step sizes) were made on SOTU addresses 2009–2010
 * with counts from 1790–2008 — training years, never the test years; see conf/charlm-sotu.conf.
 */
public final class NgramMixer implements TokenMixer {
    private static final double FLOOR = 1e-7;
    private static final double MIXED_FLOOR = 1e-12;
    private static final double FINAL_RATE = 0.0005;
    private static final int CONFIDENCE_BUCKETS = 8;
    private static final int SELECTORS = 6;
    private final int vocab;
    private final int networks;
    private final int[] orders;
    private final int recentChars;
    private final ContextHashes contexts;
    private final BlendedCounts all = new BlendedCounts();
    private final BlendedCounts recent = new BlendedCounts();
    private final long[] unigram;
    private long unigramTotal;
    private int previous = -1;
    private int beforePrevious = -1;
    private final GeometricMixer[] mixers = new GeometricMixer[SELECTORS];
    private final GeometricMixer last;
    private final int[] set = new int[SELECTORS];
    private final double[][] logs;
    private final double[][] mixed;
    private final double[][] mixedLogs;
    private final double[] q;
    private final double[] unigramQ;
    private final double[] p;

    public NgramMixer(MixSpec spec, Vocabulary vocabulary) {
        this(spec, vocabulary, 1);
    }

    /**
     * A mixer of {@code networks} networks' distributions over {@code vocabulary} (the evaluated one
     * first; its confidence selects weights) with the n-gram models; it starts at their geometric mean.
     */
    public NgramMixer(MixSpec spec, Vocabulary vocabulary, int networks) {
        if (networks < 1) {
            throw new IllegalArgumentException("a mixer needs at least one network (got " + networks + ")");
        }
        this.networks = networks;
        this.vocab = vocabulary.size();
        this.orders = spec.orderArray();
        this.recentChars = spec.recentChars();
        this.contexts = new ContextHashes(orders, wordSymbols(vocabulary));
        this.unigram = new long[vocab];
        int k = orders.length;
        int inputs = networks + 2 * 2 * (k + ContextHashes.WORD_CONTEXTS);
        double[] networkAlone = new double[inputs];
        Arrays.fill(networkAlone, 0, networks, 1.0 / networks);
        int levels = (k + 1) * BlendedCounts.CONFIDENCE_LEVELS;
        int[] sets = {levels, levels, vocab, CONFIDENCE_BUCKETS * (k + 1), (k + 1) * (k + 1), vocab * vocab};
        for (int s = 0; s < SELECTORS; s++) {
            mixers[s] = new GeometricMixer(sets[s], networkAlone, spec.learningRate(), true);
        }
        // the final mixer also sees the networks directly (weight 0 at first), so it can lean on them
        // where every selector's mixture trusts the counts too much
        double[] even = new double[SELECTORS + networks];
        Arrays.fill(even, 0, SELECTORS, 1.0 / SELECTORS);
        this.last = new GeometricMixer(1, even, FINAL_RATE, false);
        this.logs = new double[inputs][vocab];
        this.mixed = new double[SELECTORS][vocab];
        this.mixedLogs = new double[SELECTORS + networks][vocab];
        this.q = new double[vocab];
        this.unigramQ = new double[vocab];
        this.p = new double[vocab];
    }

    /**
     * Counts a text the mixer should know before evaluation (the training text), its last
     * {@code recentChars} characters also as recent text; the context then restarts.
     */
    public void count(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            contexts.compute();
            learn(checked(ids[i]), i >= ids.length - recentChars);
        }
        contexts.restart();
        previous = -1;
        beforePrevious = -1;
    }

    /** Distinct contexts counted so far. */
    public long contexts() {
        return (long) all.contexts() + recent.contexts();
    }

    @Override public double charge(float[][] network, int row, int target) {
        checked(target);
        predict(network, row);
        double nats = -Math.log(Math.max(p[target], Double.MIN_NORMAL));
        for (int s = 0; s < SELECTORS; s++) {
            mixers[s].learn(set[s], logs, mixed[s], target);
        }
        last.learn(0, mixedLogs, p, target);
        learn(target, true);
        return nats;
    }

    /** The mixture's next-token distribution for the network's row, learning nothing. */
    double[] distribution(float[] network, int row) {
        return distribution(new float[][] {network}, row);
    }

    /** As above with several networks. */
    double[] distribution(float[][] network, int row) {
        predict(network, row);
        return p.clone();
    }

    private void predict(float[][] network, int row) {
        if (network.length != networks) {
            throw new IllegalArgumentException(network.length + " networks given to a mixer of " + networks);
        }
        int base = row * vocab;
        double best = 0;
        for (int n = 0; n < networks; n++) {
            for (int c = 0; c < vocab; c++) {
                logs[n][c] = Math.log(Math.max(network[n][base + c], FLOOR));
            }
        }
        for (int c = 0; c < vocab; c++) {
            best = Math.max(best, network[0][base + c]);
        }
        contexts.compute();
        int k = orders.length;
        int words = ContextHashes.WORD_CONTEXTS;
        int recentInputs = networks + 2 * (k + words);
        unigramDistribution();
        set[0] = all.blend(contexts.orderKeys, fromUnigram(), logs, networks, FLOOR);
        int agreement = all.agreement();
        all.blend(contexts.wordKeys, fromUnigram(), logs, networks + 2 * k, FLOOR);
        set[1] = recent.blend(contexts.orderKeys, fromUnigram(), logs, recentInputs, FLOOR);
        recent.blend(contexts.wordKeys, fromUnigram(), logs, recentInputs + 2 * k, FLOOR);
        set[2] = Math.max(previous, 0);
        int confidence = Math.min(CONFIDENCE_BUCKETS - 1, (int) (-2 * Math.log(best) / Math.log(2)));
        set[3] = confidence * (k + 1) + set[0] / BlendedCounts.CONFIDENCE_LEVELS;
        set[4] = agreement * (k + 1) + set[0] / BlendedCounts.CONFIDENCE_LEVELS;
        set[5] = Math.max(beforePrevious, 0) * vocab + set[2];
        for (int s = 0; s < SELECTORS; s++) {
            mixers[s].mix(set[s], logs, mixed[s]);
            for (int c = 0; c < vocab; c++) {
                mixedLogs[s][c] = Math.log(Math.max(mixed[s][c], MIXED_FLOOR));
            }
        }
        for (int n = 0; n < networks; n++) {
            System.arraycopy(logs[n], 0, mixedLogs[SELECTORS + n], 0, vocab);
        }
        last.mix(0, mixedLogs, p);
    }

    /** The add-½ unigram distribution, computed once per position into {@code unigramQ}. */
    private void unigramDistribution() {
        double denominator = unigramTotal + 0.5 * vocab;
        for (int c = 0; c < vocab; c++) {
            unigramQ[c] = (unigram[c] + 0.5) / denominator;
        }
    }

    /** {@code q} reset to the unigram distribution: each chain of blends starts from it. */
    private double[] fromUnigram() {
        System.arraycopy(unigramQ, 0, q, 0, vocab);
        return q;
    }

    /** Counts {@code target} after the contexts computed for it, then appends it to the history. */
    private void learn(int target, boolean recentText) {
        all.add(contexts.orderKeys, target);
        all.add(contexts.wordKeys, target);
        if (recentText) {
            recent.add(contexts.orderKeys, target);
            recent.add(contexts.wordKeys, target);
        }
        unigram[target]++;
        unigramTotal++;
        contexts.push(target);
        beforePrevious = previous;
        previous = target;
    }

    private int checked(int id) {
        if (id < 0 || id >= vocab) {
            throw new IllegalArgumentException("token " + id + " is outside the vocabulary of " + vocab);
        }
        return id;
    }

    /** Per token id, the lower-case letter it is (a word character), or -1. */
    static int[] wordSymbols(Vocabulary vocabulary) {
        int[] symbols = new int[vocabulary.size()];
        for (int id = 0; id < symbols.length; id++) {
            String s = vocabulary.symbol(id);
            boolean letter = id >= Vocabulary.SPECIALS.size() && s.codePointCount(0, s.length()) == 1
                    && Character.isLetter(s.codePointAt(0));
            symbols[id] = letter ? Character.toLowerCase(s.codePointAt(0)) : -1;
        }
        return symbols;
    }
}
