package dev.braid.driver.config;

/**
 * The whole configuration of a run. Every key and its default is in {@code conf/base.conf}; see the
 * README's configuration reference.
 */
public record BraidConfig(String name, Workload workload, long seed, SparkConfig spark, DataConfig data,
                          ModelConfig model, TrainingConfig training, OptimizerConfig optimizer,
                          Seq2SeqConfig seq2seq, CopyConfig copy, TeachingConfig teaching, ForecastConfig forecast,
                          ClassifyConfig classify, RetrainConfig retrain,
                          EvalConfig eval, WorkerConfig worker, PlacementConfig placement) {

    /** What is trained. */
    public enum Workload { CHAR_LM, SEQ2SEQ, COPY, TEACHING, FORECAST, CLASSIFY }

    public BraidConfig {
        Check.notBlank("name", name);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidValue("name", name, "must use only letters, digits, '.', '_' and '-' (it names run directories)");
        }
        if (workload == Workload.CHAR_LM && data.format() != DataConfig.Format.TEXT) {
            throw new InvalidValue("data.format", ConfigBinder.lowerName(data.format()), "workload char-lm reads format text");
        }
        if (workload == Workload.SEQ2SEQ && (data.format() == DataConfig.Format.TEXT || data.series())) {
            throw new InvalidValue("data.format", ConfigBinder.lowerName(data.format()), "workload seq2seq reads pairs: use tsv "
                    + "or cmudict");
        }
        if (workload == Workload.TEACHING && !model.stacked()) {
            throw new InvalidValue("model.stack", "[]", "a teaching task's model is a stack of layers: give model.stack and "
                    + "model.head (conf/reber.conf, conf/sine.conf, conf/vec2seq.conf)");
        }
        if (workload == Workload.FORECAST && (!model.stacked() || !data.series())) {
            throw model.stacked() ? new InvalidValue("data.format", ConfigBinder.lowerName(data.format()), "workload forecast "
                    + "reads a series: use csv or parquet") : new InvalidValue("model.stack", "[]", "a forecaster's model is a stack of "
                    + "layers: give model.stack and model.head (conf/births.conf)");
        }
        if ((workload == Workload.CLASSIFY) != (data.format() == DataConfig.Format.MAIL)) {
            throw new InvalidValue("data.format", ConfigBinder.lowerName(data.format()), workload == Workload.CLASSIFY
                    ? "workload classify reads a mail corpus: use mail" : "mail is read by workload classify only");
        }
        if (workload == Workload.CLASSIFY && !model.stacked()) {
            throw new InvalidValue("model.stack", "[]", "a classifier's model is a stack of layers ending in one vector per "
                    + "document (a pool): give model.stack and model.head (conf/spam.conf)");
        }
        if (workload == Workload.SEQ2SEQ && model.stacked() && model.encoder().isEmpty()) {
            throw new InvalidValue("model.encoder", "[]", "an encoder-decoder's model.stack is its decoder: give the "
                    + "encoder's layers in model.encoder (starting with an embedding)");
        }
        if (workload != Workload.SEQ2SEQ && !model.encoder().isEmpty()) {
            throw new InvalidValue("model.encoder", "[" + model.encoder().size() + " layers]", "workload "
                    + ConfigBinder.lowerName(workload) + " trains one stack: set model.encoder = []");
        }
        if (workload == Workload.SEQ2SEQ && seq2seq.tieEmbeddings()) {
            if (model.stacked()) {
                throw new InvalidValue("seq2seq.tieEmbeddings", true, "ties the built-in encoder-decoder's softmax; a "
                        + "model.stack ties its head with model.head { type = softmax, tie = <embedding name> }");
            }
            if (model.embedding() != model.hidden()) {
                throw new InvalidValue("seq2seq.tieEmbeddings", true, "makes the target embedding the softmax's weights, "
                        + "so model.embedding (" + model.embedding() + ") must equal model.hidden (" + model.hidden()
                        + "), the width the softmax reads: set one to the other, or tieEmbeddings = false");
            }
        }
        if (workload == Workload.SEQ2SEQ && !data.hasValidation()) {
            throw new InvalidValue("data.validation", "\"\"", "workload seq2seq needs a validation set for model selection");
        }
        if (retrain.unseenSymbols() == RetrainConfig.UnseenSymbols.GROW && workload != Workload.CHAR_LM) {
            throw new InvalidValue("retrain.unseenSymbols", "grow", "grows a character model's vocabulary; workload "
                    + ConfigBinder.lowerName(workload) + " keeps its vocabularies: use unk");
        }
        if (placement.pipelined() && workload != Workload.SEQ2SEQ) {
            boolean wavefront = placement.schedule().equals("wavefront");
            int total = wavefront ? training.seqLength() : training.batchSize();
            if (placement.microBatches() > total) {
                throw new InvalidValue("placement.microBatches", placement.microBatches(), wavefront
                        ? "wavefront cuts each segment into time chunks: at most training.seqLength = " + total
                        : "cuts each minibatch's rows: at most training.batchSize = " + total);
            }
        }
        if (data.onDisk() && workload != Workload.SEQ2SEQ) {
            throw new InvalidValue("data.cache", "disk", "keeps an encoder-decoder's batches on disk; workload "
                    + ConfigBinder.lowerName(workload) + " keeps its data in memory: set data.cache = memory");
        }
        if (data.resetAtDocumentBoundary() && !training.stateful()) {
            throw new InvalidValue("data.resetAtDocumentBoundary", true,
                    "resets only mean something when state is carried; set training.stateful = true or this to false");
        }
    }

    /**
     * How this config's encoder-decoder reads source text with {@code vocabulary}: its tokens, length limit
     * and overlong policy; a CMU-dictionary model folds to upper case as the dictionary does.
     */
    public dev.braid.worker.data.SequenceEncoder sourceEncoder(dev.braid.worker.data.Vocabulary vocabulary) {
        return new dev.braid.worker.data.SequenceEncoder(vocabulary, seq2seq.sourceTokens(), seq2seq.maxSourceLength(),
                seq2seq.overlong() == Seq2SeqConfig.Overlong.TRUNCATE, data.format() == DataConfig.Format.CMUDICT);
    }

    /** How this config's encoder-decoder reads target text with {@code vocabulary}. */
    public dev.braid.worker.data.SequenceEncoder targetEncoder(dev.braid.worker.data.Vocabulary vocabulary) {
        return new dev.braid.worker.data.SequenceEncoder(vocabulary, seq2seq.targetTokens(), seq2seq.maxTargetLength(),
                seq2seq.overlong() == Seq2SeqConfig.Overlong.TRUNCATE, false);
    }

    /** Decoding as seq2seq.* says, with {@code beam} and {@code nbest} hypotheses. */
    public dev.braid.worker.infer.DecodeOptions decode(int beam, int nbest) {
        return new dev.braid.worker.infer.DecodeOptions(beam, nbest, seq2seq.lengthPenalty(), seq2seq.maxLengthRatio(), 64);
    }

    /**
     * What executors need to train {@code model} under this config: the optimizer, seed, BLAS threads,
     * placement and device; {@code streams} as {@link #streams} says, or null for example batches.
     */
    public dev.braid.worker.train.TrainingSpec trainingSpec(dev.braid.worker.model.ModelSpec model,
                                                            dev.braid.worker.train.OptimizerSpec optimizer,
                                                            dev.braid.worker.train.TrainingSpec.Streams streams) {
        return new dev.braid.worker.train.TrainingSpec(model, optimizer, seed, worker.blasThreads(), placement.toPlacement(),
                worker.device(), streams);
    }

    /** How this config trains consecutive streams; {@code resets}: zero a row's state where a document starts. */
    public dev.braid.worker.train.TrainingSpec.Streams streams(boolean resets) {
        return new dev.braid.worker.train.TrainingSpec.Streams(training.seqLength(), training.stateful(), data.randomOffset(),
                resets);
    }

    /**
     * True if a run of {@code other} can continue a checkpoint of this run: all equal but the stopping rules
     * and where the data is kept.
     */
    public boolean resumableAs(BraidConfig other) {
        // an encoder-decoder deals token-budget batches (training.batchSize unused), a char-LM W x B streams
        TrainingConfig t = other.training().withRunControlOf(training, workload == Workload.SEQ2SEQ);
        return new BraidConfig(other.name(), other.workload(), other.seed(), other.spark(), other.data().withCacheOf(data),
                other.model(), t,
                other.optimizer(), other.seq2seq(), other.copy(), other.teaching(), other.forecast(), other.classify(),
                other.retrain(),
                other.eval(),
                other.worker(), other.placement()).equals(new BraidConfig(name, workload, seed, other.spark(), data, model,
                training, optimizer, seq2seq, copy, teaching, forecast, classify, other.retrain(), other.eval(), worker, placement));
    }
}
