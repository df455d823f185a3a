package dev.braid.driver.workload;

import dev.braid.worker.classify.DocumentScorer;
import dev.braid.worker.classify.LabelledBatches.Example;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A classifier's probabilities for encoded documents as a Spark job: the model broadcast once, built once
 * per partition, each partition's documents scored in batches of similar lengths
 * ({@link DocumentScorer}); only (name, label, probability) come back to the driver, in name order.
 */
public final class ClassifyJob {
    /** Rows of a scoring batch. */
    private static final int ROWS = 64;

    private ClassifyJob() {
    }

    /** One document's probability of label 1 (its label as given, -1 when unknown). */
    public record Scored(String name, int label, double probability) implements Serializable {
    }

    private record Model(ModelSpec spec, float[] params) implements Serializable {
    }

    /** The probabilities the model of {@code spec} with {@code params} gives {@code examples}, in name order. */
    public static List<Scored> score(JavaSparkContext sc, ModelSpec spec, float[] params, JavaRDD<Example> examples) {
        Broadcast<Model> model = sc.broadcast(new Model(spec, params));
        try {
            List<Scored> out = new ArrayList<>(examples.mapPartitions(it -> scorePartition(model.value(), it)).collect());
            out.sort(Comparator.comparing(Scored::name));
            return out;
        } finally {
            model.destroy();
        }
    }

    private static Iterator<Scored> scorePartition(Model m, Iterator<Example> it) {
        List<Example> docs = new ArrayList<>();
        it.forEachRemaining(docs::add);
        if (docs.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        StackModel model = m.spec().build(Precision.FLOAT);
        model.params().setAll(m.params());
        double[] p = new DocumentScorer(model, ROWS).probabilities(docs);
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            out.add(new Scored(docs.get(i).name(), docs.get(i).label(), p[i]));
        }
        return out.iterator();
    }
}
