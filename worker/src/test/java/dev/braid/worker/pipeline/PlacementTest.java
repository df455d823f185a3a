package dev.braid.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Pipelines;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each way a placement can be wrong is refused with the key, the layer or the index, and the fix. */
class PlacementTest {
    private static final LanguageModelSpec LM = new LanguageModelSpec(20, 8, CellType.LSTM, 16, 3, 0);

    private static String refused(List<List<String>> stages, List<Integer> devices, int present) {
        Placement p = new Placement(stages, devices, 2, Schedule.GPIPE);
        return assertThrows(IllegalArgumentException.class, () -> Pipelines.check(LM.stack(), p, present)).getMessage();
    }

    @Test
    void layerNamesAreTheSpecsUnits() {
        assertEquals(List.of("embed", "rnn0", "rnn1", "rnn2", "out"), LM.stack().units());
        Placement p = new Placement(List.of(List.of("embed", "rnn0"), List.of("rnn1", "rnn2", "out")), List.of(1, 0), 2,
                Schedule.GPIPE);
        assertArrayEquals(new int[] {0, 2}, p.boundaries(LM.stack().units(), 2));
    }

    @Test
    void unknownLayer() {
        String msg = refused(List.of(List.of("embed", "lstm1"), List.of("rnn1", "rnn2", "out")), List.of(0, 1), 2);
        assertTrue(msg.contains("placement.stages") && msg.contains("'lstm1'") && msg.contains("[embed, rnn0, rnn1, rnn2, out]"), msg);
    }

    @Test
    void layerTwice() {
        String msg = refused(List.of(List.of("embed", "rnn0", "rnn1"), List.of("rnn1", "rnn2", "out")), List.of(0, 1), 2);
        assertTrue(msg.contains("'rnn1' is placed twice (stage 0 and stage 1)"), msg);
    }

    @Test
    void layerMissing() {
        String msg = refused(List.of(List.of("embed", "rnn0"), List.of("rnn1", "rnn2")), List.of(0, 1), 2);
        assertTrue(msg.contains("'out' is in no stage"), msg);
    }

    @Test
    void stagesOutOfLayerOrder() {
        String msg = refused(List.of(List.of("rnn1", "rnn2", "out"), List.of("embed", "rnn0")), List.of(0, 1), 2);
        assertTrue(msg.contains("stage 0 holds 'rnn1' where 'embed' comes next") && msg.contains("consecutive layers"), msg);
    }

    @Test
    void emptyStage() {
        String msg = refused(List.of(List.of("embed", "rnn0", "rnn1", "rnn2", "out"), List.of()), List.of(0, 1), 2);
        assertTrue(msg.contains("stage 1 is empty"), msg);
    }

    @Test
    void moreStagesThanDevices() {
        String msg = refused(List.of(List.of("embed", "rnn0"), List.of("rnn1"), List.of("rnn2", "out")), List.of(0, 1), 4);
        assertTrue(msg.contains("has 3 stages but placement.devices lists 2 device(s) [0, 1]"), msg);
    }

    @Test
    void deviceNotPresent() {
        String msg = refused(List.of(List.of("embed", "rnn0"), List.of("rnn1", "rnn2", "out")), List.of(0, 5), 2);
        assertTrue(msg.contains("placement.devices: device 5 (stage 1) is not present") && msg.contains("numbered 0..1"), msg);
    }

    @Test
    void deviceSharedByTwoStages() {
        String msg = refused(List.of(List.of("embed", "rnn0"), List.of("rnn1", "rnn2", "out")), List.of(1, 1), 2);
        assertTrue(msg.contains("device 1 is given to two stages"), msg);
    }

    @Test
    void microBatchesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Placement(List.of(), List.of(), 0, Schedule.GPIPE));
    }

    private static final Seq2SeqSpec S2S = new Seq2SeqSpec(10, 10, 8, CellType.GRU, 8, 1, 2, false, AttentionType.LUONG,
            0, 0, false);

    @Test
    void encoderDecoderSplitsBetweenEncoderAndDecoder() {
        assertEquals(List.of("src", "enc0", "tgt", "dec0", "dec1", "att", "out"), S2S.stack().units());
        Placement wrong = new Placement(List.of(List.of("src", "enc0", "tgt"), List.of("dec0", "dec1", "att", "out")),
                List.of(0, 1), 2, Schedule.GPIPE);
        String msg = assertThrows(IllegalArgumentException.class, () -> Pipelines.check(S2S.stack(), wrong, 2)).getMessage();
        assertTrue(msg.contains("between its encoder and its decoder: stages = [[src, enc0], [tgt, dec0, dec1, att, out]]"), msg);
        Placement wavefront = new Placement(List.of(List.of("src", "enc0"), List.of("tgt", "dec0", "dec1", "att", "out")),
                List.of(0, 1), 2, Schedule.WAVEFRONT);
        msg = assertThrows(IllegalArgumentException.class, () -> Pipelines.check(S2S.stack(), wavefront, 2)).getMessage();
        assertTrue(msg.contains("placement.schedule = wavefront"), msg);
    }

    @Test
    void stagesTakeTheTasksGpuAddressesByIndexOrRunOnCores() {
        Placement p = new Placement(List.of(List.of("embed", "rnn0"), List.of("rnn1", "rnn2", "out")), List.of(1, 0), 2,
                Schedule.GPIPE);
        assertEquals(List.of("gpu:6", "gpu:3"), StageDevices.assign(p, java.util.Map.of("gpu", List.of("3", "6"))).devices());
        assertEquals(List.of("cpu:1", "cpu:0"), StageDevices.assign(p, java.util.Map.of()).devices());
        assertEquals(List.of("gpu:2"), StageDevices.assign(Placement.none(), java.util.Map.of("gpu", List.of("2"))).devices());
        String msg = assertThrows(IllegalStateException.class,
                () -> StageDevices.assign(p, java.util.Map.of("gpu", List.of("0")))).getMessage();
        assertTrue(msg.contains("device 1") && msg.contains("spark.task.resource.gpu.amount = 2"), msg);
    }
}
