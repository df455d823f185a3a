package dev.braid.driver.workload;

import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.stack.HeadSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** One of the course's teaching tasks: its generated data, its default head, its scores. */
interface TeachingTask {

    /** Token ids of its inputs (an embedding's vocabulary), 0 for numeric inputs. */
    int vocabulary();

    /** The head where {@code model.head} is empty. */
    HeadSpec defaultHead();

    /** {@code count} examples from {@code rng} in batches of up to {@code rows}. */
    List<Batch> examples(SplittableRandom rng, int count, int rows);

    /** {@code count} test examples, in what {@link #evaluate} reads (by default as {@link #examples}). */
    default List<Batch> tests(SplittableRandom rng, int count, int rows) {
        return examples(rng, count, rows);
    }

    /** The scores of {@code model} on {@code test}, the headline first, each beside its baseline. */
    Map<String, Double> evaluate(StackModel model, List<Batch> test);

    /** The headline as an error (lower is better), for scheduled retraining. */
    double error(Map<String, Double> scores);

    /** One line describing the scores. */
    String describe(Map<String, Double> scores);

    /** {@code model}'s predictions for {@code batch}, each from a zero state (examples are independent). */
    static float[] predict(StackModel model, Batch batch) {
        model.resetState(batch.rows());
        return model.predict(batch);
    }
}
