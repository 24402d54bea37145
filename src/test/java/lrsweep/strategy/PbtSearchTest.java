package lrsweep.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.output.Lineage;
import lrsweep.store.SweepStore;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PbtSearch without Spark: a stand-in trains segments, its "state" a text naming who trained it through which epoch. */
class PbtSearchTest {

    @TempDir
    Path output;

    private static SweepConfig config(String extra) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { search = pbt, learning-rates = {log-uniform = [0.01, 1]}, schedules = [{type = constant}] }
                sweep.pbt { population = 8, interval = 2 }
                train.epochs = 6
                """ + extra), "pbt");
    }

    private SweepStore store(String name) throws Exception {
        return SweepStore.open(output.resolve(name).toString(), "output.dir", SweepStore.Mode.RESUME, new Configuration(),
                Duration.ofMinutes(1));
    }

    /** Trains segments at once: the loss is lowest at rate 0.1, the state records the member and epoch, every segment is kept. */
    private static final class Stand implements SearchStrategy.Training {
        final List<List<PbtSearch.Work>> intervals = new ArrayList<>();
        final Map<String, byte[]> ends = new HashMap<>();
        final List<TrialResult> committed = new ArrayList<>();
        final List<String> standing = new ArrayList<>();
        int stopAfter = Integer.MAX_VALUE;
        /** Members at or above this rate diverge at the first epoch of each segment. */
        double divergesAt = Double.POSITIVE_INFINITY;

        @Override
        public List<TrialResult> trials(SearchStrategy search) {
            throw new AssertionError("pbt trains segments");
        }

        @Override
        public List<PbtSearch.Done> segments(List<PbtSearch.Work> work) {
            if (intervals.size() == stopAfter) {
                throw new IllegalStateException("the driver is killed");
            }
            intervals.add(work);
            List<PbtSearch.Done> done = new ArrayList<>();
            for (PbtSearch.Work w : work) {
                int from = w.start() == null ? 0 : Integer.parseInt(new String(w.start(), StandardCharsets.UTF_8).split("@")[1]);
                List<EpochRecord> epochs = new ArrayList<>();
                boolean diverged = w.trial().learningRate() >= divergesAt;
                for (int e = from; e < (diverged ? from + 1 : w.to()); e++) {
                    double loss = diverged ? Double.NaN : Math.abs(Math.log10(w.trial().learningRate()) + 1) + 1.0 / (e + 1);
                    epochs.add(new EpochRecord(e, w.trial().learningRate(), loss, loss, 0.5, 1));
                }
                byte[] end = (w.trial().id() + "@" + w.to()).getBytes(StandardCharsets.UTF_8);
                ends.put(w.trial().id() + "@" + w.to(), end);
                done.add(new PbtSearch.Done(w.trial().id(), epochs, diverged, end, 1, null));
            }
            return done;
        }

        @Override
        public void finished(TrialResult result) {
            committed.add(result);
        }

        @Override
        public void population(int epoch, int epochs, List<TrialResult> members) {
            standing.add(epoch + "/" + epochs + ":" + members.size());
        }
    }

    private static List<TrialResult> run(SearchStrategy search, SweepStore store, boolean resume, Stand stand) throws Exception {
        search.open(new SearchStrategy.Context(store, resume, null, null));
        return search.train(stand);
    }

    @Test
    void membersAreDrawnFromTheSpaceReproducibly() {
        var a = SearchStrategy.of(config("")).trials();
        var b = SearchStrategy.of(config("")).trials();
        assertEquals(8, a.size());
        assertEquals(a, b);
        assertEquals(8, new HashSet<>(a.stream().map(Trial::id).toList()).size());
        a.forEach(t -> assertTrue(t.learningRate() >= 0.01 && t.learningRate() <= 1, "rate " + t.learningRate()));
        assertTrue(a.stream().map(Trial::learningRate).distinct().count() > 1);
        assertFalse(a.equals(SearchStrategy.of(config("sweep.search-seed = 2")).trials()), "another seed, other members");
    }

    @Test
    void eachMembersRateComesFromItsOwnSliceOfTheRange() {
        for (int seed = 1; seed <= 20; seed++) {
            Set<Integer> slices = new HashSet<>();
            for (Trial t : SearchStrategy.of(config("sweep.search-seed = " + seed)).trials()) {
                slices.add((int) Math.floor(8 * Math.log(t.learningRate() / 0.01) / Math.log(100)));
            }
            assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), slices, "search seed " + seed + ": one rate in each eighth of [0.01, 1], in log");
        }
        // a list's rates: each as often as the others
        var listed = SearchStrategy.of(config("sweep.learning-rates = [0.01, 0.03, 0.1, 0.3]")).trials();
        Map<Double, Integer> counts = new HashMap<>();
        listed.forEach(t -> counts.merge(t.learningRate(), 1, Integer::sum));
        assertEquals(Map.of(0.01, 2, 0.03, 2, 0.1, 2, 0.3, 2), counts);
    }

    @Test
    void theBottomQuarterTakesTheTopQuartersStateExactlyAndExploresWithinTheSpace() throws Exception {
        var search = (PbtSearch) SearchStrategy.of(config(""));
        var stand = new Stand();
        List<TrialResult> results;
        try (var store = store("exploit")) {
            results = run(search, store, false, stand);
        }
        assertEquals(3, stand.intervals.size(), "6 epochs in intervals of 2");
        assertEquals(8, results.size());
        assertEquals(results, stand.committed, "each member is committed once trained");
        assertEquals(List.of("0/6:8", "2/6:8", "4/6:8", "6/6:8"), stand.standing, "progress at the start and after each interval");
        for (int k = 1; k < 3; k++) {
            int epoch = 2 * k;
            // the members exploited at this epoch: their next segment starts from the donor's state, byte for byte
            int exploited = 0;
            for (TrialResult r : results) {
                String donor = r.exploits().get(epoch);
                var next = stand.intervals.get(k).stream().filter(w -> w.trial().id().equals(r.trial().id())).findFirst().orElseThrow();
                if (donor != null) {
                    exploited++;
                    assertArrayEquals(stand.ends.get(donor + "@" + epoch), next.start());
                    assertTrue(next.trial().learningRate() >= 0.01 && next.trial().learningRate() <= 1);
                } else {
                    assertArrayEquals(stand.ends.get(r.trial().id() + "@" + epoch), next.start(), "the others go on from their own");
                }
            }
            assertEquals(2, exploited, "the bottom quarter of 8");
        }
        // every member trained every epoch, once
        results.forEach(r -> assertEquals(List.of(0, 1, 2, 3, 4, 5), r.epochs().stream().map(EpochRecord::epoch).toList()));
    }

    @Test
    void aDivergedMemberIdlesToTheIntervalsEndAndThenTakesATopMembersState() throws Exception {
        var search = (PbtSearch) SearchStrategy.of(config("sweep.pbt.quantile = 0.125"));
        var stand = new Stand();
        // the two highest rates diverge: more than the bottom eighth (one member), yet both are replaced
        List<Double> rates = search.trials().stream().map(Trial::learningRate).sorted().toList();
        stand.divergesAt = rates.get(6);
        List<TrialResult> results;
        try (var store = store("diverged")) {
            results = run(search, store, false, stand);
        }
        var diverging = search.trials().stream().filter(t -> t.learningRate() >= stand.divergesAt).map(Trial::id).toList();
        assertEquals(2, diverging.size());
        for (String id : diverging) {
            TrialResult r = results.stream().filter(x -> x.trial().id().equals(id)).findFirst().orElseThrow();
            assertEquals(List.of(0, 1, 2, 3, 4, 5), r.epochs().stream().map(EpochRecord::epoch).toList(), "a row every epoch");
            assertTrue(Double.isNaN(r.epochs().get(0).valLoss()));
            String donor = r.exploits().get(2);
            assertTrue(donor != null && !diverging.contains(donor), "took a finite member's state at epoch 2: " + r.exploits());
            var next = stand.intervals.get(1).stream().filter(w -> w.trial().id().equals(id)).findFirst().orElseThrow();
            assertArrayEquals(stand.ends.get(donor + "@2"), next.start());
            // idle for epoch 1: a row of NaNs, no rate used
            EpochRecord idle = r.epochs().get(1);
            assertTrue(Double.isNaN(idle.learningRate()) && Double.isNaN(idle.valLoss()) && Double.isNaN(idle.trainLoss()), idle.toString());
            assertEquals(0, idle.millis());
        }
    }

    @Test
    void exploreMultipliesByAFactorOrResamplesAndStaysInTheSpace() {
        var search = (PbtSearch) SearchStrategy.of(config("sweep.pbt.resample-probability = 0"));
        Trial donor = search.trials().get(0);
        Random random = new Random(3);
        var at = new Trial(donor.id(), 0.5, donor.schedule(), donor.seed(), donor.train(), donor.model());
        var seen = new HashSet<Double>();
        for (int i = 0; i < 50; i++) {
            seen.add(search.explore(at, random));
        }
        assertEquals(Set.of(0.4, 0.6), Set.copyOf(seen.stream().map(v -> Math.round(v * 1e9) / 1e9).toList()));
        var top = new Trial(donor.id(), 0.95, donor.schedule(), donor.seed(), donor.train(), donor.model());
        for (int i = 0; i < 50; i++) {
            assertTrue(search.explore(top, random) <= 1, "clipped to the range");
        }
        var resampling = (PbtSearch) SearchStrategy.of(config("sweep.pbt.resample-probability = 1"));
        for (int i = 0; i < 50; i++) {
            double lr = resampling.explore(at, random);
            assertTrue(lr >= 0.01 && lr <= 1 && lr != 0.4 && lr != 0.6, "drawn afresh: " + lr);
        }
        // a list: the neighbour the factor points to
        var listed = (PbtSearch) SearchStrategy.of(config("sweep.learning-rates = [0.01, 0.03, 0.1, 0.3]\nsweep.pbt.resample-probability = 0"));
        var mid = new Trial(donor.id(), 0.1, donor.schedule(), donor.seed(), donor.train(), donor.model());
        var neighbours = new HashSet<Double>();
        for (int i = 0; i < 50; i++) {
            neighbours.add(listed.explore(mid, random));
        }
        assertEquals(Set.of(0.03, 0.3), neighbours);
    }

    @Test
    void theDiscoveredScheduleFollowsTheLineage() throws Exception {
        var search = (PbtSearch) SearchStrategy.of(config(""));
        List<TrialResult> results;
        try (var store = store("lineage")) {
            results = run(search, store, false, new Stand());
        }
        TrialResult exploited = results.stream().filter(r -> r.exploits().containsKey(4)).findFirst().orElseThrow();
        String donorId = exploited.exploits().get(4);
        TrialResult donor = results.stream().filter(r -> r.trial().id().equals(donorId)).findFirst().orElseThrow();
        List<Double> rates = Lineage.rates(results, exploited);
        List<Double> donorLine = Lineage.rates(results, donor);
        assertEquals(donorLine.subList(0, 4), rates.subList(0, 4), "before the exploit: the donor's lineage");
        assertEquals(exploited.epochs().subList(4, 6).stream().map(EpochRecord::learningRate).toList(), rates.subList(4, 6));
        var replay = Lineage.replay(results, exploited);
        for (int e = 0; e < 6; e++) {
            assertEquals(rates.get(e), replay.schedule().rate(replay.learningRate(), e, 6), "epoch " + e);
        }
    }

    @Test
    void aKilledRunResumesFromItsLastIntervalAndEndsAsAnUninterruptedOne() throws Exception {
        List<TrialResult> whole;
        try (var store = store("whole")) {
            whole = run(SearchStrategy.of(config("")), store, false, new Stand());
        }
        var killed = new Stand();
        killed.stopAfter = 2;
        try (var store = store("killed")) {
            assertThrows(IllegalStateException.class, () -> run(SearchStrategy.of(config("")), store, false, killed));
        }
        var resumed = new Stand();
        List<TrialResult> again;
        try (var store = store("killed")) {
            again = run(SearchStrategy.of(config("")), store, true, resumed);
        }
        assertEquals(1, resumed.intervals.size(), "only the last interval trains again");
        for (PbtSearch.Work w : resumed.intervals.get(0)) {
            assertEquals(6, w.to());
            assertTrue(new String(w.start(), StandardCharsets.UTF_8).endsWith("@4"), "from the stored states of epoch 4");
        }
        assertEquals(whole, again);
    }
}
