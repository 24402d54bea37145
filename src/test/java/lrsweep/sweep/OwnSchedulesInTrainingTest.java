package lrsweep.sweep;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore.Mode;
import lrsweep.testing.UserJar;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own schedules in a real sweep: the rate recorded per epoch (the one the engine
 * applied at the epoch's first minibatch) is the formula's, worked out by hand. 200 examples in
 * batches of 50: 4 steps per epoch, 3 epochs, so a step-unit schedule's n is 12. The class comes
 * from a jar the test builds, through the context loader as with --jars.
 */
class OwnSchedulesInTrainingTest {

    @TempDir
    static Path dir;

    static URLClassLoader jar;
    static List<TrialResult> results;

    @BeforeAll
    static void train() throws Exception {
        jar = UserJar.loader(UserJar.build(dir.resolve("jar")));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(jar);
        try {
            SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                    sweep.learning-rates = [0.1]
                    sweep.schedules = [
                      {type = expression, expr = "lr0 / (1 + 0.5 * t)"}
                      {type = expression, expr = "lr0 * (1 - t / n)", unit = step, name = linear-by-step}
                      {type = values, values = [1, 0.5, 0.25]}
                      {type = class, class = com.acme.Halving, every = 1}
                    ]
                    train { epochs = 3, batch-size = 50 }
                    data { train-examples = 200, validation-examples = 100 }
                    output.dir = "%s"
                    """.formatted(dir.resolve("out").toString().replace("\\", "/"))), "own");
            results = SweepJob.run(SharedSpark.session(), config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false)
                    .results();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        results.forEach(r -> assertEquals(TrialStatus.OK, r.status(), r.toString()));
    }

    @AfterAll
    static void closeJar() throws Exception {
        jar.close();
    }

    private static void ratesAre(String name, IntToDoubleFunction expected) {
        TrialResult r = results.stream().filter(t -> t.trial().schedule().name().startsWith(name)).findFirst().orElseThrow();
        assertEquals(3, r.epochs().size());
        for (EpochRecord e : r.epochs()) {
            assertEquals(expected.applyAsDouble(e.epoch()), e.learningRate(), 1e-12, name + ", epoch " + e.epoch());
        }
    }

    @Test
    void expressionByEpoch() {
        ratesAre("expression(expr=lr0 / (1 + 0.5 * t))", e -> 0.1 / (1 + 0.5 * e));
    }

    @Test
    void expressionByStepIsSampledAtEachEpochsFirstStep() {
        ratesAre("linear-by-step", e -> 0.1 * (1 - 4.0 * e / 12));
    }

    @Test
    void valuesAsMultiplesOfLr0() {
        ratesAre("values", e -> 0.1 * List.of(1.0, 0.5, 0.25).get(e));
    }

    @Test
    void userClassFromTheJar() {
        ratesAre("class(class=com.acme.Halving", e -> 0.1 * Math.pow(0.5, e));
    }

    /** A random search samples its ranges; the user's schedules are plain variants, or ranged through a class's keys. */
    @Test
    void randomSearchSamplesThemToo() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(jar);
        try {
            SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                    sweep { search = random, trials = 12, learning-rates = {log-uniform = [0.01, 0.1]} }
                    sweep.schedules = [
                      {type = expression, expr = "lr0 / (1 + t)"}
                      {type = values, values = [1, 0.1]}
                      {type = class, class = com.acme.Halving, every = {choice = [1, 2]}}
                    ]
                    """), "random");
            List<Trial> trials = SearchStrategy.of(config).trials();
            Set<String> specs = trials.stream().map(t -> t.schedule().spec()).collect(Collectors.toSet());
            assertTrue(specs.stream().allMatch(s -> s.contains("\"expr\":\"lr0 / (1 + t)\"") || s.contains("\"values\":[1,0.1]")
                    || s.contains("\"every\":1,") || s.contains("\"every\":2,")), specs.toString());
            assertEquals(4, specs.size(), specs.toString());
            Trial halving = trials.stream().filter(t -> t.schedule().spec().contains("\"every\":2,")).findFirst().orElseThrow();
            assertEquals(0.5, halving.schedule().rate(1, 2, 10));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}
