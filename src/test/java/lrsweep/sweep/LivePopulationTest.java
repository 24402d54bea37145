package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.strategy.PbtSearch;
import lrsweep.strategy.PbtSearch.Done;
import lrsweep.strategy.PbtSearch.Work;
import lrsweep.strategy.SearchStrategy;
import lrsweep.store.SweepStore;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pbt with a task per member for the whole run: the same results as a job per interval, and the driver's side of the exchange. */
class LivePopulationTest {

    private static final CyclicBarrier BOTH = new CyclicBarrier(2);

    @TempDir
    Path output;

    /** Two members: both fit the shared session's 2 slots; the worse one takes the better one's state at epochs 2 and 4. */
    private SweepConfig config() {
        return config(2);
    }

    private SweepConfig config(int population) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { search = pbt, learning-rates = {log-uniform = [0.003, 0.5]}, schedules = [{type = constant}] }
                sweep.pbt { population = %d, interval = 2 }
                train { epochs = 6, batch-size = 32 }
                data { train-examples = 300, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(population, output.toString().replace("\\", "/"))), "pbt");
    }

    /** A stand-in for the driver's training of a population: no whole trials, nothing to commit or show. */
    private interface Population extends SearchStrategy.Training {
        @Override
        default List<TrialResult> trials(SearchStrategy search) {
            throw new AssertionError("pbt trains segments");
        }

        @Override
        default void finished(TrialResult result) {}

        @Override
        default void population(int epoch, int epochs, List<TrialResult> members) {}
    }

    /** The descriptions of the jobs Spark starts. */
    private static final class Jobs extends SparkListener {
        final List<String> started = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            started.add(job.properties().getProperty("spark.job.description", ""));
        }

        long count(String description) throws TimeoutException {
            SharedSpark.session().sparkContext().listenerBus().waitUntilEmpty();
            return started.stream().filter(d -> d.contains(description)).count();
        }
    }

    /** A job per interval whatever the slots: the default transport, as for a population larger than them. */
    private record JobPerInterval(DataSplit data) implements Population {
        @Override
        public List<Done> segments(List<Work> work) throws Exception {
            return SweepRunner.run(SharedSpark.context(), work, data, SweepRunner::segment, work.size() + " members' segments",
                    done -> {});
        }
    }

    @Test
    void aPopulationThatFitsTheSlotsTrainsInOneJobAndEndsAsAJobPerIntervalDoes() throws Exception {
        SweepConfig config = config();
        var jobs = new Jobs();
        var spark = SharedSpark.session().sparkContext();
        spark.addSparkListener(jobs);
        List<TrialResult> live;
        try {
            live = SweepJob.run(SharedSpark.session(), config, SweepStore.Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false)
                    .results();
            assertEquals(1, jobs.count("a population of 2, a task per member"), jobs.started.toString());
            assertEquals(0, jobs.count("members' segments"), jobs.started.toString());

            var intervals = trained("intervals", new JobPerInterval(DataLoader.load(config.data(), new Configuration())));
            assertEquals(3, jobs.count("members' segments"), "6 epochs in intervals of 2: " + jobs.started);
            assertEquals(2, live.stream().mapToInt(r -> r.exploits().size()).sum(), "one member replaced at epochs 2 and 4");
            assertEquals(intervals, withoutTimes(live));
        } finally {
            spark.removeSparkListener(jobs);
        }
    }

    /** A population's segments in this JVM, an interval at a time: the job-per-interval mode without Spark. */
    private record InProcess(DataSplit data) implements Population {
        @Override
        public List<Done> segments(List<Work> work) {
            return work.stream().map(w -> SweepRunner.segment(w, data)).toList();
        }
    }

    /**
     * A task per member as threads of this JVM, Spark's part played by the test: the first member's
     * first attempt reports epoch 2, receives the decision and is lost; a second attempt starts as
     * Spark would run it again, from nothing but the member's id.
     */
    private record LosesATask(DataSplit data) implements Population {
        @Override
        public void intervals(List<Work> first, PbtSearch.Decision decision) throws Exception {
            ExecutorService tasks = Executors.newFixedThreadPool(first.size());
            try (var population = new LivePopulation(first, "127.0.0.1")) {
                String url = population.url;
                List<Future<?>> running = new ArrayList<>();
                for (Work w : first.subList(1, first.size())) {
                    running.add(tasks.submit(() -> LivePopulation.train(url, w.trial().id(), data)));
                }
                String lost = first.get(0).trial().id();
                running.add(tasks.submit(() -> {
                    Work work = LivePopulation.next(url, lost, -1).work();
                    LivePopulation.report(url, work.to(), SweepRunner.segment(work, data));
                    assertEquals(4, LivePopulation.next(url, lost, work.to()).work().to(), "the decision, then the executor is lost");
                    return LivePopulation.train(url, lost, data);
                }));
                assertTrue(population.decide(decision, () -> false));
                for (Future<?> task : running) {
                    task.get(60, TimeUnit.SECONDS);
                }
            } finally {
                tasks.shutdownNow();
            }
        }

        @Override
        public List<Done> segments(List<Work> work) {
            throw new AssertionError("a task per member");
        }
    }

    @Test
    void aLostTaskRunAgainAsksForItsMembersLatestWorkAndTheResultsStayTheSame() throws Exception {
        DataSplit data = DataLoader.load(config().data(), new Configuration());
        assertEquals(trained("in-process", new InProcess(data)), trained("lost", new LosesATask(data)));
    }

    /**
     * As {@link SparkTraining} does, with {@code before} slots counted until the first interval is
     * decided and {@code after} from then on; the one job ends with the interval ending at {@code handover}.
     */
    private record CountedSlots(DataSplit data, int before, int after, int handover) implements Population {
        @Override
        public void intervals(List<Work> first, PbtSearch.Decision decision) throws Exception {
            var broadcast = SharedSpark.context().broadcast(data);
            boolean[] decided = {false};
            try {
                var rest = LivePopulation.run(SharedSpark.context(), broadcast, first, segments -> {
                    decided[0] = true;
                    return decision.next(segments);
                }, () -> decided[0] ? after : before);
                assertEquals(handover + 2, rest.get(0).to(), "the interval to epoch " + handover + " finished as a job of its own");
                Population.super.intervals(rest, decision);
            } finally {
                broadcast.destroy();
            }
        }

        @Override
        public List<Done> segments(List<Work> work) throws Exception {
            return new JobPerInterval(data).segments(work);
        }
    }

    /** An executor lost and not replaced: the slots fall to 1 once the first interval is decided. */
    @Test
    void slotsFallingBelowTheMembersMidRunGoOnAJobPerIntervalWithTheSameResults() throws Exception {
        DataSplit data = DataLoader.load(config().data(), new Configuration());
        assertEquals(trained("in-process", new InProcess(data)), trained("slots", new CountedSlots(data, 2, 1, 4)));
    }

    /** Three members counted as fitting the session's 2 slots (a parallelism set above the cores): the third never starts. */
    @Test
    void aMemberThatNeverGetsASlotSendsTheRunToAJobPerIntervalWithTheSameResults() throws Exception {
        DataSplit data = DataLoader.load(config(3).data(), new Configuration());
        var overstated = CompletableFuture.supplyAsync(() -> {
            try {
                return trained("overstated", config(3), new CountedSlots(data, 3, 3, 2));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(trained("in-process-3", config(3), new InProcess(data)), overstated.get(60, TimeUnit.SECONDS), "no hang either");
        assertBothSlotsFree();
    }

    /** Each member's result, without the times, of {@link #config()}'s population trained by {@code training}; its store under {@code name}. */
    private Map<String, String> trained(String name, SearchStrategy.Training training) throws Exception {
        return trained(name, config(), training);
    }

    private Map<String, String> trained(String name, SweepConfig config, SearchStrategy.Training training) throws Exception {
        var search = SearchStrategy.of(config);
        try (var store = SweepStore.open(output.resolve(name).toString(), "output.dir", SweepStore.Mode.NEW, new Configuration(),
                Duration.ofMinutes(1))) {
            search.open(new SearchStrategy.Context(store, false, null, null));
            return withoutTimes(search.train(training));
        }
    }

    /** A driver that fails while the members wait (here its decision), or is interrupted (Ctrl-C), leaves no task waiting. */
    @Test
    void aFailedOrInterruptedDriverEndsTheJobAndItsWaitingTasks() throws Exception {
        SweepConfig config = config();
        var jsc = SharedSpark.context();
        var data = jsc.broadcast(DataLoader.load(config.data(), new Configuration()));
        List<Work> first = SearchStrategy.of(config).trials().stream().map(t -> new Work(t, null, 2)).toList();
        try {
            var failed = assertThrows(IOException.class, () -> LivePopulation.run(jsc, data, first, segments -> {
                throw new IOException("the store is gone");
            }, () -> 2));
            assertEquals("the store is gone", failed.getMessage());
            assertBothSlotsFree();

            var driver = Executors.newSingleThreadExecutor();
            try {
                var interrupted = driver.submit(() -> LivePopulation.run(jsc, data, first, segments -> {
                    Thread.currentThread().interrupt(); // Ctrl-C while the members wait for the decision
                    return first.stream().map(w -> new Work(w.trial(), null, 4)).toList();
                }, () -> 2));
                var e = assertThrows(ExecutionException.class, () -> interrupted.get(30, TimeUnit.SECONDS));
                assertInstanceOf(InterruptedException.class, e.getCause());
            } finally {
                driver.shutdownNow();
            }
            assertBothSlotsFree();
        } finally {
            data.destroy();
        }
    }

    /** Both of the session's slots free: a job whose 2 tasks wait for each other runs (a cancelled job's tasks may hold slots on). */
    private static void assertBothSlotsFree() throws Exception {
        var together = SharedSpark.context().parallelize(List.of(1, 2), 2).foreachAsync(i -> BOTH.await(10, TimeUnit.SECONDS));
        try {
            together.get(20, TimeUnit.SECONDS);
        } finally {
            together.cancel(true);
        }
    }

    /** Each member's result as it is decided and trained, without the times it took. */
    private static Map<String, String> withoutTimes(List<TrialResult> results) {
        Function<TrialResult, String> timeless = r -> String.join(" ", r.trial().toString(), r.status().toString(),
                String.valueOf(r.error()), r.exploits().toString(), r.epochs().stream().map(e -> new EpochRecord(e.epoch(),
                        e.learningRate(), e.trainLoss(), e.valLoss(), e.valAccuracy(), e.valMae(), 0)).toList().toString());
        return results.stream().collect(Collectors.toMap(r -> r.trial().id(), timeless));
    }

    private static Done done(Trial member, boolean diverged, byte... end) {
        return new Done(member.id(), List.of(), diverged, end, 1, null);
    }

    private static CompletableFuture<LivePopulation.Next> asking(String url, Trial member, int to) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return LivePopulation.next(url, member.id(), to);
            } catch (IOException | ClassNotFoundException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        });
    }

    /**
     * The driver's side, without Spark: reports wait for every member's, the first report of an
     * interval counts, a retried task's first request gets its member's latest decided work in full,
     * and a member that keeps its own (healthy) state is told to train on the network it holds.
     */
    @Test
    void membersWaitForTheDecisionAndARetriedTaskGetsItsMembersLatestWork() throws Exception {
        List<Trial> trials = SearchStrategy.of(config()).trials();
        Trial a = trials.get(0);
        Trial b = trials.get(1);
        try (var population = new LivePopulation(List.of(new Work(a, null, 2), new Work(b, null, 2)), "127.0.0.1")) {
            String url = population.url;
            var first = LivePopulation.next(url, a.id(), -1);
            assertEquals(2, first.work().to());
            assertNull(first.work().start(), "fresh from its seed");
            assertFalse(first.ownState());

            LivePopulation.report(url, 2, done(a, false, (byte) 1));
            LivePopulation.report(url, 2, done(a, false, (byte) 9)); // another attempt's: the first counts
            var bWaits = asking(url, b, 2);
            assertTrue(population.reports(() -> true).isEmpty(), "b has not reported");
            LivePopulation.report(url, 2, done(b, false, (byte) 2));
            var reports = population.reports(() -> false).orElseThrow();
            assertEquals(Map.of(a.id(), 1, b.id(), 2), reports.stream().collect(Collectors.toMap(Done::member, d -> (int) d.end()[0])));
            assertFalse(bWaits.isDone(), "no answer before the decision");

            // b exploits a: a's state, a new rate; a trains on
            Trial exploited = new Trial(b.id(), 0.125, a.schedule(), a.seed(), a.train(), a.model());
            population.decided(List.of(new Work(a, new byte[] {1}, 4), new Work(exploited, new byte[] {1}, 4)));
            var forB = bWaits.get(10, TimeUnit.SECONDS);
            assertFalse(forB.ownState());
            assertEquals(exploited, forB.work().trial());
            assertArrayEquals(new byte[] {1}, forB.work().start());
            var forA = LivePopulation.next(url, a.id(), 2);
            assertTrue(forA.ownState(), "its own state: the task trains on its network");
            assertNull(forA.work().start(), "and the state is not sent back");

            // a report of a decided interval changes nothing; a retried task starts from the latest decided work, in full
            LivePopulation.report(url, 2, done(a, false, (byte) 7));
            assertTrue(LivePopulation.next(url, a.id(), 2).ownState());
            var retried = LivePopulation.next(url, a.id(), -1);
            assertFalse(retried.ownState());
            assertEquals(4, retried.work().to());
            assertArrayEquals(new byte[] {1}, retried.work().start());

            // a member that diverged loads its state again, even when it keeps it
            LivePopulation.report(url, 4, done(a, true, (byte) 3));
            LivePopulation.report(url, 4, done(b, false, (byte) 4));
            population.reports(() -> false).orElseThrow();
            population.decided(List.of(new Work(a, new byte[] {3}, 6), new Work(exploited, new byte[] {4}, 6)));
            assertFalse(LivePopulation.next(url, a.id(), 4).ownState());
            assertTrue(LivePopulation.next(url, b.id(), 4).ownState());

            LivePopulation.report(url, 6, done(a, false, (byte) 5));
            LivePopulation.report(url, 6, done(b, false, (byte) 6));
            population.reports(() -> false).orElseThrow();
            population.decided(List.of());
            assertNull(LivePopulation.next(url, a.id(), 6).work(), "the end");
            assertNull(LivePopulation.next(url, b.id(), -1).work(), "the end, for a retried task too");
        }
    }

    @Test
    void closingReleasesTheTasksWaiting() throws Exception {
        Trial a = SearchStrategy.of(config()).trials().get(0);
        var population = new LivePopulation(List.of(new Work(a, null, 2)), "127.0.0.1");
        var waiting = asking(population.url, a, 2);
        Thread.sleep(200);
        assertFalse(waiting.isDone());
        population.close();
        assertNull(waiting.get(10, TimeUnit.SECONDS).work(), "told to end");
    }
}
