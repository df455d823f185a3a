package dev.braid.worker.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * One side of a sequence-to-sequence model's text as the model reads it, written once for training,
 * evaluation and translation: tokenised, optionally folded to upper case (a model trained on the CMU
 * dictionary, whose words are upper case), encoded with the vocabulary, and held to {@code maxLength}:
 * truncated, or refused when {@code truncate} is off.
 */
public record SequenceEncoder(Vocabulary vocabulary, Tokenizer tokens, int maxLength, boolean truncate, boolean upperCase)
        implements Serializable {

    /** What became of a text. */
    public enum Status { OK, EMPTY, TRUNCATED, REFUSED }

    /** The ids (cut to {@code maxLength} when truncated), what became of the text, and its symbols: all, and unknown. */
    public record Encoded(int[] ids, Status status, int symbols, int unknown) implements Serializable {
        /** Usable for training or decoding: not empty and not refused. */
        public boolean usable() {
            return status == Status.OK || status == Status.TRUNCATED;
        }
    }

    public Encoded encode(String text) {
        int[] ids = tokens.encode(vocabulary, upperCase ? text.toUpperCase(Locale.ROOT) : text);
        int unknown = (int) Arrays.stream(ids).filter(id -> id == Vocabulary.UNK_ID).count();
        if (ids.length == 0) {
            return new Encoded(ids, Status.EMPTY, 0, 0);
        }
        if (ids.length <= maxLength) {
            return new Encoded(ids, Status.OK, ids.length, unknown);
        }
        return truncate ? new Encoded(Arrays.copyOf(ids, maxLength), Status.TRUNCATED, ids.length, unknown)
                : new Encoded(ids, Status.REFUSED, ids.length, unknown);
    }
}
