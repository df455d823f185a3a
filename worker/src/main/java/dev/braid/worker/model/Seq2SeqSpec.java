package dev.braid.worker.model;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;

/**
 * Encoder-decoder with attention: source and target embeddings, a stacked (bidirectional) encoder of
 * {@code hidden} units per direction, a stacked decoder of {@code hidden} units whose initial states
 * are bridged from the encoder, global attention, softmax over the target vocabulary. Label smoothing
 * applies to training; {@code reverseSource} reverses each source before encoding.
 */
public record Seq2SeqSpec(int sourceVocabulary, int targetVocabulary, int embedding, CellType cell, int hidden,
                          int encoderLayers, int decoderLayers, boolean bidirectional, AttentionType attention,
                          double dropout, double labelSmoothing, boolean reverseSource) implements ModelSpec {

    public Seq2SeqSpec {
        if (sourceVocabulary < 5 || targetVocabulary < 5 || embedding < 1 || hidden < 1 || encoderLayers < 1
                || decoderLayers < 1) {
            throw new IllegalArgumentException("invalid seq2seq model " + this);
        }
        if (dropout < 0 || dropout >= 1 || labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("dropout and labelSmoothing must be in [0, 1)");
        }
    }

    @Override public Seq2SeqSpec withDropout(double rate) {
        return new Seq2SeqSpec(sourceVocabulary, targetVocabulary, embedding, cell, hidden, encoderLayers, decoderLayers,
                bidirectional, attention, rate, labelSmoothing, reverseSource);
    }

    @Override public java.util.List<String> units() {
        return layerNames(encoderLayers, decoderLayers);
    }

    /**
     * The layers of an encoder-decoder in data-flow order, as a pipeline places them: source embedding,
     * encoder layers, target embedding, decoder layers (each with its bridge from the encoder),
     * attention, output.
     */
    public static java.util.List<String> layerNames(int encoderLayers, int decoderLayers) {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add("src");
        for (int l = 0; l < encoderLayers; l++) {
            names.add("enc" + l);
        }
        names.add("tgt");
        for (int l = 0; l < decoderLayers; l++) {
            names.add("dec" + l);
        }
        names.add("att");
        names.add("out");
        return names;
    }

    @Override public Seq2SeqModel build(dev.braid.worker.kernel.Kernels kernels) {
        return new Seq2SeqModel(this, kernels, null, null);
    }

    @Override public Seq2SeqModel build(Precision precision) {
        return new Seq2SeqModel(this, precision);
    }
}
