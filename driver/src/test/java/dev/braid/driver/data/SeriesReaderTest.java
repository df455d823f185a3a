package dev.braid.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.ForecastConfig;
import dev.braid.driver.io.Fs;
import dev.braid.worker.forecast.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad series the forecast workload refuses, each with the file and line and the fix; and what it
 * accepts: the committed births sample, ISO dates, days continued across files, gaps filled.
 */
class SeriesReaderTest {
    private static final String HEADER = "date,births,temp\n";

    private static ForecastConfig config(String... sets) {
        List<String> all = new java.util.ArrayList<>(List.of("forecast.date=[date]", "forecast.features=[temp]"));
        all.addAll(List.of(sets));
        return ConfigLoader.load("../conf/births.conf", all).config().forecast();
    }

    private static Series read(Path dir, String text, String... sets) throws Exception {
        Path file = dir.resolve("s.csv");
        Files.writeString(file, text);
        return SeriesReader.read(Fs.local(), config(sets), "s", List.of(file.toString()), false).series();
    }

    private static void refused(Path dir, String text, String... expected) {
        assertThatThrownBy(() -> read(dir, text)).isInstanceOf(UserError.class).hasMessageContainingAll(expected);
    }

    @Test
    void theCommittedSampleIsThreeYearsOfDays() {
        ForecastConfig f = ConfigLoader.load("../conf/births.conf", List.of()).config().forecast();
        Series s = SeriesReader.read(Fs.local(), f, "births", List.of("../datasets/samples/us-births/births.csv"), false).series();
        assertThat(s.days()).isEqualTo(1096);
        assertThat(s.first()).isEqualTo(LocalDate.of(2012, 1, 1));
        // the sample's first and last lines: 2012-01-01 6629 births (a Sunday and New Year), 2014-12-31 11990
        assertThat(s.values()[0]).isEqualTo(6629f);
        assertThat(s.values()[1095]).isEqualTo(11990f);
    }

    @Test
    void isoDatesAndFeaturesAreReadAndFilesContinueEachOther(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.csv"), HEADER + "2014-01-01,100,1.5\n2014-01-02,110,2\n");
        Files.writeString(dir.resolve("b.csv"), "temp,births,date\n3,120,2014-01-03\n");
        Series s = SeriesReader.read(Fs.local(), config(), "s", List.of(dir.toString()), false).series();
        assertThat(s.values()).containsExactly(100f, 110f, 120f);
        assertThat(s.extras()[0]).containsExactly(1.5f, 2f, 3f);
    }

    @Test
    void aGapIsRefusedOrFilledAsConfigured(@TempDir Path dir) throws Exception {
        String gap = HEADER + "2014-01-01,100,0\n2014-01-04,130,3\n";
        refused(dir, gap, "s.csv:3", "2014-01-04 follows 2014-01-01", "2 day(s) missing", "forecast.gaps = fill");
        Series s = read(dir, gap, "forecast.gaps=fill");
        assertThat(s.values()).containsExactly(100f, 110f, 120f, 130f);
        assertThat(s.extras()[0]).containsExactly(0f, 1f, 2f, 3f);
    }

    @Test
    void badValuesAreRefusedWithTheirLine(@TempDir Path dir) {
        refused(dir, HEADER + "2014-01-01,100,1\n2014-01-02,many,1\n", "s.csv:3", "column births holds \"many\", not a number");
        refused(dir, HEADER + "2014-01-01,NaN,1\n", "s.csv:2", "column births is NaN", "finite number");
        refused(dir, HEADER + "2014-01-01,100,\n", "s.csv:2", "column temp is empty");
        refused(dir, HEADER + "2014-01-01,100,Infinity\n", "s.csv:2", "column temp is Infinity");
        refused(dir, HEADER + "2014-01-01,0,1\n", "s.csv:2", "forecast.log = true", "values > 0");
        refused(dir, HEADER + "2014-01-01,100\n", "s.csv:2", "2 fields where the header has 3");
    }

    @Test
    void badDatesAreRefusedWithTheirLine(@TempDir Path dir) {
        refused(dir, HEADER + "2014-02-30,100,1\n", "s.csv:2", "date=\"2014-02-30\" is not a date", "yyyy-MM-dd");
        refused(dir, HEADER + "2014-01-01,100,1\n2014-01-01,100,1\n", "s.csv:3", "repeats", "s.csv:2", "Remove the duplicate");
        refused(dir, HEADER + "2014-01-02,100,1\n2014-01-01,100,1\n", "s.csv:3", "comes before", "Sort the file by date");
    }

    @Test
    void aMissingColumnOrAnEmptySeriesIsRefused(@TempDir Path dir) {
        refused(dir, "day,births,temp\n2014-01-01,1,1\n", "s.csv:1", "no column 'date' (forecast.date)", "day, births, temp");
        refused(dir, "date,count,temp\n2014-01-01,1,1\n", "no column 'births' (forecast.target)", "Set forecast.target");
        refused(dir, "date,births,temperature\n2014-01-01,1,1\n", "no column 'temp' (forecast.features)");
        refused(dir, HEADER, "has no rows under its header");
    }

