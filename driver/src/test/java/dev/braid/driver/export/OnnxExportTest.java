package dev.braid.driver.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.braid.driver.UserError;
import dev.braid.driver.cli.CapturedRun;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.stack.DenseSpec;
import dev.braid.worker.stack.DropoutSpec;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported language models run in ONNX Runtime (its Java API, CPU) and give Braid's outputs: from a random
 * carried state, over several steps and rows, the next-token distributions and every layer's final state
 * agree within float tolerance — for an LSTM-then-GRU stack with dropout, and for the committed golden
 * character model exported by {@code braid export}.
 */
class OnnxExportTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @Test
    void anLstmAndGruStackGivesBraidsDistributionsAndStates() throws Exception {
        List<LayerSpec> stack = List.of(new EmbeddingSpec("embed", 23, 7, false),
                new RecurrentSpec("rnn0", CellType.LSTM, 11, 0.3, null, null, false, 0),
                new DropoutSpec("drop", 0.2),
                new RecurrentSpec("rnn1", CellType.GRU, 9, 0.1, null, null, false, 0));
        ModelSpec spec = new ModelSpec(List.of(), stack, new SoftmaxSpec("out", 23, 0));
        StackModel model = spec.build(Precision.FLOAT);
        model.initParams(5);
        agree(spec, model.params().toFloatArray(), 3, 6, 17);
    }

    @Test
    void theGoldenCharacterModelExportedByTheCommandAgrees(@TempDir Path dir) throws Exception {
        String modelDir = "src/test/resources/golden/lm-model";
        Path out = dir.resolve("lm.onnx");
        CapturedRun run = CapturedRun.of("export", "--format", "onnx", modelDir, out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("exported", "ONNX");
        SavedModel saved = new ModelStore(Fs.local()).load(modelDir);
        assertThat(Files.readAllBytes(out)).isEqualTo(LanguageModelExport.onnx(saved.spec(), saved.params(), "0.1.0"));
        agree(saved.spec(), saved.params(), 2, 12, 3, Files.readAllBytes(out));

        CapturedRun again = CapturedRun.of("export", "--format", "onnx", modelDir, out.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("exists", "--overwrite");
    }

    @Test
    void aLayerOnnxExportDoesNotKnowIsRefusedByName() {
        ModelSpec spec = new ModelSpec(List.of(), List.of(new EmbeddingSpec("embed", 9, 4, false),
                new DenseSpec("mix", 5, dev.braid.worker.kernel.Activation.TANH)), new SoftmaxSpec("out", 9, 0));
        float[] params = new float[spec.build(Precision.FLOAT).layout().size()];
        assertThatThrownBy(() -> LanguageModelExport.onnx(spec, params, "0"))
                .isInstanceOf(UserError.class).hasMessageContaining("Layer 'mix' (Dense) has no ONNX export");
    }

    private static void agree(ModelSpec spec, float[] params, int rows, int steps, long seed) throws Exception {
        agree(spec, params, rows, steps, seed, LanguageModelExport.onnx(spec, params, "test"));
    }

    /** Braid and ONNX Runtime on the same random tokens from the same random state. */
    private static void agree(ModelSpec spec, float[] params, int rows, int steps, long seed, byte[] onnx) throws Exception {
        StackModel model = spec.build(Precision.FLOAT);
        model.params().setAll(params);
        int vocabulary = model.outputs();
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rows * steps;
        int[] in = new int[n];
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) {
            in[i] = rng.nextInt(vocabulary);
            tokens[i] = in[i];
        }
        model.resetState(rows);
        float[] state = new float[model.exportState().length];
        for (int i = 0; i < state.length; i++) {
            state[i] = (float) (rng.nextDouble() * 1.6 - 0.8);
        }
        model.importState(state, rows);
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        model.score(Batch.stream(rows, steps, in, new int[n], ones, null));
        float[] braid = model.lastDistributions();
        float[] braidState = model.exportState();

        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession session = ORT.createSession(onnx, new OrtSession.SessionOptions())) {
            inputs.put("tokens", OnnxTensor.createTensor(ORT, LongBuffer.wrap(tokens), new long[] {steps, rows}));
            int pos = 0;
            List<String> stateNames = new java.util.ArrayList<>();
            for (LayerSpec l : spec.stack()) {
                if (l instanceof RecurrentSpec r) {
                    int size = rows * r.hidden();
                    List<String> parts = r.cell() == CellType.LSTM ? List.of("h", "c") : List.of("h");
                    for (String p : parts) {
                        float[] part = java.util.Arrays.copyOfRange(state, pos, pos + size);
                        inputs.put(p + "0_" + r.name(), OnnxTensor.createTensor(ORT, FloatBuffer.wrap(part),
                                new long[] {1, rows, r.hidden()}));
                        stateNames.add(p + "_" + r.name());
                        pos += size;
                    }
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] logits = (float[][][]) result.get("logits").get().getValue();
                for (int t = 0; t < steps; t++) {
                    for (int b = 0; b < rows; b++) {
                        float[] p = softmax(logits[t][b]);
                        for (int v = 0; v < vocabulary; v++) {
                            assertThat(p[v]).as("step %d row %d symbol %d", t, b, v)
                                    .isCloseTo(braid[(t * rows + b) * vocabulary + v], within(2e-5f));
                        }
                    }
                }
                int at = 0;
                for (String name : stateNames) {
                    float[][][] s = (float[][][]) result.get(name).get().getValue();
                    for (int b = 0; b < rows; b++) {
                        for (int j = 0; j < s[0][b].length; j++) {
                            assertThat(s[0][b][j]).as(name + " row " + b).isCloseTo(braidState[at + b * s[0][b].length + j],
                                    within(2e-5f));
                        }
                    }
                    at += rows * s[0][0].length;
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] softmax(float[] z) {
        float[] p = Seq2SeqOnnxExportTest.logSoftmax(z);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.exp(p[i]);
        }
        return p;
    }
}
