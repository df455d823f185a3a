package dev.braid.driver.io;

import dev.braid.driver.workload.CharLmReport;
import dev.braid.driver.workload.Runs;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.run.RunOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.cli.BraidMain;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.spark.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HDFS (MiniDFSCluster, NameNode and DataNode in this JVM) as the only storage of a run: the
 * corpus is read from HDFS, the run directory (config, metrics, checkpoints, model) is written to
 * HDFS, and the CLI evaluates and samples from the model on HDFS.
 */
@Tag("spark")
class HdfsRunTest {

    @Test
    void trainsFromHdfsWritesEverythingToHdfsAndEvaluatesFromHdfs(@TempDir Path dir) throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            FileSystem fs = dfs.getFileSystem();
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Path.of("../datasets/samples/sotu").toAbsolutePath().toString()),
                    new org.apache.hadoop.fs.Path("/data/sotu"));
            String hdfs = dfs.getURI().toString();
            ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/quickstart.conf", List.of(
                    "data.train=" + hdfs + "/data/sotu/train", "data.test=" + hdfs + "/data/sotu/test",
                    "model.embedding=8", "model.hidden=16", "training.batchSize=4", "training.seqLength=32",
                    "training.averagingPeriod=50", "training.checkpointEvery=3", "eval.maxChars=500", "eval.sampleLength=10"));
            TrainingRun.Outcome<CharLmReport> out = Runs.charLm(cfg, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(SparkTest.sc(), RunOptions.of(hdfs + "/runs/r1", false));

            assertThat(out.layout().root().toUri().getScheme()).isEqualTo("hdfs");
            for (String f : List.of("config.conf", "metrics.jsonl", "report.json", "model/model.json", "model/params.bin",
                    "model/vocabulary-tokens.json")) {
                assertThat(fs.exists(new org.apache.hadoop.fs.Path("/runs/r1/" + f))).as(f).isTrue();
            }
            assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("/runs/r1/checkpoints"))).isNotEmpty();
            assertThat(BraidMain.run("evaluate", "--model", hdfs + "/runs/r1/model", "--data", hdfs + "/data/sotu/test",
                    "--max-chars", "300", "--json")).isZero();
            assertThat(BraidMain.run("generate", "--model", hdfs + "/runs/r1/model", "--length", "10")).isZero();
        } finally {
            dfs.shutdown();
        }
    }
}
