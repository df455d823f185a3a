package dev.braid.worker.model;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.stack.AttentionSpec;
import dev.braid.worker.stack.BidirectionalSpec;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder-decoder of the {@code model.*} and {@code seq2seq.*} keys: source embedding {@code src}
 * (each source reversed when {@code reverseSource}), {@code encoderLayers} (bidirectional) recurrent
 * layers {@code enc0..} of {@code hidden} units per direction; target embedding {@code tgt},
 * {@code decoderLayers} recurrent layers {@code dec0..} whose initial states are bridged from the
 * encoder ({@code bridge0..}), global attention {@code att}, softmax {@code out} over the target
 * vocabulary with label smoothing. Also what saved models of the kind {@code seq2seq} hold.
 */
public record Seq2SeqSpec(int sourceVocabulary, int targetVocabulary, int embedding, CellType cell, int hidden,
                          int encoderLayers, int decoderLayers, boolean bidirectional, AttentionType attention,
                          double dropout, double labelSmoothing, boolean reverseSource) {

    public Seq2SeqSpec {
        if (sourceVocabulary < 5 || targetVocabulary < 5 || embedding < 1 || hidden < 1 || encoderLayers < 1
                || decoderLayers < 1) {
            throw new IllegalArgumentException("invalid seq2seq model " + this);
        }
        if (dropout < 0 || dropout >= 1 || labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("dropout and labelSmoothing must be in [0, 1)");
        }
    }

    /** The model as an encoder stack and a decoder stack. */
    public ModelSpec stack() {
        List<LayerSpec> enc = new ArrayList<>();
        enc.add(new EmbeddingSpec("src", sourceVocabulary, embedding, reverseSource));
        for (int l = 0; l < encoderLayers; l++) {
            // a one-way encoder layer keeps the parameter names of the bidirectional one's forward half
            enc.add(bidirectional ? new BidirectionalSpec("enc" + l, new RecurrentSpec("enc" + l, cell, hidden, dropout))
                    : new RecurrentSpec("enc" + l, cell, hidden, dropout, "enc" + l + ".fwd", null));
        }
        List<LayerSpec> dec = new ArrayList<>();
        dec.add(new EmbeddingSpec("tgt", targetVocabulary, embedding, false));
        for (int i = 0; i < decoderLayers; i++) {
            dec.add(new RecurrentSpec("dec" + i, cell, hidden, dropout, null, "bridge" + i));
        }
        dec.add(new AttentionSpec("att", attention));
        return new ModelSpec(enc, dec, new SoftmaxSpec("out", targetVocabulary, labelSmoothing));
    }

    /** The stack, built. */
    public StackModel build(Precision precision) {
        return stack().build(precision);
    }

    /** The units of an encoder-decoder: src, enc0.., tgt, dec0.., att, out. */
    public static ModelSpec.Units layerNames(int encoderLayers, int decoderLayers) {
        return new Seq2SeqSpec(5, 5, 1, CellType.LSTM, 1, encoderLayers, decoderLayers, false, AttentionType.LUONG, 0, 0,
                false).stack().layers();
    }
}
