package lrsweep.sweep;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataLoader;
import lrsweep.output.FinderReport;
import lrsweep.store.SweepStore;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.Trainer;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning-rate range test on the bundled data, and sweeps whose grid it centres. */
class FinderTest {

    @TempDir
    Path output;

    private SweepConfig config(String hocon) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString(hocon + "\noutput.dir = \"" + output + "\""), "finder");
    }

    @Test
    void suggestsARateAtWhichAFixedRateRunTrainsWell() throws Exception {
        // the whole bundled training set, one epoch of ramp, as `./submit.sh find-lr` does by default
        SweepConfig config = config("train.epochs = 2");
        var data = DataLoader.load(config.data(), new org.apache.hadoop.conf.Configuration());
        FinderReport.Finding finding;
        try (var store = SweepStore.open(output.resolve("lr-find").toString(), "output.dir", Mode.NEW,
                new org.apache.hadoop.conf.Configuration(), java.time.Duration.ofSeconds(60))) {
            finding = FinderJob.run(SharedSpark.context(), config, data, "data", store, "", config.optimizers()).get(0);
        }
        assertTrue(finding.steepest() > 0.01 && finding.steepest() < 1, "steepest " + finding.steepest());
        assertTrue(finding.minLossOver10() > 0.01 && finding.minLossOver10() < 1, "min/10 " + finding.minLossOver10());
        assertTrue(Files.size(output.resolve("lr-find/lr-find.svg")) > 1000);
        assertEquals(finding.centre(), new ObjectMapper().readTree(output.resolve("lr-find/lr-find.json").toFile())
                .get("suggestions").get(0).get("centre").asDouble(), 1e-12);

        // trained with a fixed rate for 2 epochs, the suggestion beats rates 30× smaller and larger
        var sweep = config.withLearningRates(java.util.Map.of(config.optimizers().get(0),
                List.of(finding.centre() / 30, finding.centre(), finding.centre() * 30)));
        List<TrialResult> runs = SearchStrategy.of(sweep).trials().stream().map(t -> Trainer.train(t, data)).toList();
        TrialResult suggested = runs.get(1);
        assertEquals(TrialStatus.OK, suggested.status(), suggested.toString());
        double loss = suggested.best().orElseThrow().valLoss();
        for (TrialResult other : List.of(runs.get(0), runs.get(2))) {
            double otherLoss = other.best().map(e -> e.valLoss()).orElse(Double.POSITIVE_INFINITY);
            assertTrue(loss < otherLoss, "lr " + suggested.trial().learningRate() + ": " + loss
                    + " vs lr " + other.trial().learningRate() + ": " + otherLoss);
        }
    }

    @Test
    void autoCentresTheGridOnTheSuggestion() throws Exception {
        SweepConfig config = config("""
                sweep { learning-rates = auto, auto { points = 3, span-decades = 1 } }
                finder.steps = 40
                train.epochs = 1
                data { train-examples = 600, validation-examples = 200 }
                """);
        var outcome = SweepJob.run(SharedSpark.session(), config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false);
        Path sweep = output.resolve("finder");
        double centre = new ObjectMapper().readTree(sweep.resolve("lr-find/lr-find.json").toFile()).get("suggestions").get(0).get("centre").asDouble();
        List<Double> rates = outcome.results().stream().map(r -> r.trial().learningRate()).toList();
        assertEquals(config.auto().around(centre), rates);
        assertEquals(rates.get(0) / rates.get(2), 10, 0.2, "one decade from first to last");
        assertTrue(Files.readString(sweep.resolve("report.html")).contains("id=\"range-test\""));
        assertEquals(40, SharedSpark.session().read().parquet(sweep.resolve("lr-find/trace").toString()).count());
    }

    @Test
    void anOptimizersOwnAutoRunsTheRangeTestWithItAloneAndTheOthersKeepTheSharedRates() throws Exception {
        SweepConfig config = config("""
                sweep { optimizers = [sgd, {type = adam, learning-rates = auto}], learning-rates = [0.1]
                        auto { points = 2, span-decades = 1 }, name = own-auto }
                finder.steps = 30
                train.epochs = 1
                data { train-examples = 300, validation-examples = 100 }
                """);
        var outcome = SweepJob.run(SharedSpark.session(), config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false);
        var json = new ObjectMapper().readTree(output.resolve("own-auto/lr-find/lr-find.json").toFile());
        assertEquals(1, json.get("suggestions").size(), "sgd's rates are listed: only adam is tested");
        assertEquals("adam", json.get("suggestions").get(0).get("optimizer").asText());
        double centre = json.get("suggestions").get(0).get("centre").asDouble();
        var rates = new java.util.TreeMap<String, List<Double>>();
        outcome.results().forEach(r -> rates.computeIfAbsent(r.trial().train().optimizer().name(), o -> new ArrayList<>())
                .add(r.trial().learningRate()));
        assertEquals(java.util.Map.of("adam", config.auto().around(centre), "sgd", List.of(0.1)), rates);
    }

    @Test
    void aResumedAutoSweepKeepsItsRangeTestUnlessItsSettingsChanged() throws Exception {
        String hocon = """
                sweep { learning-rates = auto, auto { points = 2, span-decades = 1 } }
                finder.steps = 30
                train.epochs = 1
                data { train-examples = 300, validation-examples = 100 }
                """;
        var quiet = new PrintStream(new ByteArrayOutputStream());
        var first = SweepJob.run(SharedSpark.session(), config(hocon), Mode.NEW, quiet, false);
        Path json = output.resolve("finder/lr-find/lr-find.json");
        String recorded = Files.readString(json);
        // a mark in the file, which a range test run again would overwrite
        Files.writeString(json, recorded.replaceFirst("\"centre\" : [0-9.eE-]+", "\"centre\" : 0.5"));
        var resumed = SweepJob.run(SharedSpark.session(), config(hocon), Mode.RESUME, quiet, false);
        assertEquals(first.results(), resumed.results(), "every trial kept, none retrained");
        assertTrue(Files.readString(json).contains("\"centre\" : 0.5"), "the range test did not run again");

        var changed = SweepJob.run(SharedSpark.session(), config(hocon + "finder.steps = 31"), Mode.RESUME, quiet, false);
        assertEquals(31, SharedSpark.session().read().parquet(output.resolve("finder/lr-find/trace").toString()).count(),
                "a resume with other range-test settings tests again");
        assertEquals(2, changed.results().size());
    }
}
