package dev.braid.driver.workload;

import dev.braid.worker.classify.LabelledBatches;
import dev.braid.worker.data.ReberGrammar;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.stack.HeadSpec;
import dev.braid.worker.stack.SigmoidSpec;
import dev.braid.worker.stack.StepWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seq2vec classification: embedded Reber strings (label 1) against one-symbol corruptions of them
 * (label 0, checked ungrammatical), half each; batches of similar lengths, right-padded with each
 * row's length. Scored by test accuracy (chance 50%).
 */
final class ReberTask implements TeachingTask {

    @Override public int vocabulary() {
        return ReberGrammar.VOCABULARY;
    }

    @Override public HeadSpec defaultHead() {
        return new SigmoidSpec("out", 1, StepWeights.NONE);
    }

    @Override public List<Batch> examples(SplittableRandom rng, int count, int rows) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            strings.add(i % 2 == 0 ? ReberGrammar.embedded(rng) : ReberGrammar.corrupted(rng));
        }
        // similar lengths together: little padding
        strings.sort(Comparator.comparingInt(String::length));
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < count; from += rows) {
            out.add(batch(strings.subList(from, Math.min(count, from + rows))));
        }
        return out;
    }

    private static Batch batch(List<String> strings) {
        List<LabelledBatches.Example> examples = new ArrayList<>();
        for (String s : strings) {
            examples.add(new LabelledBatches.Example(s, ReberGrammar.grammatical(s) ? 1 : 0, ReberGrammar.encode(s)));
        }
        return LabelledBatches.batch(examples, null);
    }

    @Override public Map<String, Double> evaluate(StackModel model, List<Batch> test) {
        int right = 0;
        int total = 0;
        for (Batch b : test) {
            float[] p = TeachingTask.predict(model, b);
            for (int r = 0; r < b.rows(); r++) {
                right += (p[r] > 0.5) == (b.targetValues()[r] > 0.5) ? 1 : 0;
                total++;
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("testAccuracy", right / (double) total);
        scores.put("testStrings", (double) total);
        scores.put("chanceAccuracy", 0.5);
        return scores;
    }

    @Override public double error(Map<String, Double> scores) {
        return 1 - scores.get("testAccuracy");
    }

    @Override public String describe(Map<String, Double> s) {
        return String.format(Locale.ROOT, "Test accuracy %.2f%% on %,.0f strings (half of them corrupted; chance 50%%)",
                100 * s.get("testAccuracy"), s.get("testStrings"));
    }
}
