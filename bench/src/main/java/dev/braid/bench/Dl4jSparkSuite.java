package dev.braid.bench;

import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.train.StreamRoundTask;
import dev.braid.driver.train.TrainState;
import dev.braid.driver.train.TrainingMaster;
import dev.braid.driver.workload.HeldOutText;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.StreamEvaluator;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.OptimizerSpec;
import dev.braid.worker.train.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Braid against dl4j-spark's SparkDl4jMultiLayer + ParameterAveragingTrainingMaster on the same
 * character model (one-hot input, 2 x LSTM 256, softmax), the same characters, 2 workers (local[2]),
 * 16 sequences of 500 characters per worker minibatch with truncated BPTT over 50, averaging every 5
 * minibatches (Braid: every 50 segments of 50, the same characters per round), Adam 2e-3. Both train
 * one pass over the same 320,000 characters; both are scored on held-out 500-character sequences from a
 * zero state.
 */
final class Dl4jSparkSuite {
    static final int HIDDEN = 256;
    static final int SEQ = 500;
    static final int TBPTT = 50;
    static final int ROWS = 16;
    static final int AVG = 5;
    static final int CHARS = 320_000;
    private final Corpus corpus;

    Dl4jSparkSuite(Corpus corpus) {
        this.corpus = corpus;
    }

    Section run() {
        JavaSparkContext sc = SparkSessions.start(new SparkConfig("local[2]", "braid-bench-dl4j", false, Map.of()));
        try {
            Fs fs = new Fs(sc.hadoopConfiguration());
            String text = HeldOutText.read(fs, corpus.train(), CHARS);
            String heldOut = HeldOutText.read(fs, corpus.test(), 20 * SEQ + 1);
            List<String> symbols = new ArrayList<>();
            (text + heldOut).codePoints().distinct().sorted().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
            Vocabulary vocab = Vocabulary.of(symbols);
            int[] ids = vocab.encodeChars(text);
            int[] test = vocab.encodeChars(heldOut);
            double[] dl4j = dl4j(sc, vocab.size(), ids, test);
            double[] braid = braid(sc, vocab, ids, test);
            List<String> md = new ArrayList<>();
            md.add("| system | chars/s | held-out loss (nats/char) after one pass |");
            md.add("|---|---|---|");
            md.add(String.format(Locale.ROOT, "| dl4j-spark ParameterAveragingTrainingMaster | %,.0f | %.3f |", dl4j[0], dl4j[1]));
            md.add(String.format(Locale.ROOT, "| Braid | %,.0f | %.3f |", braid[0], braid[1]));
            md.add("");
            md.add(String.format(Locale.ROOT, "Braid / dl4j-spark throughput: %.2fx. %s", braid[0] / dl4j[0], "Same model, "
                    + "characters (the first 320,000 of " + corpus.train() + "), workers, minibatch and averaging period; "
                    + "dl4j-spark trains independent 500-character sequences, Braid 16 consecutive streams per worker "
                    + "with the state carried."));
            return new Section("dl4j", "Against dl4j-spark (local[2])", md,
                    Map.of("dl4jCharsPerSecond", dl4j[0], "dl4jHeldOutLoss", dl4j[1], "braidCharsPerSecond", braid[0],
                            "braidHeldOutLoss", braid[1]));
        } finally {
            sc.stop();
        }
    }

    private static double[] dl4j(JavaSparkContext sc, int v, int[] ids, int[] test) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(2e-3)).list()
                .layer(new LSTM.Builder().nIn(v).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new LSTM.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(HIDDEN).nOut(v).build())
                .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(TBPTT).tBPTTBackwardLength(TBPTT).build();
        List<DataSet> sequences = new ArrayList<>();
        for (int s = 0; s + SEQ + 1 <= ids.length; s += SEQ) {
            sequences.add(oneHot(ids, s, 1, v));
        }
        JavaRDD<DataSet> rdd = sc.parallelize(sequences, 2);
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(1)
                .averagingFrequency(AVG).workerPrefetchNumBatches(0).rddTrainingApproach(RDDTrainingApproach.Direct)
                .batchSizePerWorker(ROWS).build();
        SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, conf, tm);
        long t0 = System.nanoTime();
        net.fit(rdd);
        double seconds = (System.nanoTime() - t0) / 1e9;
        MultiLayerNetwork trained = net.getNetwork();
        double nats = 0;
        long n = 0;
        for (int s = 0; s + SEQ + 1 <= test.length; s += SEQ) {
            DataSet d = oneHot(test, s, 1, v);
            INDArray p = trained.output(d.getFeatures());
            for (int t = 0; t < SEQ; t++) {
                nats -= Math.log(Math.max(1e-30, p.getDouble(0, test[s + t + 1], t)));
                n++;
            }
        }
        return new double[] {(double) sequences.size() * SEQ / seconds, nats / n};
    }

    private static DataSet oneHot(int[] ids, int start, int rows, int v) {
        INDArray f = Nd4j.zeros(DataType.FLOAT, rows, v, SEQ);
        INDArray l = Nd4j.zeros(DataType.FLOAT, rows, v, SEQ);
        for (int t = 0; t < SEQ; t++) {
            f.putScalar(new int[] {0, ids[start + t], t}, 1f);
            l.putScalar(new int[] {0, ids[start + t + 1], t}, 1f);
        }
        return new DataSet(f, l);
    }

    private static double[] braid(JavaSparkContext sc, Vocabulary vocab, int[] ids, int[] test) {
        StreamSharder.Sharded data = StreamSharder.shard(sc, sc.parallelizePairs(List.of(new scala.Tuple2<>(0, ids)), 1), 2, ROWS);
        LanguageModelSpec spec = new LanguageModelSpec(vocab.size(), vocab.size(), CellType.LSTM, HIDDEN, 2, 0.0);
        TrainingSpec ts = TrainingSpec.streams(spec.stack(), new OptimizerSpec(OptimizerSpec.Kind.ADAM, 2e-3, 0.9, 0.999,
                1e-8, 0), TBPTT, true, false, false, 7, 1);
        StackModel m = spec.build(Precision.FLOAT);
        m.initParams(7);
        TrainState state = new TrainState(m.params().toFloatArray(), new float[2 * m.layout().size()], 2);
        TrainingMaster<StreamBlock> master = new TrainingMaster<>(sc,
                new StreamRoundTask(ts, data.streamLength()), AVG * SEQ / TBPTT);
        long t0 = System.nanoTime();
        master.train(data.blocks(), state, 1, java.time.Duration.ofHours(2), t0, r -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        data.release();
        m.params().setAll(state.params());
        int streams = (test.length - 1) / SEQ;
        StreamEvaluator.Result r = StreamEvaluator.evaluate(m, java.util.Arrays.copyOf(test, streams * SEQ + 1), streams, TBPTT);
        return new double[] {(double) data.tokens() / seconds, r.nats() / r.predicted()};
    }
}
