package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.data.Dataset;
import lrsweep.data.SparkTables;
import lrsweep.store.SweepStore.Mode;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV, LibSVM and Parquet written from the first 300 training and 100 validation images of the
 * bundled Fashion-MNIST, read back by Spark, and trained on in a one-trial sweep each: the rows and
 * values arrive intact and a sane learning rate learns (final validation accuracies 0.48 to 0.69 at
 * the time of writing; deterministic for a fixed seed).
 */
class DataFormatsTest {

    @TempDir
    static Path dir;

    static SparkSession spark;
    static DataSplit images;

    @BeforeAll
    static void writeTables() throws Exception {
        spark = SharedSpark.session();
        images = DataLoader.load(ConfigLoader.fromConfig(
                ConfigFactory.parseString("data { train-examples = 300, validation-examples = 100 }"), "images").data(), new org.apache.hadoop.conf.Configuration());
        writeCsv(dir.resolve("all.csv"), images.train(), images.validation());
        writeLibsvm(dir.resolve("train.libsvm"), images.train());
        writeLibsvm(dir.resolve("validation.libsvm"), images.validation());
        writeParquet(dir.resolve("train.parquet"), images.train());
        writeParquet(dir.resolve("validation.parquet"), images.validation());
    }

    /** A header, then label and 784 pixel columns; both sets in one file, for validation-split. */
    private static void writeCsv(Path file, Dataset... sets) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("label," + String.join(",", IntStream.range(0, 784).mapToObj(j -> "pixel" + j).toList()));
        for (Dataset d : sets) {
            for (int i = 0; i < d.size(); i++) {
                var line = new StringBuilder().append(d.labels()[i]);
                for (int j = 0; j < d.featureCount(); j++) {
                    line.append(',').append(d.features()[i * d.featureCount() + j]);
                }
                lines.add(line.toString());
            }
        }
        Files.write(file, lines);
    }

    /** 1-based labels, as LibSVM files often have them, and only the non-zero pixels. */
    private static void writeLibsvm(Path file, Dataset d) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            var line = new StringBuilder().append(d.labels()[i] + 1);
            for (int j = 0; j < d.featureCount(); j++) {
                float v = d.features()[i * d.featureCount() + j];
                if (v != 0) {
                    line.append(' ').append(j + 1).append(':').append(v);
                }
            }
            lines.add(line.toString());
        }
        Files.write(file, lines);
    }

    /** What Spark ML users have: a double label, an MLlib Vector "features" and other columns. */
    private static void writeParquet(Path path, Dataset d) {
        var schema = new StructType().add("id", DataTypes.StringType).add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            double[] x = new double[d.featureCount()];
            for (int j = 0; j < x.length; j++) {
                x[j] = d.features()[i * d.featureCount() + j];
            }
            rows.add(RowFactory.create("image-" + i, (double) d.labels()[i], Vectors.dense(x)));
        }
        // one file: a directory of several part files is read in Spark's order (largest first), not written order
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path.toString());
    }

    private static SweepConfig config(String name, String data) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.03, 0.3]
                train { epochs = 5, batch-size = 32 }
                data { %s }
                output.dir = "%s"
                """.formatted(data, dir.resolve("out").toString().replace("\\", "/"))), name);
    }

    private static String path(String name) {
        return "\"" + dir.resolve(name).toString().replace("\\", "/") + "\"";
    }

    /** The best final validation accuracy of the sweep's trials (one rate suits raw pixels, one standardized ones). */
    private static double sweepAccuracy(SweepConfig config) throws Exception {
        var outcome = SweepJob.run(spark, config, Mode.NEW, quiet(), false);
        assertEquals(2, outcome.results().size());
        return outcome.results().stream().mapToDouble(r -> r.last().orElseThrow().valAccuracy()).max().orElseThrow();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    void csvWithValidationSplit() throws Exception {
        SweepConfig config = config("csv", "format = csv, train-path = " + path("all.csv")
                + ", validation-split = 0.25, scaling = min-max");
        DataSplit read = SparkTables.load(spark, config.data());
        assertEquals(300, read.train().size(), "400 rows, round(0.25 × 400) held out");
        assertEquals(100, read.validation().size());
        assertEquals(784, read.train().featureCount());
        assertEquals(10, read.train().classes());
        int[] labels = IntStream.concat(IntStream.of(read.train().labels()), IntStream.of(read.validation().labels())).sorted().toArray();
        int[] written = IntStream.concat(IntStream.of(images.train().labels()), IntStream.of(images.validation().labels())).sorted().toArray();
        assertArrayEquals(written, labels, "every row lands in exactly one set");
        double accuracy = sweepAccuracy(config);
        assertTrue(accuracy > 0.4, "val accuracy (chance 0.1): " + accuracy);
    }

    @Test
    void libsvmWithOneBasedLabelsAndAValidationFile() throws Exception {
        SweepConfig config = config("libsvm", "format = libsvm, train-path = " + path("train.libsvm")
                + ", validation-path = " + path("validation.libsvm"));
        DataSplit read = SparkTables.load(spark, config.data());
        assertArrayEquals(images.train().labels(), read.train().labels(), "labels 1..10 become 0..9");
        assertArrayEquals(images.validation().labels(), read.validation().labels());
        assertEquals(784, read.validation().featureCount(), "both files sized like the wider one");
        assertArrayEquals(Arrays.copyOf(images.train().features(), 784 * 300), read.train().features(), 0f);
        double accuracy = sweepAccuracy(config);
        assertTrue(accuracy > 0.4, "val accuracy (chance 0.1): " + accuracy);
    }

    @Test
    void parquetWithAVectorColumn() throws Exception {
        SweepConfig config = config("parquet", "format = parquet, train-path = " + path("train.parquet")
                + ", validation-path = " + path("validation.parquet") + ", scaling = standardize");
        DataSplit read = SparkTables.load(spark, config.data());
        assertEquals(300, read.train().size());
        assertEquals(100, read.validation().size());
        assertEquals(784, read.train().featureCount(), "the id column is not a feature");
        assertArrayEquals(images.train().labels(), read.train().labels());
        double accuracy = sweepAccuracy(config);
        assertTrue(accuracy > 0.4, "val accuracy (chance 0.1): " + accuracy);
    }

    @Test
    void tooLargeToCollectStopsTheRunAndLeavesNothing() {
        SweepConfig config = config("too-large", "format = parquet, train-path = " + path("train.parquet")
                + ", validation-path = " + path("validation.parquet") + ", max-collect-mb = 1");
        var e = assertThrows(InputException.class, () -> SweepJob.run(spark, config, Mode.NEW, quiet(), false));
        assertTrue(e.getMessage().contains("400 examples × 784 features are 1 MB of floats, more than data.max-collect-mb = 1"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/too-large")), "the sweep directory it created is gone");
    }

    @Test
    void missingFileIsReportedBeforeAnythingIsWritten() {
        SweepConfig config = config("missing", "format = csv, train-path = " + path("nope.csv") + ", validation-split = 0.2");
        var e = assertThrows(InputException.class, () -> SweepJob.run(spark, config, Mode.NEW, quiet(), false));
        assertTrue(e.getMessage().contains("data.format = csv, data.train-path = " + dir.resolve("nope.csv")), e.getMessage());
        assertTrue(e.getMessage().contains("nope.csv does not exist"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/missing")));
    }

    @Test
    void aLabelColumnThatIsNotThereIsNamed() throws IOException {
        SweepConfig config = config("no-label", "format = csv, train-path = " + path("all.csv")
                + ", validation-split = 0.2, label-column = class");
        var e = assertThrows(IOException.class, () -> SparkTables.load(spark, config.data()));
        assertTrue(e.getMessage().contains("no column 'class' (data.label-column); the columns are label, pixel0, pixel1"),
                e.getMessage());
    }
}
