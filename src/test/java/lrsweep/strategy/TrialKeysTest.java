package lrsweep.strategy;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.train.Trial;
import org.junit.jupiter.api.Test;

class TrialKeysTest {

    private static final String BASE = """
            sweep {
              learning-rates = [0.1, 0.01, 0.001]
              schedules = [{type = constant}, {type = step, every = 2, factor = 0.5, name = halve}]
              seeds = [1, 2]
            }
            train.epochs = 3
            """;

    /** The trials of BASE with {@code extra} HOCON appended (later keys win). */
    private static List<Trial> grid(String extra) {
        SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString(BASE + extra), "grid");
        return SearchStrategy.of(config).trials();
    }

    private static String idOf(List<Trial> trials, double lr, String schedule, int seed) {
        return trials.stream()
                .filter(t -> t.learningRate() == lr && t.schedule().name().equals(schedule) && t.seed() == seed)
                .map(Trial::id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no trial lr=" + lr + " " + schedule + " seed=" + seed));
    }

    @Test
    void gridIsLearningRatesBySchedulesBySeedsInThatOrder() {
        List<Trial> trials = grid("");
        assertEquals(3 * 2 * 2, trials.size());
        double[] lrs = {0.1, 0.01, 0.001};
        List<String> schedules = List.of("constant", "halve");
        int i = 0;
        for (double lr : lrs) {
            for (String schedule : schedules) {
                for (int seed : new int[] {1, 2}) {
                    Trial t = trials.get(i++);
                    assertEquals(lr, t.learningRate(), 0.0);
                    assertEquals(schedule, t.schedule().name());
                    assertEquals(seed, t.seed());
                    assertEquals(3, t.train().epochs());
                }
            }
        }
    }

    @Test
    void idsAreTwelveHexCharsAndDistinct() {
        List<Trial> trials = grid("");
        for (Trial t : trials) {
            assertTrue(t.id().matches("[0-9a-f]{12}"), t.id());
        }
        Set<String> ids = trials.stream().map(Trial::id).collect(Collectors.toSet());
        assertEquals(trials.size(), ids.size());
    }

    @Test
    void idsAreStableAcrossLoads() {
        assertEquals(grid("").stream().map(Trial::id).toList(), grid("").stream().map(Trial::id).toList());
    }

    @Test
    void theDefaultSweepsIdsArePinned() {
        // an id that changes makes --resume retrain a finished sweep: change these only on purpose
        // (a change in what shapes a trial's history), and say so where the change is described
        List<Trial> trials = SearchStrategy.of(ConfigLoader.load(new File("conf/sweep.conf"), List.of())).trials();
        assertEquals("89c8c97c04df", idOf(trials, 0.3, "cosine", 1), "README's example best trial");
        assertEquals("8d2decdcd26d", idOf(trials, 0.01, "cosine", 1));
    }

    @Test
    void dataDirShapesTheIdsOnlyOfTheFormatThatReadsIt() {
        assertNotEquals(grid("").get(0).id(), grid("data.dir = /elsewhere").get(0).id());
        String csv = "data { format = csv, train-path = /t.csv, validation-split = 0.2 }\n";
        assertEquals(grid(csv).get(0).id(), grid(csv + "data.dir = /elsewhere").get(0).id());
    }

    @Test
    void changingEpochsChangesEveryId() {
        List<Trial> before = grid("");
        List<Trial> after = grid("train.epochs = 4");
        for (int i = 0; i < before.size(); i++) {
            assertNotEquals(before.get(i).id(), after.get(i).id());
        }
    }

    @Test
    void changingAScheduleParameterChangesOnlyThatSchedulesIds() {
        List<Trial> before = grid("");
        List<Trial> after = grid("sweep.schedules = [{type = constant}, {type = step, every = 3, factor = 0.5, name = halve}]");
        for (int i = 0; i < before.size(); i++) {
            boolean isStep = before.get(i).schedule().name().equals("halve");
            assertEquals(isStep, !before.get(i).id().equals(after.get(i).id()),
                    "trial " + i + " (" + before.get(i).schedule().name() + ")");
        }
    }

    @Test
    void renamingAScheduleKeepsItsIds() {
        List<Trial> before = grid("");
        List<Trial> after = grid("sweep.schedules = [{type = constant, name = flat}, {type = step, every = 2, factor = 0.5, name = halving}]");
        assertEquals(before.stream().map(Trial::id).toList(), after.stream().map(Trial::id).toList());
    }

    @Test
    void learningRateOrderDoesNotChangeATrialsId() {
        List<Trial> before = grid("");
        List<Trial> after = grid("sweep.learning-rates = [0.001, 0.1, 0.01]");
        assertEquals(idOf(before, 0.01, "constant", 2), idOf(after, 0.01, "constant", 2));
        assertEquals(idOf(before, 0.1, "constant", 1), idOf(after, 0.1, "constant", 1));
        assertEquals(0.001, after.get(0).learningRate(), 0.0);
        assertEquals(before.stream().map(Trial::id).collect(Collectors.toSet()),
                after.stream().map(Trial::id).collect(Collectors.toSet()));
    }

    @Test
    void optimizersAreAnAxisBetweenSchedulesAndSeeds() {
        List<Trial> trials = grid("sweep.optimizers = [sgd, {type = adam, beta1 = 0.8}]");
        assertEquals(3 * 2 * 2 * 2, trials.size());
        assertEquals(List.of("sgd", "sgd", "adam(beta1=0.8)", "adam(beta1=0.8)", "sgd"),
                trials.subList(0, 5).stream().map(t -> t.train().optimizer().name()).toList());
        assertEquals(List.of(1, 2, 1, 2, 1), trials.subList(0, 5).stream().map(Trial::seed).toList());
        assertEquals(trials.size(), trials.stream().map(Trial::id).distinct().count());
    }

    @Test
    void aTrialsIdDigestsItsOwnOptimizer() {
        List<Trial> swept = grid("train.optimizer = sgd\nsweep.optimizers = [sgd, adam]");
        List<Trial> adamOnly = grid("train.optimizer = adam");
        List<Trial> sgdOnly = grid("");
        List<Trial> sweptAdam = swept.stream().filter(t -> t.train().optimizer().name().equals("adam")).toList();
        List<Trial> sweptSgd = swept.stream().filter(t -> t.train().optimizer().name().equals("sgd")).toList();
        assertEquals(adamOnly.stream().map(Trial::id).toList(), sweptAdam.stream().map(Trial::id).toList());
        assertEquals(sgdOnly.stream().map(Trial::id).toList(), sweptSgd.stream().map(Trial::id).toList());
        assertEquals(grid("sweep.optimizers = [{type = adam, beta2 = 0.999}]").get(0).id(), adamOnly.get(0).id(),
                "a default written out is the same optimizer");
        assertNotEquals(grid("sweep.optimizers = [{type = adam, beta2 = 0.99}]").get(0).id(), adamOnly.get(0).id());
    }

    @Test
    void earlyStoppingChangesTheIds() {
        assertNotEquals(grid("").get(0).id(), grid("train.early-stopping.patience = 2").get(0).id());
    }

    // ---- random search ----------------------------------------------------------------------

    private static final String RANDOM = """
            sweep {
              search = random
              trials = 40
              learning-rates = {log-uniform = [0.001, 1]}
              schedules = [
                {type = constant}
                {type = exponential, k = {uniform = [0.05, 0.3]}}
                {type = warmup, steps = {choice = [1, 2]}, then = {type = cosine, alpha = {uniform = [0, 0.1]}}}
              ]
            }
            """;

    @Test
    void randomSearchSamplesWithinTheRangesReproducibly() {
        List<Trial> trials = grid(RANDOM);
        assertEquals(80, trials.size(), "40 samples × 2 seeds");
        assertEquals(trials, grid(RANDOM), "same search-seed, same trials");
        assertNotEquals(trials, grid(RANDOM + "sweep.search-seed = 2"));
        var k = java.util.regex.Pattern.compile("\"k\":([0-9.Ee-]+)");
        var names = new java.util.TreeSet<String>();
        for (Trial t : trials) {
            assertTrue(t.learningRate() >= 0.001 && t.learningRate() <= 1, "lr " + t.learningRate());
            names.add(t.schedule().name());
            var m = k.matcher(t.schedule().spec());
            if (t.schedule().name().startsWith("exponential")) {
                assertTrue(m.find(), t.schedule().spec());
                double value = Double.parseDouble(m.group(1));
                assertTrue(value >= 0.05 && value <= 0.3, "the sampled k is in the spec: " + t.schedule().spec());
            }
        }
        assertEquals(java.util.Set.of("constant", "exponential(k~U[0.05,0.3])", "warmup(steps~{1|2},then.alpha~U[0.0,0.1])"), names);
        // log-uniform: about as many samples per decade
        long lowDecade = trials.stream().filter(t -> t.learningRate() < 0.01).count();
        long highDecade = trials.stream().filter(t -> t.learningRate() >= 0.1).count();
        assertTrue(lowDecade > 10 && highDecade > 10, lowDecade + " / " + highDecade);
    }

    @Test
    void anOptimizerWithItsOwnRatesIsSweptOverThoseOnlyAndTheOthersKeepTheirIds() {
        List<Trial> shared = grid("sweep.optimizers = [sgd, adam]");
        List<Trial> own = grid("sweep.optimizers = [sgd, {type = adam, learning-rates = [1e-3, 3e-4]}]");
        var adamRates = own.stream().filter(t -> t.train().optimizer().name().equals("adam")).map(Trial::learningRate)
                .collect(Collectors.toSet());
        assertEquals(Set.of(1e-3, 3e-4), adamRates);
        var sgdRates = own.stream().filter(t -> t.train().optimizer().name().equals("sgd")).map(Trial::learningRate)
                .collect(Collectors.toSet());
        assertEquals(Set.of(0.1, 0.01, 0.001), sgdRates);
        assertEquals(3 * 2 * 2 + 2 * 2 * 2, own.size());
        // the key is not part of any trial's identity: a trial both sweeps have has one id
        Set<String> sharedIds = shared.stream().map(Trial::id).collect(Collectors.toSet());
        List<Trial> common = own.stream().filter(t -> t.train().optimizer().name().equals("sgd") || t.learningRate() == 1e-3).toList();
        assertEquals(3 * 2 * 2 + 2 * 2, common.size());
        assertTrue(common.stream().allMatch(t -> sharedIds.contains(t.id())), "the same trials, the same ids");
        // rates in the order first listed: the shared 0.001 once, adam's 3e-4 after it
        assertEquals(List.of(0.1, 0.01, 0.001, 3e-4), own.stream().map(Trial::learningRate).distinct().toList());
    }

    @Test
    void aRandomSearchDrawsAnOptimizersOwnRateFromItsOwnRangeAndLeavesOtherSweepsAsTheyWere() {
        String random = """
                sweep { search = random, trials = 6, learning-rates = {log-uniform = [0.01, 1]}, seeds = [1]
                        optimizers = [sgd, %s] }
                """;
        List<Trial> shared = grid(random.formatted("adam"));
        List<Trial> own = grid(random.formatted("{type = adam, learning-rates = {log-uniform = [1e-4, 1e-3]}}"));
        for (Trial t : own) {
            boolean adam = t.train().optimizer().name().equals("adam");
            double lo = adam ? 1e-4 : 0.01;
            double hi = adam ? 1e-3 : 1;
            assertTrue(t.learningRate() >= lo && t.learningRate() <= hi, t.toString());
        }
        assertEquals(12, own.size());
        // the first sample's draws come before any optimizer's own: its sgd trial is the same
        assertEquals(shared.get(0).id(), own.get(0).id());
    }
}
