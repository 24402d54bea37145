package lrsweep.data;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Reads CSV, LibSVM and Parquet tables with Spark on the driver and collects them into plain
 * arrays, which the sweep then broadcasts. Spark's own readers, so whatever Spark reads (local
 * files, directories of part files, globs, hdfs:// or s3a:// URLs with the right jars) works.
 */
public final class SparkTables {

    /** The column name Spark ML gives feature vectors, and the one the libsvm reader uses. */
    private static final String FEATURES = "features";

    private SparkTables() {}

    /** Reads the tables {@code data.train-path} and {@code data.validation-path} name. */
    public static DataSplit load(SparkSession spark, DataConfig config) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (String path : paths(config)) {
            sources.add(Source.of(path, read(spark, config, path, 0), config));
        }
        int width = sources.stream().mapToInt(Source::featureCount).max().orElseThrow();
        if (config.format() == DataConfig.Format.LIBSVM && sources.stream().anyMatch(s -> s.featureCount() != width)) {
            // the reader sizes a file's vectors by its largest feature index; give both files the larger size
            for (int i = 0; i < sources.size(); i++) {
                String path = sources.get(i).path();
                sources.set(i, Source.of(path, read(spark, config, path, width), config));
            }
        }
        return examples(sources, config);
    }

    /**
     * Takes the examples from DataFrames a caller holds, columns as in a Parquet table (the label,
     * and a Vector column or numeric ones, as {@code data.label-column} and
     * {@code data.features-column} say).
     *
     * @param validation the validation DataFrame, or null to split it off {@code train} ({@code data.validation-split})
     */
    public static DataSplit load(DataConfig config, org.apache.spark.sql.Dataset<Row> train,
            org.apache.spark.sql.Dataset<Row> validation) throws IOException {
        List<Source> sources = new ArrayList<>(List.of(Source.of("the training DataFrame", train, config)));
        if (validation != null) {
            sources.add(Source.of("the validation DataFrame", validation, config));
        }
        return examples(sources, config);
    }

    /** Both sources as one split: the same width, within the size limit, collected. */
    private static DataSplit examples(List<Source> sources, DataConfig config) throws IOException {
        int width = sources.get(0).featureCount();
        for (Source s : sources) {
            if (s.featureCount() != width) {
                throw new IOException(s.path() + " has " + s.featureCount() + " features, " + sources.get(0).path()
                        + " " + width);
            }
        }
        config.checkSize(sources.stream().mapToLong(Source::rows).sum(), width);
        Table train = sources.get(0).collect();
        Table validation = sources.size() > 1 ? sources.get(1).collect() : null;
        return Table.examples(train, validation, config);
    }

    private static List<String> paths(DataConfig config) {
        return Stream.of(config.trainPath(), config.validationPath()).filter(p -> p != null).toList();
    }

    private static org.apache.spark.sql.Dataset<Row> read(SparkSession spark, DataConfig config, String path, int libsvmFeatures) {
        var reader = spark.read();
        return switch (config.format()) {
            case CSV -> reader.option("header", true).option("inferSchema", true).csv(path);
            case LIBSVM -> (libsvmFeatures > 0 ? reader.option("numFeatures", libsvmFeatures) : reader)
                    .format("libsvm").load(path);
            case PARQUET -> reader.parquet(path);
            case IDX -> throw new IllegalArgumentException("IDX files are DataLoader's, read without Spark");
        };
    }

    /**
     * One table and the columns that make an example: the label, and either one Vector column or
     * numeric columns.
     */
    private record Source(String path, org.apache.spark.sql.Dataset<Row> frame, boolean vector, int featureCount,
            long rows) {

        /** @param path where the rows come from, for messages: a table's path, or which DataFrame */
        static Source of(String path, org.apache.spark.sql.Dataset<Row> frame, DataConfig config) throws IOException {
            String label = config.format() == DataConfig.Format.LIBSVM ? "label" : config.labelColumn();
            StructField labelField = field(frame, label, path, "data.label-column");
            if (!(labelField.dataType() instanceof NumericType)) {
                throw new IOException(path + ": the label column '" + label + "' holds " + labelField.dataType().simpleString()
                        + ", not numbers (data.label-column)");
            }
            List<String> features = featureColumns(frame, config, label, path);
            boolean vector = features.size() == 1 && isVector(frame, features.get(0));
            List<Column> columns = new ArrayList<>(List.of(quoted(label).cast("double")));
            features.forEach(f -> columns.add(vector ? quoted(f) : quoted(f).cast("double")));
            var selected = frame.select(columns.toArray(Column[]::new));
            long rows = selected.count();
            if (rows == 0) {
                throw new IOException(path + ": no rows");
            }
            int width = vector ? selected.first().<Vector>getAs(1).size() : features.size();
            return new Source(path, selected, vector, width, rows);
        }

        /** The configured or conventional Vector column, or else every column but the label, all numeric. */
        private static List<String> featureColumns(org.apache.spark.sql.Dataset<Row> frame, DataConfig config,
                String label, String path) throws IOException {
            if (config.featuresColumn() != null) {
                StructField f = field(frame, config.featuresColumn(), path, "data.features-column");
                if (!(f.dataType() instanceof VectorUDT)) {
                    throw new IOException(path + ": data.features-column '" + f.name() + "' holds "
                            + f.dataType().simpleString() + ", not an MLlib Vector (org.apache.spark.ml.linalg)");
                }
                return List.of(f.name());
            }
            if (Arrays.asList(frame.columns()).contains(FEATURES) && isVector(frame, FEATURES)) {
                return List.of(FEATURES);
            }
            List<String> others = Stream.of(frame.schema().fields()).map(StructField::name).filter(n -> !n.equals(label)).toList();
            List<String> notNumeric = Stream.of(frame.schema().fields())
                    .filter(f -> !f.name().equals(label) && !(f.dataType() instanceof NumericType))
                    .map(f -> f.name() + " (" + f.dataType().simpleString() + ")").toList();
            if (!notNumeric.isEmpty()) {
                throw new IOException(path + ": without a Vector column (data.features-column) every column but the label"
                        + " is a feature and must be numeric; these are not: " + String.join(", ", notNumeric));
            }
            if (others.isEmpty()) {
                throw new IOException(path + ": no feature columns besides the label '" + label + "'");
            }
            return others;
        }

        private static boolean isVector(org.apache.spark.sql.Dataset<Row> frame, String column) {
            return frame.schema().apply(column).dataType() instanceof VectorUDT;
        }

        private static StructField field(org.apache.spark.sql.Dataset<Row> frame, String name, String path, String key)
                throws IOException {
            for (StructField f : frame.schema().fields()) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            throw new IOException(path + ": no column '" + name + "' (" + key + "); the columns are "
                    + String.join(", ", frame.columns()));
        }

        /** A column by its plain name, even with dots or spaces in it (CSV headers). */
        private static Column quoted(String name) {
            return col("`" + name.replace("`", "``") + "`");
        }

        /** One partition at a time onto the driver, straight into the arrays: no list of all rows in between. */
        Table collect() throws IOException {
            int n = Math.toIntExact(rows);
            double[] labels = new double[n];
            float[] features = new float[n * featureCount];
            Iterator<Row> it = frame.toLocalIterator();
            int i = 0;
            for (; it.hasNext() && i < n; i++) {
                Row row = it.next();
                if (row.isNullAt(0) || Double.isNaN(row.getDouble(0))) {
                    throw new IOException(path + ": row " + (i + 1) + " has no label");
                }
                labels[i] = row.getDouble(0);
                if (vector) {
                    Vector v = row.getAs(1);
                    if (v == null || v.size() != featureCount) {
                        throw new IOException(path + ": row " + (i + 1) + " has " + (v == null ? "no" : v.size())
                                + " features, the first row " + featureCount);
                    }
                    double[] values = v.toArray();
                    for (int j = 0; j < featureCount; j++) {
                        features[i * featureCount + j] = value(values[j], i, j);
                    }
                } else {
                    for (int j = 0; j < featureCount; j++) {
                        features[i * featureCount + j] = value(row.isNullAt(j + 1) ? Double.NaN : row.getDouble(j + 1), i, j);
                    }
                }
            }
            if (i != n || it.hasNext()) {
                throw new IOException(path + ": changed while being read (" + n + " rows counted)");
            }
            return new Table(labels, features, featureCount);
        }

        private float value(double v, int row, int feature) throws IOException {
            float f = (float) v;
            if (!Float.isFinite(f)) {
                throw new IOException(path + ": row " + (row + 1) + ", feature " + (feature + 1) + " is "
                        + (Double.isNaN(v) ? "missing or NaN" : "not a finite float (" + v + ")"));
            }
            return f;
        }
    }
}
