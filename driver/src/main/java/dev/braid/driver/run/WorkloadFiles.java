package dev.braid.driver.run;

import dev.braid.driver.io.Fs;
import dev.braid.driver.train.TrainState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * A workload's model files in checkpoints: every checkpoint of a run carries them beside the selection's
 * state, so a resumed run takes up what the interrupted one began with (a warm-started forecaster's
 * scaling is its parent's, not one fitted again on this run's data).
 */
final class WorkloadFiles {
    private WorkloadFiles() {
    }

    /** {@code inner} whose checkpoint snapshots also hold {@code files}. */
    static Selection carried(Selection inner, Map<String, byte[]> files) {
        if (files.isEmpty()) {
            return inner;
        }
        return new Selection() {
            @Override public boolean afterEpoch(TrainState state, double trainLoss) {
                return inner.afterEpoch(state, trainLoss);
            }

            @Override public Map<String, byte[]> snapshot() {
                Map<String, byte[]> all = new LinkedHashMap<>(inner.snapshot());
                all.putAll(files);
                return all;
            }

            @Override public void restore(Path dir) {
                inner.restore(dir);
            }

            @Override public Choice finish(TrainState state) {
                return inner.finish(state);
            }

            @Override public java.util.List<EpochFigures> epochs() {
                return inner.epochs();
            }

            @Override public boolean scoresEpochs() {
                return inner.scoresEpochs();
            }
        };
    }

    /** The files of {@code names} that checkpoint {@code dir} holds (none in checkpoints written before them). */
    static Map<String, byte[]> read(Fs fs, Path dir, List<String> names) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : names) {
            Path file = new Path(dir, name);
            if (fs.exists(file)) {
                out.put(name, fs.readBytes(file));
            }
        }
        return out;
    }
}
