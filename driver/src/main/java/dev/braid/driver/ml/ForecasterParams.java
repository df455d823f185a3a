package dev.braid.driver.ml;

import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.StructType;

/** The parameters of {@link SequenceForecaster} and its {@link TrainedForecaster}, their defaults in one place ({@link Fields}). */
public interface ForecasterParams<S extends ForecasterParams<S>> extends TrainingParams<S> {

    Fields fields();

    @Override default TrainingParams.Common common() {
        return fields();
    }

    default Param<String> dateCol() { return fields().dateCol; }
    default Param<String> seriesCol() { return fields().seriesCol; }
    default IntParam horizon() { return fields().horizon; }
    default IntParam window() { return fields().window; }
    default StringArrayParam calendar() { return fields().calendar; }
    default Param<String> testFrom() { return fields().testFrom; }
    default DoubleParam coverage() { return fields().coverage; }
    default BooleanParam logTarget() { return fields().logTarget; }

    default S setDateCol(String v) { set(dateCol(), v); return self(); }
    default S setSeriesCol(String v) { set(seriesCol(), v); return self(); }
    default S setHorizon(int v) { set(horizon(), v); return self(); }
    default S setWindow(int v) { set(window(), v); return self(); }
    default S setCalendar(String[] v) { set(calendar(), v); return self(); }
    default S setTestFrom(String v) { set(testFrom(), v); return self(); }
    default S setCoverage(double v) { set(coverage(), v); return self(); }
    default S setLogTarget(boolean v) { set(logTarget(), v); return self(); }

    /** The columns read: the date, the value and (for a set of series) the series key, each present. */
    default void checkColumns(StructType schema) {
        List<String> names = List.of(schema.fieldNames());
        for (Param<String> p : List.of(dateCol(), inputCol())) {
            if (!names.contains((String) value(p))) {
                throw new IllegalArgumentException(p.name() + " '" + value(p) + "' is not a column of " + schema.simpleString()
                        + "; set " + p.name() + ".");
            }
        }
        String series = value(seriesCol());
        if (!series.isEmpty() && !names.contains(series)) {
            throw new IllegalArgumentException("seriesCol '" + series + "' is not a column of " + schema.simpleString()
                    + "; set seriesCol, or \"\" for one series.");
        }
    }

    /** A forecaster's parameters. */
    final class Fields extends TrainingParams.Common {
        private static final long serialVersionUID = 1L;
        final Param<String> dateCol;
        final Param<String> seriesCol;
        final IntParam horizon;
        final IntParam window;
        final StringArrayParam calendar;
        final Param<String> testFrom;
        final DoubleParam coverage;
        final BooleanParam logTarget;

        Fields(Params owner) {
            super(owner, "the value forecast, a number per day (or per row of a regular series)", "the forecast",
                    "dropout after the recurrent layer");
            dateCol = new Param<>(owner, "dateCol", "the day: a date, or a yyyy-MM-dd string");
            seriesCol = new Param<>(owner, "seriesCol", "the key of the series a row belongs to (\"\": one series)");
            horizon = new IntParam(owner, "horizon", "days (rows) forecast at once", ParamValidators.gtEq(1));
            window = new IntParam(owner, "window", "days (rows) of a training window", ParamValidators.gtEq(2));
            calendar = new StringArrayParam(owner, "calendar", "calendar inputs: day-of-week, day-of-year, holidays, "
                    + "near-holidays");
            testFrom = new Param<>(owner, "testFrom", "the first day scored after training (a rolling origin over the days "
                    + "from it); \"\": the last validationSplit of the span");
            coverage = new DoubleParam(owner, "coverage", "the prediction intervals' coverage",
                    ParamValidators.inRange(0, 1, false, false));
            logTarget = new BooleanParam(owner, "logTarget", "model the logarithm of the value (a multiplicative series; "
                    + "every value > 0)");
            owner.setDefault(logTarget, true);
            owner.setDefault(inputCol, "value");
            owner.setDefault(outputCol, "forecast");
            owner.setDefault(maxEpochs, 20);
            owner.setDefault(batchSize, 32);
            owner.setDefault(lr, 0.003);
            owner.setDefault(dropout, 0.0);
            owner.setDefault(validationSplit, 0.1);
            owner.setDefault(randomSeed, 42L);
            owner.setDefault(embeddingDim, 1);
            owner.setDefault(hiddenSize, 64);
            owner.setDefault(cell, "lstm");
            owner.setDefault(workers, 2);
            owner.setDefault(averagingPeriod, 5);
            owner.setDefault(dateCol, "date");
            owner.setDefault(seriesCol, "");
            owner.setDefault(horizon, 14);
            owner.setDefault(window, 112);
            owner.setDefault(calendar, new String[] {"day-of-week", "day-of-year", "holidays"});
            owner.setDefault(testFrom, "");
            owner.setDefault(coverage, 0.9);
        }
    }
}
