package dev.braid.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.spark.SparkTest;
import dev.braid.driver.train.RoundReport;
import dev.braid.driver.workload.Runs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid plan}'s prediction against the throughput measured on this machine, as {@code scripts/bench
 * scale} measures it: the committed SOTU sample trained by a 2-layer LSTM on local Spark with W = 1 and
 * W = 2 workers (averaging every 10 steps), each run's median tokens/s over its rounds after the first two
 * beside what the plan predicted from a few steps and the measured coordination. The prediction must
 * be within 35% of each measurement (the error is printed; a model of the round that left out the Spark
 * job, the payload or the per-worker aggregation misses by more at this size).
 */
@Tag("spark")
class PlanPredictionTest {
    private static final List<String> SETS = List.of("data.train=../datasets/samples/sotu/train",
            "data.test=../datasets/samples/sotu/test", "model.hidden=128", "model.embedding=32", "training.batchSize=16",
            "training.seqLength=32", "training.averagingPeriod=10", "training.epochs=1", "eval.maxChars=2000",
            "eval.primes=[]", "training.checkpointEvery=1000");

    @Test
    void thePredictedThroughputIsWithinAThirdOfTheMeasuredAtOneAndTwoWorkers(@TempDir Path dir) {
        for (int workers : new int[] {1, 2}) {
            List<String> sets = new java.util.ArrayList<>(SETS);
            sets.add("training.workers=" + workers);
            ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/quickstart.conf", sets);
            PlanProbe.Probe probe = PlanProbe.measure(SparkTest.sc(), Fs.local(), cfg.config(), workers, workers);
            double predicted = ScalingModel.predict(probe.measured(), workers, 10, Double.POSITIVE_INFINITY)
                    .tokensPerSecond();
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            List<RoundReport> rounds = Runs.charLm(cfg, quiet).run(SparkTest.sc(),
                    RunOptions.fresh(dir.resolve("w" + workers).toString())).counted();
            assertThat(rounds.size()).as("rounds of W=" + workers).isGreaterThan(5);
            double[] rates = rounds.subList(2, rounds.size()).stream().mapToDouble(RoundReport::tokensPerSecond).toArray();
            Arrays.sort(rates);
            double measured = rates[rates.length / 2];
            double error = predicted / measured - 1;
            System.out.printf(java.util.Locale.ROOT, "plan W=%d: predicted %.0f tokens/s, measured %.0f (error %+.1f%%); %s%n",
                    workers, predicted, measured, 100 * error, probe.measured());
            assertThat(Math.abs(error)).as("W=%d: predicted %.0f, measured %.0f tokens/s", workers, predicted, measured)
                    .isLessThan(0.35);
        }
    }
}
