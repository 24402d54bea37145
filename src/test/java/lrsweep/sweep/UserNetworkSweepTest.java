package lrsweep.sweep;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.Trial;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Sweeps of a network the test builds with DL4J and saves, as a user would, as JSON and as a
 * ModelSerializer zip; on 200 examples of the bundled data (784 features, 10 classes).
 */
class UserNetworkSweepTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    static MultiLayerConfiguration mlp(int inputs, int hidden) {
        return new NeuralNetConfiguration.Builder().updater(new Nesterovs(0.5, 0.5)).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(hidden).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
    }

    static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().graphBuilder().addInputs("pixels")
                .addLayer("hidden", new DenseLayer.Builder().nIn(784).nOut(8).activation(Activation.TANH).build(), "pixels")
                .addLayer("classes", new OutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(10).activation(Activation.SOFTMAX).build(),
                        "hidden")
                .setOutputs("classes").build();
    }

    private SweepConfig config(String name, String model, String sweep) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("""
                model { %s }
                %s
                train { epochs = 2, batch-size = 50 }
                data { train-examples = 200, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(model, sweep, dir.toString().replace("\\", "/"))), name);
    }

    private List<Row> table(String name, String table) {
        return spark.read().parquet(dir.resolve(name).resolve(table).toString()).orderBy("trial_id", "epoch").collectAsList();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    void sweepsANetworkSavedAsJson() throws Exception {
        Path file = Files.writeString(dir.resolve("net.json"), mlp(784, 16).toJson());
        var config = config("json", "type = dl4j, path = \"" + file + "\"",
                "sweep { learning-rates = [0.05, 0.1], schedules = [{type = cosine}] }");
        SweepJob.run(spark, config, Mode.NEW, quiet(), false);

        List<Row> trials = spark.read().parquet(dir.resolve("json/trials").toString()).collectAsList();
        assertEquals(2, trials.size());
        trials.forEach(t -> assertEquals("ok", t.getAs("status"), t.toString()));
        List<Row> histories = table("json", "histories");
        assertEquals(4, histories.size());
        for (Row h : histories) {
            double lr = h.getAs("learning_rate_base");
            int epoch = h.getAs("epoch");
            assertEquals(lr * 0.5 * (1 + Math.cos(Math.PI * epoch / 2)), h.<Double>getAs("learning_rate"), 1e-12, h.toString());
            assertTrue(h.<Double>getAs("val_accuracy") > 0.2, "chance is 0.1: " + h);
        }
        var best = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("json/best-model.zip").toFile(), false);
        assertEquals(784L * 16 + 16 + 16 * 10 + 10, best.numParams());
        var model = new ObjectMapper().readTree(dir.resolve("json/best.json").toFile()).get("best").get("config").get("model");
        assertEquals("dl4j", model.get("type").asText());
        assertEquals(file.toString(), model.get("path").asText());
        assertTrue(model.get("network").asText().startsWith("dl4j(multi-layer,init=fresh,configuration="), model.toString());
        assertEquals(2, lrsweep.cli.ReportCommand.rebuild(dir.resolve("json").toString()).results().size(), "report DIR reads it back");
    }

    /**
     * At a rate too small to move the weights, the first epoch's validation loss is that of the
     * starting weights: the zip's for every seed with init = weights, the seed's own with fresh.
     */
    @Test
    void initWeightsStartsEveryTrialFromTheZip() throws Exception {
        var saved = new ComputationGraph(graph());
        saved.init();
        Path zip = dir.resolve("net.zip");
        ModelSerializer.writeModel(saved, zip.toFile(), false);
        String sweep = "sweep { learning-rates = [1e-9], schedules = [{type = constant}], seeds = [1, 2] }";
        SweepJob.run(spark, config("weights", "type = dl4j, path = \"" + zip + "\", init = weights", sweep), Mode.NEW, quiet(), false);
        SweepJob.run(spark, config("fresh", "type = dl4j, path = \"" + zip + "\"", sweep), Mode.NEW, quiet(), false);

        List<Row> weights = firstEpochs("weights");
        assertEquals(weights.get(0).<Double>getAs("val_loss"), weights.get(1).<Double>getAs("val_loss"), 1e-6);
        List<Row> fresh = firstEpochs("fresh");
        assertNotEquals(fresh.get(0).<Double>getAs("val_loss"), fresh.get(1).<Double>getAs("val_loss"), 1e-4);
    }

    private List<Row> firstEpochs(String name) {
        List<Row> rows = table(name, "histories").stream().filter(r -> r.<Integer>getAs("epoch") == 0).toList();
        assertEquals(2, rows.size());
        return rows;
    }

    @Test
    void aNetworkThatDoesNotFitTheDataStopsTheRunBeforeAnythingIsWritten() throws Exception {
        Path small = Files.writeString(dir.resolve("small.json"), mlp(20, 4).toJson());
        var misfit = assertThrows(InputException.class, () -> SweepJob.run(spark,
                config("misfit", "type = dl4j, path = \"" + small + "\"", ""), Mode.NEW, quiet(), false));
        assertEquals("model.path = " + small + " does not fit the data: the network takes 20 inputs, the data has 784 features",
                misfit.getMessage());
        assertFalse(Files.exists(dir.resolve("misfit")));

        Path missing = dir.resolve("missing.json");
        var none = assertThrows(InputException.class, () -> SweepJob.run(spark,
                config("missing", "type = dl4j, path = \"" + missing + "\"", ""), Mode.NEW, quiet(), false));
        assertEquals("model.path = " + missing + ": no such file", none.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void editingTheNetworkFileChangesTheTrialIds() throws Exception {
        Path file = dir.resolve("edited.json");
        var config = config("edited", "type = dl4j, path = \"" + file + "\"", "");
        Files.writeString(file, mlp(784, 16).toJson());
        List<String> before = SearchStrategy.of(SweepJob.withNetworkRead(config)).trials().stream().map(Trial::id).toList();
        Files.writeString(file, mlp(784, 16).toJson().replace("\n", "\n  "));
        assertEquals(before, SearchStrategy.of(SweepJob.withNetworkRead(config)).trials().stream().map(Trial::id).toList(), "layout is not content");
        Files.writeString(file, mlp(784, 32).toJson());
        List<String> after = SearchStrategy.of(SweepJob.withNetworkRead(config)).trials().stream().map(Trial::id).toList();
        assertEquals(before.size(), after.size());
        assertTrue(after.stream().noneMatch(before::contains), before + " " + after);
    }
}
