package dev.braid.driver.train;

import dev.braid.driver.data.Documents;
import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.data.VocabularyBuilder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.Vocabulary;
import org.apache.spark.api.java.JavaPairRDD;

/** The committed SOTU sample, read and sharded on the test Spark context. */
final class SampleCorpus {
    static final String TRAIN = "../datasets/samples/sotu/train";

    final Vocabulary vocab;
    final StreamSharder.Sharded data;

    SampleCorpus(int workers, int rows) {
        Fs fs = new Fs(SparkTest.sc().hadoopConfiguration());
        JavaPairRDD<Integer, String> docs = Documents.read(SparkTest.sc(), fs, java.util.List.of(TRAIN), 4);
        vocab = VocabularyBuilder.characters(docs.values(), 128, 1);
        data = StreamSharder.shard(SparkTest.sc(), docs.mapValues(vocab::encodeChars), workers, rows);
    }
}
