package dev.braid.driver.ml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.spark.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Braid's forecaster as a Spark ML stage on local[2]: fitted on the committed US births sample (2012-2014,
 * a DataFrame with a DATE column), its run scores a rolling origin over the held-out last tenth below
 * seasonal naive, and its model forecasts the week after a history with intervals, the same after saving
 * and loading.
 */
@Tag("spark")
class SequenceForecasterTest {

    @Test
    void aForecasterFittedOnADataFrameBeatsSeasonalNaiveForecastsTheNextWeekAndReloads(@TempDir Path dir)
            throws Exception {
        SparkSession spark = SparkSession.builder().sparkContext(SparkTest.sc().sc()).getOrCreate();
        Dataset<Row> births = spark.read().option("header", "true").option("inferSchema", "true")
                .csv("../datasets/samples/us-births/births.csv")
                .select(functions.make_date(functions.col("year"), functions.col("month"), functions.col("date_of_month"))
                        .as("day"), functions.col("births"));
        SequenceForecaster forecaster = new SequenceForecaster().setDateCol("day").setInputCol("births").setHorizon(7)
                .setWindow(56).setHiddenSize(24).setMaxEpochs(6).setLr(0.01).setRunDir(dir.resolve("run").toString());
        TrainedForecaster model = forecaster.fit(births);

        JsonNode errors = new ObjectMapper().readTree(dir.resolve("run/report.json").toFile()).get("errors");
        assertThat(errors.get("model").get("smape").asDouble()).as("sMAPE of the model vs seasonal naive")
                .isLessThan(errors.get("seasonal naive (weekly)").get("smape").asDouble());

        Dataset<Row> forecast = model.transform(births);
        List<Row> rows = forecast.collectAsList();
        assertThat(rows).hasSize(7);
        LocalDate last = LocalDate.of(2014, 12, 31);
        for (int h = 1; h <= 7; h++) {
            Row r = rows.get(h - 1);
            assertThat(r.getString(0)).isEqualTo(last.plusDays(h).toString());
            assertThat(r.getInt(1)).isEqualTo(h);
            assertThat(r.getDouble(2)).isBetween(5000.0, 15000.0);
            assertThat(r.getDouble(3)).isLessThanOrEqualTo(r.getDouble(2));
            assertThat(r.getDouble(4)).isGreaterThanOrEqualTo(r.getDouble(2));
        }
        model.write().save(dir.resolve("forecaster").toString());
        assertThat(TrainedForecaster.load(dir.resolve("forecaster").toString()).transform(births).collectAsList())
                .isEqualTo(rows);
    }
}
