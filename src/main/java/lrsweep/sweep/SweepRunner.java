package lrsweep.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import lrsweep.data.DataSplit;
import lrsweep.pruning.Pruner;
import lrsweep.strategy.PbtSearch;
import lrsweep.strategy.SearchStrategy;
import lrsweep.train.MemberState;
import lrsweep.train.RungGate;
import lrsweep.train.Trainer;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * Fans trials (or range tests) out to Spark executors, keeping every task slot busy: each batch a
 * {@link Source} gives is one Spark job with one task per item, and results reach the driver (and
 * are committed, and observed by the search) one by one as their tasks finish. A plan is one batch,
 * so one job; an adaptive search gives one configuration at a time, so a job per configuration,
 * and one item more than the slots is kept in flight, so that a freed slot finds its next task
 * already queued rather than waiting for the driver to propose and submit it (that proposal sees
 * one result fewer). Measured on 2 slots with no-op tasks, warm JVM: 3.6 to 4.8 ms a trial with a
 * job per trial against 0.7 to 0.9 ms in one job (3.6 to 8 ms with only the slots in flight); the
 * first hundreds of jobs of a JVM, before the JIT, take 8 to 20 ms. The data is broadcast once, so
 * each executor JVM receives it once.
 */
public final class SweepRunner {

    /** Receives each result on the driver as soon as its task ends. */
    public interface Listener<R> {
        void finished(R result) throws Exception;
    }

    /** Where a run's items come from, and where their results go back to. */
    public interface Source<T, R> {
        /** The next items to start, as one job; none to wait for results (or when all are given). */
        List<T> next() throws Exception;

        /** A result, after the listener took it. */
        void finished(R result);

        /** A batch's job in Spark's UI and event log. */
        String describe(List<T> items);
    }

    private SweepRunner() {}

    /** Trains the trials {@code search} proposes, in the order {@code pruner} starts them; returns their results in order of completion. */
    public static List<TrialResult> run(JavaSparkContext jsc, SearchStrategy search, Pruner pruner, RungGate gate, DataSplit data,
            Listener<TrialResult> listener) throws Exception {
        return run(jsc, new Source<Trial, TrialResult>() {
            @Override
            public List<Trial> next() throws Exception {
                return pruner.order(search.next());
            }

            @Override
            public void finished(TrialResult result) {
                search.observe(result);
            }

            @Override
            public String describe(List<Trial> trials) {
                return trials.size() == 1 ? "trial " + trials.get(0).id() : trials.size() + " trials";
            }
        }, data, (t, d) -> Trainer.train(t, d, gate), listener);
    }

    /**
     * Runs {@code task} on each item in one job (started in list order); returns the results in order of completion.
     *
     * @param description the job's, in Spark's UI and event log
     */
    public static <T extends Serializable, R> List<R> run(JavaSparkContext jsc, List<T> items, DataSplit data,
            Function2<T, DataSplit, R> task, String description, Listener<R> listener) throws Exception {
        return run(jsc, once(items, description), data, task, listener);
    }

    /** As {@link #run(JavaSparkContext, List, DataSplit, Function2, String, Listener)}, on data broadcast already (pbt's intervals share one broadcast). */
    public static <T extends Serializable, R> List<R> run(JavaSparkContext jsc, List<T> items, Broadcast<DataSplit> data,
            Function2<T, DataSplit, R> task, String description, Listener<R> listener) throws Exception {
        return run(jsc, once(items, description), data, task, listener);
    }

    /** All of {@code items} at once, as one job. */
    private static <T, R> Source<T, R> once(List<T> items, String description) {
        return new Source<T, R>() {
            private boolean given;

            @Override
            public List<T> next() {
                List<T> batch = given ? List.of() : items;
                given = true;
                return batch;
            }

            @Override
            public void finished(R result) {}

            @Override
            public String describe(List<T> batch) {
                return description;
            }
        };
    }

    /**
     * Runs {@code task} on each item {@code source} gives, one task per item, and returns the
     * results in order of completion. {@code task} must not throw for a doomed item: what it throws
     * is Spark's to retry.
     */
    public static <T extends Serializable, R> List<R> run(JavaSparkContext jsc, Source<T, R> source, DataSplit data,
            Function2<T, DataSplit, R> task, Listener<R> listener) throws Exception {
        Broadcast<DataSplit> broadcast = jsc.broadcast(data);
        try {
            return run(jsc, source, broadcast, task, listener);
        } finally {
            broadcast.destroy();
        }
    }

