package lrsweep.sweep;

import lrsweep.pruning.RungBoard;
import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataSplit;
import lrsweep.data.SparkTables;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.Objective;
import lrsweep.train.RangeTest;
import lrsweep.train.RangeTrace;
import lrsweep.train.RungGate;
import lrsweep.train.Trainer;
import lrsweep.train.TrialResult;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * model.task = regression end to end, on a CSV written here: y = 2·x0 − x1 + 0.5·x2 + 3 plus
 * Gaussian noise of standard deviation 0.1, 400 rows.
 */
class RegressionTest {

    @TempDir
    static Path dir;

    static SparkSession spark;

    @BeforeAll
    static void writeCsv() throws Exception {
        spark = SharedSpark.session();
        var random = new Random(7);
        List<String> lines = new ArrayList<>(List.of("x0,x1,x2,y"));
        for (int i = 0; i < 400; i++) {
            double x0 = random.nextGaussian();
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            double y = 2 * x0 - x1 + 0.5 * x2 + 3 + 0.1 * random.nextGaussian();
            lines.add(x0 + "," + x1 + "," + x2 + "," + y);
        }
        Files.write(dir.resolve("linear.csv"), lines);
    }

    private static SweepConfig config(String name, String keys) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("""
                model.task = regression
                sweep.learning-rates = [0.01]
                train { epochs = 6, batch-size = 16 }
                data { format = csv, train-path = "%s", validation-split = 0.25, label-column = y }
                output.dir = "%s"
                %s
                """.formatted(dir.resolve("linear.csv").toString().replace("\\", "/"),
                dir.resolve("out").toString().replace("\\", "/"), keys)), name);
    }

    /** The built-in MLP, one hidden layer of 16. */
    private static SweepConfig mlp(String name, String keys) {
        return config(name, "model.hidden = [16]\n" + keys);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    /**
     * The histories hold the mean squared error as val_loss (checked against DL4J's own forward
     * pass of the retrained network), the mean absolute error as val_mae and no accuracy; the loss
     * of a sane rate falls.
     */
    @Test
    void aRegressionSweepRecordsSquaredAndAbsoluteErrors() throws Exception {
        SweepConfig config = mlp("regression", "");
        var outcome = SweepJob.run(spark, config, Mode.NEW, quiet(), false);
        TrialResult result = outcome.results().get(0);
        List<Row> history = spark.read().parquet(outcome.directory() + "/histories").orderBy("epoch").collectAsList();
        assertEquals(6, history.size());
        for (Row epoch : history) {
            assertTrue(epoch.isNullAt(epoch.fieldIndex("val_accuracy")), epoch.toString());
            double mae = epoch.getDouble(epoch.fieldIndex("val_mae"));
            // MSE >= MAE² (Jensen): the two are the mean of the squares and the square of the mean
            assertTrue(epoch.getDouble(epoch.fieldIndex("val_loss")) >= mae * mae, epoch.toString());
        }
        double first = history.get(0).getDouble(history.get(0).fieldIndex("val_loss"));
        double last = history.get(5).getDouble(history.get(5).fieldIndex("val_loss"));
        assertTrue(last < first / 4, "val_loss " + first + " -> " + last);

        DataSplit data = SparkTables.load(spark, config.data());
        var network = (MultiLayerNetwork) Trainer.retrain(result.trial(), data, 5).network();
        float[] predicted = network.output(Nd4j.create(data.validation().features(), new long[] {data.validation().size(),
                data.validation().featureCount()}, 'c'), false).data().asFloat();
        double squared = 0;
        for (int i = 0; i < predicted.length; i++) {
            double error = predicted[i] - data.validation().targets()[i];
            squared += error * error;
        }
        assertEquals(squared / predicted.length, last, 1e-4 * last, "val_loss is the mean squared error");

        Row trial = spark.read().parquet(outcome.directory() + "/trials").first();
        assertEquals("val_loss", trial.getString(trial.fieldIndex("objective")));
        assertTrue(trial.isNullAt(trial.fieldIndex("final_val_accuracy")));
        assertEquals(history.get(5).getDouble(history.get(5).fieldIndex("val_mae")), trial.getDouble(trial.fieldIndex("final_val_mae")));

        String html = Files.readString(Path.of(outcome.directory(), "report.html"));
        assertTrue(html.contains("id=\"val-mae-charts\"") && !html.contains("id=\"val-accuracy-charts\""), "a regression has no accuracy");
        assertTrue(Files.readString(Path.of(outcome.directory(), "report.md")).contains("| best val_loss | final val_loss | final val mae |"));
    }

    /** DL4J's engine trains the same regression as the fast engine's hand-written identity/MSE output, to float rounding. */
    @Test
    void bothEnginesAgree() throws Exception {
        var fast = SweepJob.run(spark, mlp("fast", "train.epochs = 3, sweep.objective = val_mae"), Mode.NEW, quiet(), false);
        var dl4j = SweepJob.run(spark, mlp("dl4j", "train { epochs = 3, engine = dl4j }, sweep.objective = val_mae"),
                Mode.NEW, quiet(), false);
        var f = fast.results().get(0).epochs();
        var d = dl4j.results().get(0).epochs();
        for (int e = 0; e < 3; e++) {
            assertEquals(d.get(e).valLoss(), f.get(e).valLoss(), 1e-3 * d.get(e).valLoss(), "val_loss, epoch " + e);
            assertEquals(d.get(e).valMae(), f.get(e).valMae(), 1e-3 * d.get(e).valMae(), "val_mae, epoch " + e);
        }
        assertEquals(fast.results().get(0).best().orElseThrow().valMae(),
                f.stream().mapToDouble(r -> r.valMae()).min().orElseThrow(), "the best epoch is by val_mae");
    }

    /** The same CSV under the default task: a label of 400 distinct fractional values is refused, naming model.task. */
    @Test
    void aContinuousLabelIsRefusedUnderClassification() {
        SweepConfig config = config("classified", "model.task = classification");
        var e = assertThrows(InputException.class, () -> SweepJob.run(spark, config, Mode.NEW, quiet(), false));
        assertTrue(e.getMessage().contains("the label column 'y' looks continuous: 400 distinct values in 400 rows, not all whole numbers; "
                + "set model.task = regression"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/classified")), "nothing written");
    }

    /**
     * Halving by val_mae: whichever order the trials report in, the one with the lowest error at the
     * first rung is within the best half of the reports so far, so it goes on.
     */
    @Test
    void halvingByMaeKeepsTheLowestError() throws Exception {
        SweepConfig config = mlp("halving", """
                sweep { learning-rates = [0.03, 0.003, 0.0003, 0.00003], search = halving, objective = val_mae }
                halving { min-epochs = 1, eta = 2 }
                train.epochs = 4
                """);
        // reports in grid order, one trial after the other: which are pruned is then fixed (on Spark it
        // depends on the order reports arrive in)
        DataSplit data = SparkTables.load(spark, config.data());
        var board = new RungBoard(2, Objective.VAL_MAE);
        RungGate gate = HalvingTest.gate(board::promote);
        List<TrialResult> results = SearchStrategy.of(config).trials().stream().map(t -> Trainer.train(t, data, gate)).toList();
        TrialResult lowest = results.stream().min(java.util.Comparator.comparingDouble(r -> r.epochs().get(0).valMae())).orElseThrow();
        assertTrue(lowest.rung() > 0 || !lowest.pruned(), "the lowest error after the first epoch goes on: " + lowest);
        assertTrue(results.stream().anyMatch(TrialResult::pruned), "some trial is stopped: " + results);
        // and the same search on Spark runs and records its rungs
        var outcome = SweepJob.run(spark, config, Mode.NEW, quiet(), false);
        assertTrue(outcome.results().stream().allMatch(r -> r.rung() >= 0), outcome.results().toString());
    }

    /** find-lr on a regression: the range test's smoothed MSE falls before it blows up. */
    @Test
    void theRangeTestRunsOnARegression() throws Exception {
        SweepConfig config = mlp("finder", "train.batch-size = 8, finder { steps = 300, start-lr = 1e-4, end-lr = 1 }");
        DataSplit data = SparkTables.load(spark, config.data());
        RangeTrace trace = RangeTest.run(new RangeTest.Spec("r", 1, config.finder(), config.train(), config.model()), data);
        double first = trace.points().get(0).smoothedLoss();
        double lowest = trace.points().stream().mapToDouble(RangeTrace.Point::smoothedLoss).min().orElseThrow();
        assertTrue(lowest < first / 2, "smoothed loss from " + first + " down to " + lowest);
    }

    /** A user's DL4J network (3 → 8 tanh → 1 identity, MSE) sweeps the regression too, and learns. */
    @Test
    void aUserNetworkRegression() throws Exception {
        var network = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(8).nOut(1).activation(Activation.IDENTITY).build())
                .build();
        Path file = Files.writeString(dir.resolve("regression-net.json"), network.toJson());
        var outcome = SweepJob.run(spark, config("user", "model { type = dl4j, path = \"" + file.toString().replace("\\", "/") + "\" }"),
                Mode.NEW, quiet(), false);
        var epochs = outcome.results().get(0).epochs();
        assertTrue(epochs.get(5).valLoss() < epochs.get(0).valLoss() / 2, epochs.toString());
        assertTrue(Double.isNaN(epochs.get(5).valAccuracy()) && epochs.get(5).valMae() > 0, epochs.get(5).toString());
    }
}
