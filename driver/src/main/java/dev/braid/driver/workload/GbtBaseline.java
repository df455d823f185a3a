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

    /** Fitted on those of every series {@code all.get(i)}, its targets before row {@code ends[i]}: one model for the set. */
    static GbtBaseline fit(JavaSparkContext sc, List<Series> all, int[] ends, int horizon, long seed) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Series s = all.get(i);
            float[] y = s.values();
            for (int o = LagFeatures.firstOrigin(s); o + horizon < ends[i]; o++) {
                double level = LagFeatures.level(s, o);
                for (int h = 1; h <= horizon; h++) {
                    rows.add(RowFactory.create(y[o + h] / level, Vectors.dense(LagFeatures.of(s, o, h))));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no training rows for the GBT baseline: " + java.util.Arrays.toString(ends)
                    + " training rows are fewer than the " + (LagFeatures.firstOrigin(all.get(0)) + horizon + 1)
                    + " its lags need");
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> train = spark.createDataFrame(rows, schema);
        GBTRegressor gbt = new GBTRegressor().setMaxIter(100).setMaxDepth(5).setStepSize(0.1).setSeed(seed);
        return new GbtBaseline(gbt.fit(train));
    }

    /** The forecast of day {@code origin + h} of {@code s}. */
    double forecast(Series s, int origin, int h) {
        return model.predict(Vectors.dense(LagFeatures.of(s, origin, h))) * LagFeatures.level(s, origin);
    }
}