    private static <T extends Serializable, R> List<R> run(JavaSparkContext jsc, Source<T, R> source, Broadcast<DataSplit> broadcast,
            Function2<T, DataSplit, R> task, Listener<R> listener) throws Exception {
        Function1<Iterator<T>, R> perTask = perTask(task, broadcast);
        // filled on Spark's scheduler thread, which must not wait for our journal and progress line
        BlockingQueue<Arrived<R>> arrived = new LinkedBlockingQueue<>();
        Map<Integer, Job> running = new HashMap<>();
        // one group for all the jobs, so that cancelling it interrupts their running tasks
        String group = "lr-sweep-" + UUID.randomUUID();
        int inFlight = jsc.defaultParallelism() + 1;
        int due = 0;
        int jobs = 0;
        boolean complete = false;
        try {
            List<R> results = new ArrayList<>();
            while (true) {
                while (due < inFlight) {
                    List<T> items = source.next();
                    if (items.isEmpty()) {
                        break;
                    }
                    int number = jobs++;
                    jsc.setJobGroup(group, "lr-sweep: " + source.describe(items), true);
                    try {
                        running.put(number, new Job(submit(jsc, items, perTask, r -> arrived.add(new Arrived<>(number, r))), items.size()));
                    } finally {
                        jsc.clearJobGroup();
                    }
                    due += items.size();
                }
                if (due == 0) {
                    complete = true;
                    return results;
                }
                Arrived<R> next = arrived.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    for (Job job : running.values()) {
                        if (job.future.isCompleted() && arrived.isEmpty()) {
                            throw failure(job.future, (job.items - job.due) + " of " + job.items + " results");
                        }
                    }
                    continue;
                }
                due--;
                Job job = running.get(next.job());
                if (--job.due == 0) {
                    running.remove(next.job());
                }
                listener.finished(next.result());
                source.finished(next.result());
                results.add(next.result());
            }
        } finally {
            if (!complete) {
                jsc.cancelJobGroup(group); // the tasks still running would train for nothing
            }
        }
    }

    /** A result and the job it came from. */
    private record Arrived<R>(int job, R result) {}

    /** A submitted job and how many of its results are still due. */
    private static final class Job {
        final SimpleFutureAction<BoxedUnit> future;
        final int items;
        int due;

        Job(SimpleFutureAction<BoxedUnit> future, int items) {
            this.future = future;
            this.items = items;
            this.due = items;
        }
    }

    /**
     * A population member's segment (pbt), on an executor. A failure is recorded with the state it
     * started from, so the member can still be replaced; a lost task is Spark's to retry.
     */
    static PbtSearch.Done segment(PbtSearch.Work work, DataSplit data) {
        return segment(work, () -> Trainer.trainSegment(work.trial(), data,
                work.start() == null ? null : MemberState.fromBytes(work.start()), work.to()));
    }

    /** {@code work}'s segment as {@code train} trains it (from the state or on in memory), timed, its failure recorded. */
    static PbtSearch.Done segment(PbtSearch.Work work, Supplier<Trainer.Segment> train) {
        long start = System.nanoTime();
        try {
            var segment = train.get();
            return new PbtSearch.Done(work.trial().id(), segment.epochs(), segment.diverged(), segment.end().toBytes(),
                    (System.nanoTime() - start) / 1_000_000, null);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) { // as Trainer.train records a trial's failure
            return new PbtSearch.Done(work.trial().id(), List.of(), false, work.start(), (System.nanoTime() - start) / 1_000_000,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    static <T, R> Function1<Iterator<T>, R> perTask(Function2<T, DataSplit, R> task, Broadcast<DataSplit> broadcast) {
        return (Function1<Iterator<T>, R> & Serializable) partition -> {
            try {
                return task.call(partition.next(), broadcast.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** One job with one task per item, each result handed to {@code arrived} as its task ends. */
    static <T extends Serializable, R> SimpleFutureAction<BoxedUnit> submit(JavaSparkContext jsc, List<T> items,
            Function1<Iterator<T>, R> perTask, java.util.function.Consumer<R> arrived) {
        return jsc.sc().submitJob(jsc.parallelize(items, items.size()).rdd(), perTask,
                CollectionConverters.asScala(IntStream.range(0, items.size()).<Object>mapToObj(i -> i).toList()).toSeq(),
                (index, result) -> {
                    arrived.accept(result);
                    return BoxedUnit.UNIT;
                },
                () -> BoxedUnit.UNIT);
    }

    /** A job that ended without all its results: a trial's own errors are caught in its task, so this is Spark giving up (lost executors, ...). */
    static Exception failure(SimpleFutureAction<BoxedUnit> job, String what) {
        Throwable failure = job.value().get().failed().getOrElse(() -> new IllegalStateException("Spark's job ended with " + what));
        return failure instanceof Exception e ? e : new IllegalStateException(failure);
    }
}
