package dev.braid.bench;

import dev.braid.driver.data.Documents;
import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.data.VocabularyBuilder;
import dev.braid.driver.io.Fs;
import dev.braid.worker.data.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** The benchmark corpus: the fetched SOTU training set, or the committed sample when it is missing. */
record Corpus(String train, String test) {

    static Corpus find(Path root) {
        Path full = root.resolve("datasets/sotu/train");
        if (Files.isDirectory(full)) {
            return new Corpus(full.toString(), root.resolve("datasets/sotu/test").toString());
        }
        return new Corpus(root.resolve("datasets/samples/sotu/train").toString(),
                root.resolve("datasets/samples/sotu/test").toString());
    }

    record Sharded(Vocabulary vocab, StreamSharder.Sharded data) {
    }

    Sharded shard(JavaSparkContext sc, int workers, int rows) {
        Fs fs = new Fs(sc.hadoopConfiguration());
        JavaPairRDD<Integer, String> docs = Documents.read(sc, fs, List.of(train), workers * 2);
        Vocabulary vocab = VocabularyBuilder.characters(docs.values(), 256, 1);
        return new Sharded(vocab, StreamSharder.shard(sc, docs.mapValues(vocab::encodeChars), workers, rows));
    }
}
