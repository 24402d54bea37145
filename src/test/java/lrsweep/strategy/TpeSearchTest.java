package lrsweep.strategy;

import lrsweep.strategy.TrialKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TpeSearch without Spark: a stand-in for training scores each trial at once, one slot. */
class TpeSearchTest {

    @TempDir
    Path output;

    private static SweepConfig config(String sweep) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("sweep { search = tpe, tpe.startup-trials = 3 }\n" + sweep), "t");
    }

    private SweepStore store(String name) throws Exception {
        return SweepStore.open(output.resolve(name).toString(), "output.dir", SweepStore.Mode.RESUME, new Configuration(),
                Duration.ofMinutes(1));
    }

    /** Best near lr = 0.05; the step schedule costs 0.5 more. */
    private static TrialResult score(Trial t) {
        double loss = Math.pow(Math.log10(t.learningRate()) + 1.3, 2) + (t.schedule().name().startsWith("step") ? 0.5 : 0);
        return new TrialResult(t, TrialStatus.OK, List.of(new EpochRecord(0, t.learningRate(), loss, loss, 0.5, 1)), null, 1);
    }

    /** Every trial the search proposes, each configuration scored before the next is asked for. */
    private static List<Trial> drain(SweepConfig config, SweepStore store) throws Exception {
        var search = SearchStrategy.of(config);
        search.open(new SearchStrategy.Context(store, false, null, null));
        List<Trial> trials = new ArrayList<>();
        for (List<Trial> proposed = search.next(); !proposed.isEmpty(); proposed = search.next()) {
            trials.addAll(proposed);
            proposed.forEach(t -> search.observe(score(t)));
        }
        assertEquals(trials, search.trials(), "the tables list them in the order proposed");
        return trials;
    }

    @Test
    void proposesItsBudgetOverEveryOptimizerRateAndScheduleRange() throws Exception {
        var config = config("""
                sweep.trials = 12
                sweep.learning-rates = {log-uniform = [1e-3, 1]}
                sweep.optimizers = [sgd, {type = adam, learning-rates = {log-uniform = [1e-4, 1e-2]}}]
                sweep.schedules = [{type = step, every = {choice = [1, 2]}, factor = 0.5}, {type = cosine}]
                """);
        List<Trial> trials;
        try (var store = store("space")) {
            trials = drain(config, store);
        }
        assertEquals(12, trials.size());
        assertEquals(12, new HashSet<>(trials.stream().map(Trial::id).toList()).size());
        for (Trial t : trials) {
            boolean adam = t.train().optimizer().name().startsWith("adam");
            assertTrue(adam ? t.learningRate() >= 1e-4 && t.learningRate() <= 1e-2 : t.learningRate() >= 1e-3 && t.learningRate() <= 1,
                    t.train().optimizer().name() + " at " + t.learningRate());
            // the id is the canonical key's digest, as a grid's
            assertEquals(TrialKeys.id(config, t.learningRate(), t.schedule(), t.seed(), t.train()), t.id());
        }
        assertTrue(trials.stream().anyMatch(t -> t.schedule().name().startsWith("step")));
        assertTrue(trials.stream().anyMatch(t -> t.schedule().name().equals("cosine")));
        // what was proposed is stored: a resume finds the same trials again
        try (var store = store("space")) {
            assertEquals(new HashSet<>(trials), new HashSet<>(SearchStrategy.of(config).known(store, null).orElseThrow()));
        }
    }

    @Test
    void oneSlotAndOneSeedGiveTheSameTrials() throws Exception {
        String sweep = "sweep { trials = 8, search-seed = 4, learning-rates = {log-uniform = [1e-3, 1]} }";
        try (var a = store("a"); var b = store("b")) {
            assertEquals(drain(config(sweep), a), drain(config(sweep), b));
        }
    }

    @Test
    void stopsWhenTheSpaceHasNoUntriedConfigurationLeft() throws Exception {
        var config = config("sweep { trials = 5, learning-rates = [0.1, 0.2], schedules = [{type = constant}] }");
        try (var store = store("small")) {
            assertEquals(2, drain(config, store).size());
        }
    }
}
