package lrsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lrsweep.cli.ReportCommand;
import lrsweep.config.InputException;
import lrsweep.data.DataConfig;
import lrsweep.sweep.SharedSpark;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The API as a caller uses it: a session the test holds, a config as HOCON, DataFrames built here;
 * what comes back is checked against what the sweep wrote.
 */
class LrSweepTest {

    @TempDir
    static Path temp;
    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SharedSpark.session();
    }

    /** The tiny sweep of the tests, into {@code output.dir = temp}, with the given name and more settings. */
    private static String config(String name, String more) {
        return """
                sweep.name = %s
                output.dir = "%s"
                train { epochs = 2, batch-size = 32 }
                %s
                """.formatted(name, temp.toString().replace("\\", "/"), more);
    }

    @Test
    void aConfigAloneSweepsTheBundledDataAndReturnsTheTablesItWrote() throws IOException {
        var progress = new ByteArrayOutputStream();
        String settings = config("bundled", """
                sweep.learning-rates = [0.1, 0.01]
                data { train-examples = 300, validation-examples = 100 }
                """);
        LrSweep.Result r = LrSweep.on(spark)
                .config(settings)
                .progress(new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run();
        Path dir = temp.resolve("bundled");
        assertEquals(dir.toString(), r.directory());
        Dataset<Row> trials = spark.read().parquet(dir.resolve("trials").toString());
        assertSameTable(trials, r.trials(), 2);
        assertSameTable(spark.read().parquet(dir.resolve("histories").toString()), r.histories(), 4);
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("trials 2/2"), progress.toString(StandardCharsets.UTF_8));
        // the tables' declared nulls, which Spark's Parquet reader relaxes for every column of a file
        assertFalse(r.trials().schema().apply("trial_id").nullable());
        assertTrue(r.trials().schema().apply("error").nullable());
        assertTrue(trials.schema().apply("trial_id").nullable());

        Row lowest = trials.where("status = 'ok'").orderBy("best_val_loss").first();
        LrSweep.Best best = r.best().orElseThrow();
        assertEquals(lowest.<String>getAs("trial_id"), best.trialId());
        assertEquals(lowest.<Double>getAs("learning_rate_base"), best.learningRate());
        assertEquals(lowest.<String>getAs("schedule"), best.schedule());
        assertEquals(lowest.<String>getAs("schedule_spec"), best.scheduleSpec());
        assertEquals(lowest.<String>getAs("optimizer"), best.optimizer());
        assertEquals(lowest.<Integer>getAs("best_epoch"), best.bestEpoch());
        assertEquals(lowest.<Double>getAs("best_val_loss"), best.bestValLoss());
        var json = new ObjectMapper().readTree(dir.resolve("best.json").toFile()).get("best");
        assertEquals(json.get("trial_id").asText(), best.trialId());
        assertEquals(json.get("best_val_loss").asDouble(), best.bestValLoss());

        // the caller's session is still the caller's
        assertFalse(spark.sparkContext().isStopped());
        assertEquals(10, spark.range(10).count());
        assertEquals(2, r.trials().count());

        // run again, the same sweep is refused as on the command line: nothing changes
        var again = assertThrows(InputException.class, () -> LrSweep.on(spark).config(settings).quiet().run());
        assertTrue(again.getMessage().contains("already exists"), again.getMessage());
    }

    @Test
    void dataFramesTakeThePlaceOfTheDataFilesAndAResumeChecksTheirContent() throws Exception {
        String settings = config("frames", """
                sweep.learning-rates = [0.5, 0.05]
                model.hidden = [8]
                """);
        Dataset<Row> train = blobs(240, 1);
        Dataset<Row> validation = blobs(60, 2);
        LrSweep.Result r = LrSweep.on(spark).config(settings).train(train).validation(validation).quiet().run();
        Path dir = temp.resolve("frames");
        assertSameTable(spark.read().parquet(dir.resolve("trials").toString()), r.trials(), 2);
        assertSameTable(spark.read().parquet(dir.resolve("histories").toString()), r.histories(), 4);
        // three well separated classes: trained on these examples, the better rate is far below chance, ln 3 = 1.10
        assertTrue(r.best().orElseThrow().bestValLoss() < 0.5, r.best().toString());
        var recorded = ConfigFactory.parseFile(dir.resolve("config.conf").toFile());
        assertEquals("parquet", recorded.getString("data.format"));
        assertEquals(DataConfig.TRAINING_FRAME, recorded.getString("data.train-path"));
        assertEquals(DataConfig.VALIDATION_FRAME, recorded.getString("data.validation-path"));

        // the same DataFrames: every trial is kept, none retrained
        Map<Path, Long> journal = snapshot(dir.resolve("journal"));
        LrSweep.Result resumed = LrSweep.on(spark).config(settings).train(train).validation(validation).resume().quiet().run();
        assertEquals(journal, snapshot(dir.resolve("journal")));
        assertEquals(r.trials().collectAsList(), resumed.trials().collectAsList());

        // other validation examples: the journal's fingerprint no longer holds, so every trial trains again
        LrSweep.Result changed = LrSweep.on(spark).config(settings).train(train).validation(blobs(60, 3)).resume().quiet().run();
        Map<Path, Long> after = snapshot(dir.resolve("journal"));
        assertEquals(journal.keySet(), after.keySet());
        journal.forEach((file, stamp) -> assertNotEquals(stamp, after.get(file), file + " was not rewritten"));
        assertNotEquals(r.best().orElseThrow().bestValLoss(), changed.best().orElseThrow().bestValLoss());

        // report DIR rebuilds a finished sweep from its tables; an unfinished one's journal needs the DataFrames
        assertEquals(2, ReportCommand.rebuild(dir.toString()).results().size());
        Files.delete(dir.resolve("_complete.json"));
        var partial = assertThrows(InputException.class, () -> ReportCommand.rebuild(dir.toString()));
        assertTrue(partial.getMessage().contains("DataFrames a sweep was given through lrsweep.LrSweep"), partial.getMessage());
    }

    @Test
    void aTrainingDataFrameOfNumericColumnsAloneIsSplitByValidationSplit() {
        Dataset<Row> numeric = numeric(200, 4);
        String settings = config("split", """
                sweep.learning-rates = [0.5]
                model.hidden = [8]
                data.label-column = class
                """);
        var missing = assertThrows(InputException.class, () -> LrSweep.on(spark).config(settings).train(numeric).quiet().run());
        assertTrue(missing.getMessage().contains("data.validation-split"), missing.getMessage());

        LrSweep.Result r = LrSweep.on(spark).config(settings + "data.validation-split = 0.25").train(numeric).quiet().run();
        assertEquals("ok", r.trials().first().getAs("status"));
        assertEquals(2, r.histories().count());
    }

    /** A notebook's case: the user's own DL4J network, on the user's DataFrames. */
    @Test
    void aUserNetworkSweepsOnDataFrames() throws IOException {
        Path network = Files.writeString(temp.resolve("net.json"), new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(3).activation(Activation.SOFTMAX).build())
                .build().toJson());
        String settings = config("network", """
                sweep.learning-rates = [0.5]
                model { type = dl4j, path = "%s" }
                """.formatted(network.toString().replace("\\", "/")));
        LrSweep.Result r = LrSweep.on(spark).config(settings).train(blobs(240, 1)).validation(blobs(60, 2)).quiet().run();
        assertEquals("ok", r.trials().first().getAs("status"));
        assertTrue(r.best().orElseThrow().bestValLoss() < 0.5, r.best().toString());

        // five features for a network of four inputs: refused before the sweep directory is made
        Dataset<Row> wider = numeric(60, 3).withColumn("x4", functions.lit(0.0));
        var e = assertThrows(InputException.class, () -> LrSweep.on(spark)
                .config(settings.replace("name = network", "name = wider") + "data.label-column = class")
                .train(wider).validation(wider).quiet().run());
        assertTrue(e.getMessage().startsWith("model.path = " + network + " does not fit the data"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("wider")));
    }

    @Test
    void aBadConfigKeyIsNamedAsOnTheCommandLineAndNothingIsWritten() {
        var e = assertThrows(ConfigException.class, () -> LrSweep.on(spark).config(config("bad", "train.epoch = 3")).run());
        assertTrue(e.getMessage().startsWith("LrSweep config: 4: Invalid value at 'train.epoch': unknown key; allowed in train: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("bad")));
    }

    @Test
    void ambiguousOrUnreadableDataFramesAreRefusedBeforeAnythingIsWritten() {
        var both = assertThrows(ConfigException.class, () -> LrSweep.on(spark)
                .config(config("ambiguous", "data.validation-split = 0.2"))
                .train(blobs(20, 5)).validation(blobs(20, 6)).run());
        assertTrue(both.getMessage().contains("'data.validation-split'") && both.getMessage().contains("not both"), both.getMessage());

        var noLabel = assertThrows(InputException.class, () -> LrSweep.on(spark).config(config("unreadable", ""))
                .train(blobs(20, 5).withColumnRenamed("label", "y")).validation(blobs(20, 6)).run());
        assertTrue(noLabel.getMessage().contains("the training DataFrame: no column 'label' (data.label-column)"), noLabel.getMessage());
        assertFalse(Files.exists(temp.resolve("ambiguous")) || Files.exists(temp.resolve("unreadable")));
    }

    /** Points of three classes around well separated centres: the label, then 4 features. */
    private static List<double[]> points(int rows, long seed) {
        var random = new Random(seed);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            double[] p = new double[5];
            p[0] = label;
            for (int j = 1; j < p.length; j++) {
                p[j] = (j - 1 == label ? 3 : 0) + random.nextGaussian() * 0.5;
            }
            points.add(p);
        }
        return points;
    }

    /** {@link #points} in a CSV file's shape: an int label named {@code class}, a double column per feature. */
    private static Dataset<Row> numeric(int rows, long seed) {
        List<Row> list = points(rows, seed).stream().map(p -> RowFactory.create((int) p[0], p[1], p[2], p[3], p[4])).toList();
        var schema = new StructType(Stream.of("class", "x0", "x1", "x2", "x3").map(name -> DataTypes.createStructField(name,
                name.equals("class") ? DataTypes.IntegerType : DataTypes.DoubleType, false)).toArray(StructField[]::new));
        return spark.createDataFrame(list, schema);
    }

    /** {@link #points} as a Spark ML pipeline would hand them over: a double label and a Vector of features. */
    private static Dataset<Row> blobs(int rows, long seed) {
        List<Row> list = points(rows, seed).stream()
                .map(p -> RowFactory.create(p[0], Vectors.dense(Arrays.copyOfRange(p, 1, p.length)))).toList();
        var schema = new StructType(new StructField[] {
            DataTypes.createStructField("label", DataTypes.DoubleType, false),
            DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)});
        return spark.createDataFrame(list, schema);
    }

    /** The same columns (names and types) and the same rows in the same order. */
    private static void assertSameTable(Dataset<Row> written, Dataset<Row> returned, int rows) {
        assertEquals(columns(written.schema()), columns(returned.schema()));
        List<Row> expected = written.collectAsList();
        assertEquals(rows, expected.size());
        assertEquals(expected, returned.collectAsList());
    }

    private static String columns(StructType schema) {
        return Arrays.stream(schema.fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).collect(Collectors.joining(","));
    }

    private static Map<Path, Long> snapshot(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder())
                    .collect(Collectors.toMap(p -> p, p -> p.toFile().lastModified() ^ p.toFile().length(), (a, b) -> a, TreeMap::new));
        }
    }
}
