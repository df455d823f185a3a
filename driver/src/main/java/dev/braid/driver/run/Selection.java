package dev.braid.driver.run;

import dev.braid.driver.train.TrainState;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Which parameters a run keeps, decided as epochs end (validation, early stopping, averaging) and
 * carried in every checkpoint so that a resumed run decides as an uninterrupted one.
 */
public interface Selection {

    /**
     * One scored epoch as the run keeps it in {@code epochs.json} and its report plots it: the training
     * loss, and the validation figures by name, the first the one the selection decides on.
     */
    record EpochFigures(int epoch, double trainLoss, Map<String, Double> validation) {
    }

    /** Every epoch scored so far ({@code epochs.json}); none for a selection that scores no epochs. */
    default java.util.List<EpochFigures> epochs() {
        return java.util.List.of();
    }

    /** The parameters and optimizer state to save, and which they are. */
    record Choice(String name, float[] params, float[] optimizer) {
    }

    /** After a completed epoch, or the part of one a time limit left: whether to go on. */
    boolean afterEpoch(TrainState state, double trainLoss);

    /** The selection's state as files of a checkpoint. */
    Map<String, byte[]> snapshot();

    /** Takes up the state {@link #snapshot} wrote into checkpoint directory {@code dir}. */
    void restore(Path dir);

    /** What to save when training ends at {@code state}. */
    Choice finish(TrainState state);

    /** Whether a checkpoint is consistent only at epoch ends and between them (a selection that scores epochs). */
    default boolean scoresEpochs() {
        return false;
    }

    /** The last parameters and optimizer state: no validation, training goes on through every epoch. */
    Selection LAST = new Selection() {
        @Override public boolean afterEpoch(TrainState state, double trainLoss) {
            return true;
        }

        @Override public Map<String, byte[]> snapshot() {
            return Map.of();
        }

        @Override public void restore(Path dir) {
        }

        @Override public Choice finish(TrainState state) {
            return new Choice("last", state.params(), state.optimizer());
        }
    };
}
