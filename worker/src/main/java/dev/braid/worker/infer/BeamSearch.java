package dev.braid.worker.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Batched beam search. Each example keeps up to {@code beam} live hypotheses; at every step all
 * {@code live x V} extensions are ranked by log-probability and the best {@code beam} kept. A hypothesis
 * that emits {@code </s>} is finished with score {@code logProb / length^alpha} (length counts the end
 * token); an example stops when it has {@code beam} finished hypotheses or reaches its maximum length
 * (live hypotheses are then finished as they are). With beam 1 this is greedy decoding.
 */
public final class BeamSearch {
    private BeamSearch() {
    }

    /** The {@code nbest} best hypotheses of each example, best first. */
    public static List<List<Hypothesis>> search(StepScorer scorer, int examples, int beam, int nbest, int[] maxLength,
                                                double alpha, int bos, int eos) {
        int v = scorer.vocabulary();
        List<List<Hypothesis>> finished = new ArrayList<>();
        List<List<Live>> live = new ArrayList<>();
        int[] parents = new int[examples];
        int[] last = new int[examples];
        for (int e = 0; e < examples; e++) {
            finished.add(new ArrayList<>());
            live.add(List.of(new Live(e, new int[0], 0)));
            parents[e] = e;
            last[e] = bos;
        }
        for (int step = 0; parents.length > 0; step++) {
            float[] logp = scorer.step(parents, last);
            List<Integer> nextParents = new ArrayList<>();
            List<Integer> nextTokens = new ArrayList<>();
            int row = 0;
            for (int e = 0; e < examples; e++) {
                List<Live> hyps = live.get(e);
                List<Live> kept = extend(hyps, row, logp, v, beam, eos, step + 1 >= maxLength[e], finished.get(e), alpha);
                row += hyps.size();
                if (finished.get(e).size() >= beam) {
                    kept = List.of();
                }
                for (Live h : kept) {
                    nextParents.add(h.row());
                    nextTokens.add(h.tokens()[h.tokens().length - 1]);
                }
                live.set(e, renumber(kept, nextParents.size() - kept.size()));
            }
            parents = nextParents.stream().mapToInt(Integer::intValue).toArray();
            last = nextTokens.stream().mapToInt(Integer::intValue).toArray();
        }
        List<List<Hypothesis>> out = new ArrayList<>();
        for (List<Hypothesis> f : finished) {
            f.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
            out.add(List.copyOf(f.subList(0, Math.min(nbest, f.size()))));
        }
        return out;
    }

    /** A live hypothesis: the row that scored it (then, once kept, its new row) and its tokens so far. */
    private record Live(int row, int[] tokens, double logProb) {
    }

    private static List<Live> extend(List<Live> hyps, int firstRow, float[] logp, int v, int beam, int eos,
                                     boolean lastStep, List<Hypothesis> finished, double alpha) {
        List<Live> candidates = new ArrayList<>();
        for (int i = 0; i < hyps.size(); i++) {
            Live h = hyps.get(i);
            int base = (firstRow + i) * v;
            for (int tok : topTokens(logp, base, v, beam)) {
                int[] tokens = Arrays.copyOf(h.tokens(), h.tokens().length + 1);
                tokens[tokens.length - 1] = tok;
                candidates.add(new Live(firstRow + i, tokens, h.logProb() + logp[base + tok]));
            }
        }
        candidates.sort(Comparator.comparingDouble(Live::logProb).reversed());
        List<Live> kept = new ArrayList<>();
        for (Live c : candidates.subList(0, Math.min(beam, candidates.size()))) {
            int[] t = c.tokens();
            if (t[t.length - 1] == eos) {
                finished.add(new Hypothesis(Arrays.copyOf(t, t.length - 1), c.logProb(), c.logProb() / Math.pow(t.length, alpha)));
            } else if (lastStep) {
                finished.add(new Hypothesis(t, c.logProb(), c.logProb() / Math.pow(t.length, alpha)));
            } else {
                kept.add(c);
            }
        }
        return kept;
    }

    private static List<Live> renumber(List<Live> kept, int firstNewRow) {
        List<Live> out = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Live h = kept.get(i);
            out.add(new Live(firstNewRow + i, h.tokens(), h.logProb()));
        }
        return out;
    }

    /** Indices of the {@code n} largest of {@code logp[base .. base+v)}, best first. */
    static int[] topTokens(float[] logp, int base, int v, int n) {
        int k = Math.min(n, v);
        int[] best = new int[k];
        Arrays.fill(best, -1);
        for (int j = 0; j < v; j++) {
            float x = logp[base + j];
            int pos = k;
            while (pos > 0 && (best[pos - 1] < 0 || logp[base + best[pos - 1]] < x)) {
                pos--;
            }
            if (pos < k) {
                System.arraycopy(best, pos, best, pos + 1, k - pos - 1);
                best[pos] = j;
            }
        }
        return best;
    }

    /** Greedy decoding: the most probable token at every step until {@code </s>} or the maximum length. */
    public static List<Hypothesis> greedy(StepScorer scorer, int examples, int[] maxLength, int bos, int eos) {
        int v = scorer.vocabulary();
        List<int[]> tokens = new ArrayList<>();
        double[] logProb = new double[examples];
        List<Integer> active = new ArrayList<>();
        for (int e = 0; e < examples; e++) {
            tokens.add(new int[0]);
            active.add(e);
        }
        int[] parents = active.stream().mapToInt(Integer::intValue).toArray();
        int[] last = new int[examples];
        Arrays.fill(last, bos);
        boolean[] done = new boolean[examples];
        for (int step = 0; parents.length > 0; step++) {
            float[] logp = scorer.step(parents, last);
            List<Integer> nextParents = new ArrayList<>();
            List<Integer> nextLast = new ArrayList<>();
            List<Integer> stillActive = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                int e = active.get(i);
                int tok = topTokens(logp, i * v, v, 1)[0];
                logProb[e] += logp[i * v + tok];
                if (tok == eos) {
                    done[e] = true;
                    continue;
                }
                int[] t = Arrays.copyOf(tokens.get(e), tokens.get(e).length + 1);
                t[t.length - 1] = tok;
                tokens.set(e, t);
                if (step + 1 >= maxLength[e]) {
                    continue;
                }
                nextParents.add(i);
                nextLast.add(tok);
                stillActive.add(e);
            }
            active = stillActive;
            parents = nextParents.stream().mapToInt(Integer::intValue).toArray();
            last = nextLast.stream().mapToInt(Integer::intValue).toArray();
        }
        List<Hypothesis> out = new ArrayList<>();
        for (int e = 0; e < examples; e++) {
            int len = tokens.get(e).length + (done[e] ? 1 : 0);
            out.add(new Hypothesis(tokens.get(e), logProb[e], logProb[e] / Math.max(1, len)));
        }
        return out;
    }
}
