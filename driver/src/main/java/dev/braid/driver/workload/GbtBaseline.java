package dev.braid.driver.workload;

import dev.braid.worker.forecast.LagFeatures;
import dev.braid.worker.forecast.Series;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The forecaster's strongest baseline: Spark MLlib's gradient-boosted trees ({@code GBTRegressor}, 100
 * trees of depth 5, step 0.1, the run's seed) fitted on {@link LagFeatures} of every (origin, horizon) of
 * the training days, one model for all horizons.
 */
final class GbtBaseline {
    private final GBTRegressionModel model;

    private GbtBaseline(GBTRegressionModel model) {
        this.model = model;
    }

    /** Fitted on the forecasts from origins of {@code s} whose targets lie before day {@code end}. */
    static GbtBaseline fit(JavaSparkContext sc, Series s, int end, int horizon, long seed) {
        List<Row> rows = new ArrayList<>();
        float[] y = s.values();
        for (int o = LagFeatures.FIRST_ORIGIN; o + horizon < end; o++) {
            double level = LagFeatures.level(y, o);
            for (int h = 1; h <= horizon; h++) {
                rows.add(RowFactory.create(y[o + h] / level, Vectors.dense(LagFeatures.of(s, o, h))));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no training rows for the GBT baseline: " + end + " training days are "
                    + "fewer than the " + (LagFeatures.FIRST_ORIGIN + horizon + 1) + " its lags need");
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> train = spark.createDataFrame(rows, schema);
        GBTRegressor gbt = new GBTRegressor().setMaxIter(100).setMaxDepth(5).setStepSize(0.1).setSeed(seed);
        return new GbtBaseline(gbt.fit(train));
    }

    /** The forecast of day {@code origin + h} of {@code s}. */
    double forecast(Series s, int origin, int h) {
        return model.predict(Vectors.dense(LagFeatures.of(s, origin, h))) * LagFeatures.level(s.values(), origin);
    }
}
