package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * A flat Parquet file as rows of text fields, the column names first, so that a series in Parquet is
 * checked exactly as one in CSV: a null is an empty field, a DATE column a {@code yyyy-MM-dd} date, every
 * other primitive its value as text. Nested or repeated columns are refused.
 */
final class ParquetRows {
    private ParquetRows() {
    }

    static List<String[]> read(Fs fs, Path file) {
        List<String[]> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(fs.conf()).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                if (rows.isEmpty()) {
                    rows.add(names(file, g.getType()));
                }
                rows.add(fields(g));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError u) {
                throw u;
            }
            throw new UserError("Cannot read " + file + " as Parquet (" + e.getMessage() + "). Give a Parquet file, or set "
                    + "data.format = csv for a CSV file.", e);
        }
        if (rows.isEmpty()) {
            rows.add(null);
        }
        return rows;
    }

    private static String[] names(Path file, GroupType schema) {
        String[] out = new String[schema.getFieldCount()];
        for (int i = 0; i < out.length; i++) {
            Type t = schema.getType(i);
            if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
                throw new UserError(file + ": column " + t.getName() + " is nested or repeated; a series has one value per "
                        + "column and row. Flatten the file.");
            }
            out[i] = t.getName();
        }
        return out;
    }

    private static String[] fields(Group g) {
        GroupType schema = g.getType();
        String[] out = new String[schema.getFieldCount()];
        for (int i = 0; i < out.length; i++) {
            if (g.getFieldRepetitionCount(i) == 0) {
                out[i] = "";
            } else if (schema.getType(i).getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                out[i] = LocalDate.ofEpochDay(g.getInteger(i, 0)).toString();
            } else {
                out[i] = g.getValueToString(i, 0);
            }
        }
        return out;
    }
}
