package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.StageWork;
import java.util.SplittableRandom;

/**
 * An encoder-decoder split in two stages: the source embedding and encoder on one device; the target
 * embedding, bridge, decoder, attention and output on the other. Micro-batches are rows, padded as the
 * whole batch is; the encoder's outputs flow forward and their gradient back. Each micro-batch's loss
 * is scaled by the whole batch's target tokens, so the accumulated gradient is the whole model's.
 */
public final class PipelinedSeq2SeqModel extends StagedModel<Seq2SeqBatch, Seq2SeqModel> {

    PipelinedSeq2SeqModel(Seq2SeqSpec spec, Placement placement, Precision precision) {
        this(spec, spec.build(precision), placement, precision);
    }

    private PipelinedSeq2SeqModel(Seq2SeqSpec spec, Seq2SeqModel whole, Placement placement, Precision precision) {
        super(whole, spec.units(), placement, precision, k -> new Seq2SeqModel(spec, k, whole.params(), whole.grads()));
    }

    @Override public StepLoss forwardBackward(Seq2SeqBatch batch, SplittableRandom rng) {
        double weight = batch.targetTokens();
        double scale = weight == 0 ? 0 : 1.0 / weight;
        Seq2SeqBatch[] cut = cut(batch);
        SplittableRandom[][] rngs = streams(rng);
        double[] losses = new double[cut.length];
        Slots encoderSlots = new Slots(pieces);
        Slots decoderSlots = new Slots(pieces);
        StageWork encoder = new StageWork() {
            @Override public Object forward(int m, Object input) {
                Seq2SeqBatch b = cut[m];
                return replica(0, encoderSlots.take(m)).encodeSource(b.source(), b.sourceLengths(), b.sourceSteps(),
                        b.rows(), true, rngs[m][0]);
            }

            @Override public Object backward(int m, Object outputGradient) {
                replica(0, encoderSlots.of(m)).encoderBackward((Buf) outputGradient);
                encoderSlots.release(m);
                return null;
            }
        };
        StageWork decoder = new StageWork() {
            @Override public Object forward(int m, Object input) {
                losses[m] = replica(1, decoderSlots.take(m)).decoderForward(cut[m], (Buf) input, true, rngs[m][1], scale);
                return null;
            }

            @Override public Object backward(int m, Object outputGradient) {
                Seq2SeqModel r = replica(1, decoderSlots.of(m));
                Buf dEnc = r.decoderBackward(cut[m]);
                decoderSlots.release(m);
                return message(1, m, dEnc, cut[m].sourceSteps() * cut[m].rows() * r.encoderWidth());
            }
        };
        runner.run(new StageWork[] {encoder, decoder}, schedule, cut.length);
        double loss = 0;
        for (double l : losses) {
            loss += l;
        }
        return new StepLoss(loss, weight);
    }

    /** Forward only, both stages on this thread. */
    @Override public StepLoss score(Seq2SeqBatch batch) {
        double loss = 0;
        for (Seq2SeqBatch b : cut(batch)) {
            Buf enc = replica(0, 0).encodeSource(b.source(), b.sourceLengths(), b.sourceSteps(), b.rows(), false, null);
            loss += replica(1, 0).decoderForward(b, enc, false, null, 0);
        }
        return new StepLoss(loss, batch.targetTokens());
    }

    private Seq2SeqBatch[] cut(Seq2SeqBatch batch) {
        Seq2SeqBatch[] out = new Seq2SeqBatch[piecesOf(batch.rows())];
        for (int m = 0; m < out.length; m++) {
            out[m] = batch.rowSlice(pieceStart(batch.rows(), out.length, m), pieceStart(batch.rows(), out.length, m + 1));
        }
        return out;
    }

    @Override public void resetState(int rows) {
        // stateless: every batch starts from the encoder
    }

    @Override public float[] exportState() {
        return new float[0];
    }

    @Override public void importState(float[] state, int rows) {
        // stateless
    }
}
