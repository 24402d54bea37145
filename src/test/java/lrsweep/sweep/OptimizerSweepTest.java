package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import lrsweep.cli.ReportCommand;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataLoader;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.TrialResult;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real sweep over optimizers with early stopping: 1 learning rate × 1 schedule × [sgd, momentum,
 * adam(beta1=0.8)] × 4 epochs, patience 1, on 300 / 100 examples.
 */
class OptimizerSweepTest {

    @TempDir
    static Path output;

    static SparkSession spark;
    static SweepConfig config;
    static SweepJob.Outcome outcome;
    static Path dir;

    @BeforeAll
    static void runSweep() throws Exception {
        spark = SharedSpark.session();
        config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.01]
                sweep.optimizers = [sgd, momentum, {type = adam, beta1 = 0.8}]
                train { epochs = 4, batch-size = 32, early-stopping.patience = 1 }
                data { train-examples = 300, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(output.toString().replace("\\", "/"))), "optimizers");
        outcome = SweepJob.run(spark, config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false);
        dir = output.resolve("optimizers");
    }

    @Test
    void everyRowNamesItsOptimizer() {
        List<Row> trials = spark.read().parquet(dir.resolve("trials").toString()).collectAsList();
        assertEquals(Set.of("sgd", "momentum", "adam(beta1=0.8)"), trials.stream().map(r -> r.<String>getAs("optimizer")).collect(Collectors.toSet()));
        for (Row t : trials) {
            assertTrue(t.<String>getAs("optimizer_spec").startsWith("{\"type\":\"" + t.<String>getAs("optimizer").replaceAll("\\(.*", "")));
            int run = t.getAs("epochs_run");
            Integer stopped = t.getAs("stopped_epoch");
            boolean early = t.<String>getAs("status").equals("ok") && run < 4;
            assertEquals(early ? Integer.valueOf(run - 1) : null, stopped, "stopped_epoch of " + t);
        }
        var histories = spark.read().parquet(dir.resolve("histories").toString());
        assertEquals(3, histories.select("optimizer").distinct().count());
    }

    /** Adam at 0.01 overshoots on this slice: its validation loss stops falling, so early stopping ends it, ok. */
    @Test
    void earlyStoppingEndsTheTrialThatStoppedImproving() {
        TrialResult adam = outcome.results().stream().filter(r -> r.trial().train().optimizer().name().startsWith("adam")).findFirst().orElseThrow();
        assertEquals(lrsweep.train.TrialStatus.OK, adam.status());
        assertTrue(adam.stoppedEpoch().isPresent(), "adam's history: " + adam.epochs());
        assertEquals(adam.best().orElseThrow().epoch() + 1, adam.stoppedEpoch().orElseThrow().intValue());
    }

    @Test
    void bestJsonAndReportsCarryTheOptimizer() throws Exception {
        JsonNode best = new ObjectMapper().readTree(dir.resolve("best.json").toFile()).get("best");
        TrialResult winner = lrsweep.output.Ranking.best(outcome.results(), config.judging().rankBy()).orElseThrow();
        assertEquals(winner.trial().train().optimizer().name(), best.get("optimizer").asText());
        assertEquals(winner.trial().train().optimizer().type().word(), best.get("config").get("optimizer").get("type").asText());
        assertEquals(best.get("config").get("optimizer"), best.get("config").get("train").get("optimizer"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("| optimizer |"), md);
        assertTrue(md.contains("**Best:** " + lrsweep.output.TrialText.of(winner.trial()) + ":"), md);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<th>optimizer</th>"));
        assertTrue(html.contains("sweep.optimizers = [" + winner.trial().train().optimizer().spec().replace("\"", "&quot;") + "]"), html);
    }

    /** best-model.zip loads with DL4J's ModelSerializer and scores the recorded best validation loss. */
    @Test
    void bestModelReproducesTheBestValidationLoss() throws Exception {
        TrialResult winner = lrsweep.output.Ranking.best(outcome.results(), config.judging().rankBy()).orElseThrow();
        var net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(BestModel.FILE).toFile());
        var validation = DataLoader.load(config.data(), new org.apache.hadoop.conf.Configuration()).validation();
        float[] p = net.output(Nd4j.create(validation.features(), new long[] {validation.size(), validation.featureCount()}, 'c'))
                .data().asFloat();
        double loss = 0;
        for (int i = 0; i < validation.size(); i++) {
            loss -= Math.log(Math.max(p[i * validation.classes() + validation.labels()[i]], 1e-10));
        }
        loss /= validation.size();
        double recorded = winner.best().orElseThrow().valLoss();
        assertEquals(recorded, loss, 1e-5 * recorded, "best trial " + winner.trial().train().optimizer().name());
        assertEquals(winner.best().orElseThrow().learningRate(), net.getLearningRate(0), 1e-12);
    }

    @Test
    void reportRebuildReadsTheOptimizersBack() throws Exception {
        Path copy = output.resolve("rebuilt");
        try (var files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(dir.relativize(f).toString()));
            }
        }
        assertEquals(outcome.results(), ReportCommand.rebuild(copy.toString()).results());
        assertEquals(Files.readString(dir.resolve("best.json")), Files.readString(copy.resolve("best.json")));
    }
}
