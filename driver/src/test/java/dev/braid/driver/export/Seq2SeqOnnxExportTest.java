package dev.braid.driver.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DecodeOptions;
import dev.braid.worker.infer.Hypothesis;
import dev.braid.worker.infer.Translator;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.stack.AttentionUnit;
import dev.braid.worker.stack.Memory;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exported encoder-decoders (an encoder graph and one decoder step) decode in ONNX Runtime as Braid does:
 * a batch of sources of different lengths (padding masked), encoded once, then decoded greedily in
 * lockstep with Braid's own step — every step's log-probabilities and attention weights agree within
 * float tolerance, and the greedy outputs are the translator's. A bidirectional 2-layer LSTM with Luong
 * attention, and a one-way GRU with Bahdanau attention.
 */
class Seq2SeqOnnxExportTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @Test
    void aBidirectionalLstmWithLuongAttentionDecodesAsBraid() throws Exception {
        decodesAsBraid(new Seq2SeqSpec(13, 11, 6, CellType.LSTM, 9, 2, 2, true, AttentionType.LUONG, 0.2, 0.1, false), 3);
    }

    @Test
    void aOneWayGruWithBahdanauAttentionDecodesAsBraid() throws Exception {
        decodesAsBraid(new Seq2SeqSpec(12, 10, 5, CellType.GRU, 8, 1, 2, false, AttentionType.BAHDANAU, 0, 0, false), 4);
    }

    @Test
    void aSoftmaxTiedToTheTargetEmbeddingExportsTheTableTransposed() throws Exception {
        Seq2SeqSpec s2s = new Seq2SeqSpec(12, 10, 8, CellType.LSTM, 8, 1, 1, true, AttentionType.LUONG, 0, 0.1, false);
        decodesAsBraid(s2s, s2s.stack().withHead(new dev.braid.worker.stack.SoftmaxSpec("out", 10, 0.1, null, 0, "tgt")), 5);
    }

    private static void decodesAsBraid(Seq2SeqSpec s2s, long seed) throws Exception {
        decodesAsBraid(s2s, s2s.stack(), seed);
    }

    private static void decodesAsBraid(Seq2SeqSpec s2s, ModelSpec spec, long seed) throws Exception {
        StackModel model = spec.build(Precision.FLOAT);
        model.initParams(seed);
        Seq2SeqExport.Graphs graphs = Seq2SeqExport.onnx(spec, model.params().toFloatArray(), "test");
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> sources = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            sources.add(rng.ints(2 + b * 2, 4, s2s.sourceVocabulary()).toArray());
        }
        Batch.Sources src = Batch.Sources.of(sources);
        int rows = src.rows();
        int maxSteps = 12;

        Memory memory = model.encode(src.ids(), src.lengths(), src.steps(), rows);
        int[] memoryRow = {0, 1, 2};
        LayerState[] states = model.initialStates(memoryRow);
        AttentionUnit attention = (AttentionUnit) model.unit("att");
        int v = model.outputs();
        Buf logProbs = model.kernels().alloc(rows * v);
        List<List<Integer>> braidTokens = new ArrayList<>();
        for (int b = 0; b < rows; b++) {
            braidTokens.add(new ArrayList<>());
        }

        try (OrtSession encoder = ORT.createSession(graphs.encoder(), new OrtSession.SessionOptions());
             OrtSession decoder = ORT.createSession(graphs.decoder(), new OrtSession.SessionOptions())) {
            long[] ids = new long[src.ids().length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = src.ids()[i];
            }
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put("source", OnnxTensor.createTensor(ORT, LongBuffer.wrap(ids), new long[] {src.steps(), rows}));
            in.put("source_lengths", OnnxTensor.createTensor(ORT, IntBuffer.wrap(src.lengths()), new long[] {rows}));
            Map<String, OnnxTensor> carried = new HashMap<>();
            try (OrtSession.Result encoded = encoder.run(in)) {
                for (Map.Entry<String, OnnxValue> e : encoded) {
                    carried.put(e.getKey(), copy((OnnxTensor) e.getValue()));
                }
            }
            in.values().forEach(OnnxTensor::close);
            int[] prev = {Vocabulary.BOS_ID, Vocabulary.BOS_ID, Vocabulary.BOS_ID};
            for (int t = 0; t < maxSteps; t++) {
                model.step(memory, prev, states, memoryRow, logProbs);
                float[] braid = logProbs.toFloatArray();
                float[] braidWeights = attention.weights().toFloatArray();
                Map<String, OnnxTensor> step = new HashMap<>(carried);
                long[] token = {prev[0], prev[1], prev[2]};
                step.put("token", OnnxTensor.createTensor(ORT, LongBuffer.wrap(token), new long[] {rows}));
                step.keySet().removeIf(k -> !decoder.getInputNames().contains(k));
                try (OrtSession.Result r = decoder.run(step)) {
                    float[][] logits = (float[][]) r.get("logits").get().getValue();
                    float[][] weights = (float[][]) r.get("weights").get().getValue();
                    for (int b = 0; b < rows; b++) {
                        float[] lp = logSoftmax(logits[b]);
                        for (int k = 0; k < v; k++) {
                            assertThat(lp[k]).as("step %d row %d token %d", t, b, k).isCloseTo(braid[b * v + k], within(1e-4f));
                        }
                        for (int j = 0; j < src.steps(); j++) {
                            float expected = j < src.lengths()[b] ? braidWeights[b * src.steps() + j] : 0f;
                            assertThat(weights[b][j]).as("step %d row %d source %d", t, b, j).isCloseTo(expected, within(1e-5f));
                        }
                    }
                    step.get("token").close();
                    for (String name : decoder.getInputNames()) {
                        if (name.startsWith("h0_") || name.startsWith("c0_")) {
                            carried.get(name).close();
                            carried.put(name, copy((OnnxTensor) r.get(name.replace("0_", "_")).get()));
                        }
                    }
                }
                for (int b = 0; b < rows; b++) {
                    int best = 0;
                    for (int k = 1; k < v; k++) {
                        best = braid[b * v + k] > braid[b * v + best] ? k : best;
                    }
                    prev[b] = best;
                    braidTokens.get(b).add(best);
                }
            }
            carried.values().forEach(OnnxTensor::close);
        }
        // the lockstep greedy is the translator's greedy decoding
        List<List<Hypothesis>> greedy = new Translator(model, new DecodeOptions(1, 1, 0.0, 100.0, 8)).translate(sources);
        for (int b = 0; b < rows; b++) {
            int[] expected = greedy.get(b).get(0).tokens();
            List<Integer> got = braidTokens.get(b);
            int end = got.indexOf(Vocabulary.EOS_ID);
            List<Integer> tokens = end < 0 ? got : got.subList(0, end);
            if (end >= 0 || expected.length <= tokens.size()) {
                assertThat(tokens.subList(0, Math.min(tokens.size(), expected.length)))
                        .containsExactlyElementsOf(java.util.Arrays.stream(expected).boxed()
                                .limit(Math.min(tokens.size(), expected.length)).toList());
            }
        }
    }

    /**
     * The committed golden encoder-decoder (dates to ISO, characters in and out) exported by {@code braid export}:
     * greedy decoding in ONNX Runtime, the encoder once and the decoder step until {@code </s>}, writes what
     * Braid's translator writes for the same dates.
     */
    @Test
    void theGoldenModelExportedByTheCommandTranslatesAsBraid(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String modelDir = "src/test/resources/golden/s2s-model";
        dev.braid.driver.cli.CapturedRun run = dev.braid.driver.cli.CapturedRun.of("export", "--format", "onnx", modelDir,
                dir.resolve("dates.onnx").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("dates.encoder.onnx", "dates.decoder.onnx");
        dev.braid.driver.io.SavedModel saved = new dev.braid.driver.io.ModelStore(dev.braid.driver.io.Fs.local()).load(modelDir);
        dev.braid.driver.config.BraidConfig cfg = dev.braid.driver.config.ConfigLoader.fromRendered(saved.config(),
                modelDir).config();
        dev.braid.worker.data.SequenceEncoder source = cfg.sourceEncoder(saved.vocabulary("source"));
        Vocabulary target = saved.vocabulary("target");
        dev.braid.worker.infer.TextTranslator braid = new dev.braid.worker.infer.TextTranslator(
                saved.buildSeq2Seq(modelDir), target, new dev.braid.worker.infer.TextTranslator.Options(source,
                cfg.seq2seq().targetTokens(), cfg.decode(1, 1)));
        List<String> dates = List.of("march 3, 1999", "12/25/2007", "Sunday, July 4 1976", "1 jan 2000");
        List<String> expected = braid.translate(dates, 0).stream().map(dev.braid.worker.infer.TextTranslator.Line::text)
                .toList();
        try (OrtSession encoder = ORT.createSession(dir.resolve("dates.encoder.onnx").toString(), new OrtSession.SessionOptions());
             OrtSession decoder = ORT.createSession(dir.resolve("dates.decoder.onnx").toString(),
                     new OrtSession.SessionOptions())) {
            for (int i = 0; i < dates.size(); i++) {
                int[] ids = source.encode(dates.get(i)).ids();
                int max = (int) Math.ceil(cfg.seq2seq().maxLengthRatio() * ids.length) + 5;
                int[] out = greedy(encoder, decoder, ids, max);
                assertThat(cfg.seq2seq().targetTokens().decode(target, out)).as(dates.get(i)).isEqualTo(expected.get(i));
            }
        }
        // the golden model is a few rounds old (its bits, not its quality, are the record): it writes digits and dashes
        assertThat(expected).allMatch(t -> !t.isEmpty() && t.matches("[0-9-]+"));
    }

    /** Greedy decoding with the two graphs, one source: the tokens before {@code </s>}. */
    private static int[] greedy(OrtSession encoder, OrtSession decoder, int[] source, int max) throws Exception {
        long[] ids = java.util.Arrays.stream(source).asLongStream().toArray();
        Map<String, OnnxTensor> carried = new HashMap<>();
        try (OnnxTensor s = OnnxTensor.createTensor(ORT, LongBuffer.wrap(ids), new long[] {ids.length, 1});
             OnnxTensor l = OnnxTensor.createTensor(ORT, IntBuffer.wrap(new int[] {source.length}), new long[] {1});
             OrtSession.Result encoded = encoder.run(Map.of("source", s, "source_lengths", l))) {
            for (Map.Entry<String, OnnxValue> e : encoded) {
                carried.put(e.getKey(), copy((OnnxTensor) e.getValue()));
            }
        }
        List<Integer> out = new ArrayList<>();
        long prev = Vocabulary.BOS_ID;
        for (int t = 0; t < max; t++) {
            Map<String, OnnxTensor> in = new HashMap<>(carried);
            OnnxTensor token = OnnxTensor.createTensor(ORT, LongBuffer.wrap(new long[] {prev}), new long[] {1});
            in.put("token", token);
            in.keySet().removeIf(k -> !decoder.getInputNames().contains(k));
            try (OrtSession.Result r = decoder.run(in)) {
                float[] logits = ((float[][]) r.get("logits").get().getValue())[0];
                int best = 0;
                for (int k = 1; k < logits.length; k++) {
                    best = logits[k] > logits[best] ? k : best;
                }
                for (String name : decoder.getInputNames()) {
                    if (name.startsWith("h0_") || name.startsWith("c0_")) {
                        carried.get(name).close();
                        carried.put(name, copy((OnnxTensor) r.get(name.replace("0_", "_")).get()));
                    }
                }
                prev = best;
            }
            token.close();
            if (prev == Vocabulary.EOS_ID) {
                break;
            }
            out.add((int) prev);
        }
        carried.values().forEach(OnnxTensor::close);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static OnnxTensor copy(OnnxTensor t) throws Exception {
        long[] shape = t.getInfo().getShape();
        FloatBuffer values = t.getFloatBuffer();
        float[] copy = new float[values.remaining()];
        values.get(copy);
        return OnnxTensor.createTensor(ORT, FloatBuffer.wrap(copy), shape);
    }

    static float[] logSoftmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : z) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (float x : z) {
            sum += Math.exp(x - max);
        }
        double log = Math.log(sum) + max;
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (z[i] - log);
        }
        return out;
    }
}
