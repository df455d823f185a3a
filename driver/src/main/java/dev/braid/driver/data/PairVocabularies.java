package dev.braid.driver.data;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.worker.data.Bpe;
import dev.braid.worker.data.Tokenizer;
import dev.braid.worker.data.Vocabulary;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The source and target vocabularies of training pairs, built with Spark as the config says. A side
 * whose tokens are subwords first gets its byte-pair merges ({@link BpeLearner}): learned once over both
 * sides' words when {@code seq2seq.subwords.joint} (a name spelled alike on both sides is cut alike, so
 * it can be copied), else over its own side; each side's vocabulary then holds its own subwords.
 */
public record PairVocabularies(Vocabulary source, Vocabulary target) {

    public static PairVocabularies build(JavaRDD<ParallelCorpus.Pair> pairs, BraidConfig cfg) {
        Seq2SeqConfig s = cfg.seq2seq();
        boolean srcBpe = s.sourceTokens() == Tokenizer.BPE;
        boolean tgtBpe = s.targetTokens() == Tokenizer.BPE;
        Bpe joint = s.subwords().joint() && srcBpe && tgtBpe
                ? BpeLearner.learn(pairs.flatMap(p -> List.of(p.source(), p.target()).iterator()), s.subwords().merges())
                : null;
        Bpe srcMerges = !srcBpe ? null : joint != null ? joint
                : BpeLearner.learn(pairs.map(ParallelCorpus.Pair::source), s.subwords().merges());
        Bpe tgtMerges = !tgtBpe ? null : joint != null ? joint
                : BpeLearner.learn(pairs.map(ParallelCorpus.Pair::target), s.subwords().merges());
        int maxSize = cfg.data().vocabulary().maxSize();
        int minCount = cfg.data().vocabulary().minCount();
        return new PairVocabularies(
                VocabularyBuilder.build(pairs.map(ParallelCorpus.Pair::source), s.sourceTokens(), srcMerges, maxSize, minCount),
                VocabularyBuilder.build(pairs.map(ParallelCorpus.Pair::target), s.targetTokens(), tgtMerges, maxSize, minCount));
    }
}