    /** A Parquet file of {@code rows} (date, births, temp; a null temp where NaN), written with parquet-hadoop. */
    private static Path parquet(Path dir, double[][] rows) throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType(
                "message s { required int32 date (DATE); required double births; optional double temp; }");
        Path file = dir.resolve("s.parquet");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
                .withType(schema).withConf(Fs.local().conf()).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (double[] r : rows) {
                Group g = groups.newGroup().append("date", (int) r[0]).append("births", r[1]);
                if (!Double.isNaN(r[2])) {
                    g.append("temp", r[2]);
                }
                w.write(g);
            }
        }
        return file;
    }

    @Test
    void aParquetSeriesIsReadAndCheckedAsACsvOne(@TempDir Path dir) throws Exception {
        long day = LocalDate.of(2014, 1, 1).toEpochDay();
        Path ok = parquet(dir, new double[][] {{day, 100, 1}, {day + 1, 110, 2}});
        Series s = SeriesReader.read(Fs.local(), config(), "s", List.of(ok.toString()), true).series();
        assertThat(s.first()).isEqualTo(LocalDate.of(2014, 1, 1));
        assertThat(s.values()).containsExactly(100f, 110f);
        assertThat(s.extras()[0]).containsExactly(1f, 2f);
        Path bad = parquet(dir.resolve("bad").toFile().mkdirs() ? dir.resolve("bad") : dir,
                new double[][] {{day, 100, 1}, {day + 1, 110, Double.NaN}, {day + 1, 120, 3}});
        assertThatThrownBy(() -> SeriesReader.read(Fs.local(), config(), "s", List.of(bad.toString()), true))
                .isInstanceOf(UserError.class).hasMessageContainingAll("s.parquet row 3: column temp is empty");
        Path gap = parquet(dir.resolve("gap").toFile().mkdirs() ? dir.resolve("gap") : dir,
                new double[][] {{day, 100, 1}, {day + 2, 120, 3}});
        assertThatThrownBy(() -> SeriesReader.read(Fs.local(), config(), "s", List.of(gap.toString()), true))
                .isInstanceOf(UserError.class).hasMessageContainingAll("s.parquet row 3: date 2014-01-03 follows 2014-01-01");
        assertThatThrownBy(() -> SeriesReader.read(Fs.local(), config(), "s", List.of(dir.resolve("s.parquet").toString()),
                false)).isInstanceOf(UserError.class);
    }

    /** A set of series by a key column: each its own rows, its step from its first two, a missing row filled or refused. */
    @Test
    void aKeyColumnSplitsASetOfRegularSeries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("set.csv");
        Files.writeString(file, "date,births,temp,shop\n2014-01-01,1,0,a\n2014-01-01,10,0,b\n2014-01-08,2,0,a\n"
                + "2014-01-08,20,0,b\n2014-01-15,3,0,a\n2014-01-29,40,0,b\n");
        List<Series> all = SeriesReader.read(Fs.local(), config("forecast.series=shop", "forecast.gaps=fill"), "s",
                List.of(file.toString()), false).all();
        assertThat(all).extracting(Series::name).containsExactly("a", "b");
        assertThat(all.get(0).step()).isEqualTo(7);
        assertThat(all.get(0).values()).containsExactly(1f, 2f, 3f);
        assertThat(all.get(1).values()).as("two weeks filled linearly").containsExactly(10f, 20f, 26.666666f, 33.333332f, 40f);
        assertThat(all.get(1).day(4)).isEqualTo(LocalDate.of(2014, 1, 29));
        assertThat(all.get(1).indexOf(LocalDate.of(2014, 1, 20))).as("the first row on or after a day").isEqualTo(3);
        assertThatThrownBy(() -> SeriesReader.read(Fs.local(), config("forecast.series=shop"), "s", List.of(file.toString()),
                false)).isInstanceOf(UserError.class).hasMessageContainingAll("set.csv:7", "of series b",
                "2 row(s) of every 7 days missing", "forecast.gaps = fill");
    }

    @Test
    void aSetRefusesAnIrregularRowAnEmptyKeyAndAMissingKeyColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("set.csv");
        Files.writeString(file, "date,births,temp,shop\n2014-01-01,1,0,a\n2014-01-08,2,0,a\n2014-01-10,3,0,a\n");
        assertThatThrownBy(() -> SeriesReader.read(Fs.local(), config("forecast.series=shop"), "s", List.of(file.toString()),
                false)).isInstanceOf(UserError.class).hasMessageContainingAll("set.csv:4", "by 2 days",
                "a row every 7 days");
        Files.writeString(file, "date,births,temp,shop\n2014-01-01,1,0,a\n2014-01-08,2,0,\n");
        assertThatThrownBy(() -> SeriesReader.read(Fs.local(), config("forecast.series=shop"), "s", List.of(file.toString()),
                false)).isInstanceOf(UserError.class).hasMessageContainingAll("set.csv:3", "column shop (forecast.series) "
                + "is empty");
        assertThatThrownBy(() -> SeriesReader.read(Fs.local(), config("forecast.series=store"), "s", List.of(file.toString()),
                false)).isInstanceOf(UserError.class).hasMessageContainingAll("set.csv:1", "no column 'store' (forecast.series)");
    }
}
