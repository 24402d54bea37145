package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.store.Journal;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep.search = tpe for real: DL4J training on Spark, trials proposed as results arrive, the journal resumed. */
class TpeSweepTest {

    @TempDir
    Path output;

    private SweepConfig config(String name, int trials) {
        return config(name, trials, "");
    }

    private SweepConfig config(String name, int trials, String extra) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { search = tpe, trials = %d, tpe.startup-trials = 2 }
                sweep.learning-rates = {log-uniform = [0.01, 0.5]}
                sweep.schedules = [{type = exponential, k = {uniform = [0.3, 0.9]}}, {type = step, every = 1, factor = 0.5}]
                train { epochs = 2, batch-size = 32 }
                data { train-examples = 200, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(trials, output.toString().replace("\\", "/")) + extra), name);
    }

    private List<Row> trialsTable(String name) {
        return SharedSpark.session().read().parquet(output.resolve(name).resolve("trials").toString()).collectAsList();
    }

    @Test
    void trainsItsBudgetOfDistinctTrialsAndWritesThemAsAnyOtherSearch() throws Exception {
        var outcome = SweepJob.run(SharedSpark.session(), config("tpe", 5), Mode.NEW, quiet(), false);
        assertEquals(5, outcome.results().size());
        List<Row> trials = trialsTable("tpe");
        assertEquals(5, trials.size());
        Set<String> ids = trials.stream().map(r -> r.<String>getAs("trial_id")).collect(Collectors.toSet());
        assertEquals(5, ids.size());
        trials.forEach(r -> assertEquals("ok", r.<String>getAs("status"), r.toString()));
        // every trial's id is the digest of its key, as the journal checks it
        assertEquals(ids, journalIds("tpe").keySet());
        assertTrue(Files.exists(output.resolve("tpe/best.json")));
        // report DIR finds the trials from the stored proposals (it failed before: a tpe search has no plan)
        var rebuilt = lrsweep.cli.ReportCommand.rebuild(output.resolve("tpe").toString());
        assertEquals(ids, rebuilt.results().stream().map(r -> r.trial().id()).collect(Collectors.toSet()));
        assertEquals(outcome.results().stream().map(TrialResult::bestCost).toList(), rebuilt.results().stream().map(TrialResult::bestCost).toList());
    }

    @Test
    void resumeKeepsTheFinishedTrialsAndProposesOnToTheNewBudget() throws Exception {
        var first = SweepJob.run(SharedSpark.session(), config("resumed", 4), Mode.NEW, quiet(), false);
        assertTrue(first.results().stream().allMatch(r -> r.status() == TrialStatus.OK));
        Map<String, Long> before = journalIds("resumed");
        assertEquals(4, before.size());

        var resumed = SweepJob.run(SharedSpark.session(), config("resumed", 6), Mode.RESUME, quiet(), false);
        assertEquals(6, resumed.results().size());
        Map<String, Long> after = journalIds("resumed");
        assertEquals(6, after.size());
        // the 4 finished trials were not trained again: their journal entries are untouched
        before.forEach((id, modified) -> assertEquals(modified, after.get(id), "trial " + id + " retrained"));
        assertEquals(6, trialsTable("resumed").size());
    }

    @Test
    void withHalvingPrunedTrialsStopAtARungAndStillCountAgainstTheBudget() throws Exception {
        var outcome = SweepJob.run(SharedSpark.session(),
                config("pruned", 6, "sweep.pruning = halving\nhalving { min-epochs = 1, eta = 2 }\ntrain.epochs = 3\n"), Mode.NEW,
                quiet(), false);
        assertEquals(6, outcome.results().size());
        // which trials are pruned depends on the order reports arrive in: check what holds in any order
        for (TrialResult r : outcome.results()) {
            assertEquals(TrialStatus.OK, r.status());
            assertTrue(r.rung() >= 0, "rungs at 1 and 2 epochs: every trial reported at least once");
            assertEquals(r.pruned() ? List.of(1, 2).get(r.rung()) : 3, r.epochs().size(), r.toString());
        }
        long pruned = outcome.results().stream().filter(TrialResult::pruned).count();
        var trials = SharedSpark.session().read().parquet(output.resolve("pruned/trials").toString());
        assertEquals(6, trials.count());
        assertEquals(pruned, trials.where("promoted = false").count());
        assertTrue(Files.readString(output.resolve("pruned/report.md")).contains("Successive halving: rung 0: 6 reported"));
    }

    /** Journal entries by trial id, with their modification times. */
    private Map<String, Long> journalIds(String name) throws Exception {
        Map<String, Long> ids = new HashMap<>();
        try (Stream<Path> files = Files.list(output.resolve(name).resolve(Journal.FOLDER))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                ids.put(f.getFileName().toString().replace(".json", ""), Files.getLastModifiedTime(f).toMillis());
            }
        }
        return ids;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
