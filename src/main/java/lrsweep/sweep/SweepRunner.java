package lrsweep.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import lrsweep.data.DataSplit;
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
 * Fans trials (or range tests) out to Spark executors: one Spark job with one task per item, whose
 * results reach the driver (and are committed) one by one as their tasks finish, not when the whole
 * sweep does. One job rather than one per item: Spark's per-job work (closure cleaning, task
 * serialization, scheduling) and the JIT compiling it cost more CPU than a sweep can spare
 * (measured: 64 jobs against one); an adaptive search, whose next trial depends on the results,
 * takes one job per trial (see {@link #run(JavaSparkContext, Proposer, DataSplit, RungGate, Listener)}). The
 * data is broadcast once, so each executor JVM receives it once.
 */
public final class SweepRunner {

    /** Receives each result on the driver as soon as its task ends. */
    public interface Listener<R> {
        void finished(R result) throws Exception;
    }

    /** An adaptive search: the next trial to start (empty when none is left), and each result as it arrives. */
    public interface Proposer {
        Optional<Trial> next() throws Exception;

        void finished(TrialResult result);
    }

    private SweepRunner() {}

    /** Trains {@code trials} and returns their results in order of completion. */
    public static List<TrialResult> run(JavaSparkContext jsc, List<Trial> trials, DataSplit data, RungGate gate,
            Listener<TrialResult> listener) throws Exception {
        return run(jsc, trials, data, (t, d) -> Trainer.train(t, d, gate), trials.size() + " trials", listener);
    }

    /**
     * Runs {@code task} on each item, one task per item (started in list order), and returns the
     * results in order of completion. {@code task} must not throw for a doomed item: what it throws
     * is Spark's to retry.
     */
    public static <T extends Serializable, R> List<R> run(JavaSparkContext jsc, List<T> items, DataSplit data,
            Function2<T, DataSplit, R> task, String description, Listener<R> listener) throws Exception {
        if (items.isEmpty()) {
            return List.of();
        }
        Broadcast<DataSplit> broadcast = jsc.broadcast(data);
        Function1<Iterator<T>, R> perTask = perTask(task, broadcast);
        // filled on Spark's scheduler thread, which must not wait for our journal and progress line
        BlockingQueue<R> finished = new LinkedBlockingQueue<>();
        // a group of its own so that cancelling the job interrupts its running tasks
        jsc.setJobGroup("lr-sweep-" + UUID.randomUUID(), "lr-sweep: " + description, true);
        SimpleFutureAction<BoxedUnit> job;
        try {
            job = submit(jsc, items, perTask, finished);
        } finally {
            jsc.clearJobGroup();
        }
        boolean complete = false;
        try {
            List<R> results = new ArrayList<>();
            while (results.size() < items.size()) {
                R result = finished.poll(100, TimeUnit.MILLISECONDS);
                if (result == null) {
                    if (job.isCompleted() && finished.isEmpty()) {
                        throw failure(job, results.size() + " of " + items.size() + " results");
                    }
                    continue;
                }
                listener.finished(result);
                results.add(result);
            }
            complete = true;
            return results;
        } finally {
            if (!complete) {
                job.cancel(); // the tasks still running would train for nothing
            }
            broadcast.destroy();
        }
    }

    /**
     * Trains the trials {@code proposer} proposes, keeping every task slot busy: one Spark job per
     * trial ({@code submitJob}, as {@link #run} submits its one job), each proposed from every result
     * that arrived before it. One job more than the slots is kept in flight, so that a freed slot
     * finds its next task already queued rather than waiting for the driver to propose and submit
     * it (that proposal sees one result fewer). Measured on 2 slots with no-op tasks, warm JVM: 3.6
     * to 4.8 ms a trial against 0.7 to 0.9 ms in one job (3.6 to 8 ms with only the slots in flight);
     * the first hundreds of jobs of a JVM, before the JIT, take 8 to 20 ms. Returns the results in
     * order of completion.
     */
    public static List<TrialResult> run(JavaSparkContext jsc, Proposer proposer, DataSplit data, RungGate gate,
            Listener<TrialResult> listener) throws Exception {
        Broadcast<DataSplit> broadcast = jsc.broadcast(data);
        Function1<Iterator<Trial>, TrialResult> perTask = perTask((t, d) -> Trainer.train(t, d, gate), broadcast);
        BlockingQueue<TrialResult> finished = new LinkedBlockingQueue<>();
        Map<String, SimpleFutureAction<BoxedUnit>> running = new HashMap<>();
        String group = "lr-sweep-" + UUID.randomUUID();
        boolean complete = false;
        try {
            List<TrialResult> results = new ArrayList<>();
            int inFlight = jsc.defaultParallelism() + 1;
            while (true) {
                while (running.size() < inFlight) {
                    Optional<Trial> next = proposer.next();
                    if (next.isEmpty()) {
                        break;
                    }
                    jsc.setJobGroup(group, "lr-sweep: trial " + next.get().id(), true);
                    try {
                        running.put(next.get().id(), submit(jsc, List.of(next.get()), perTask, finished));
                    } finally {
                        jsc.clearJobGroup();
                    }
                }
                if (running.isEmpty()) {
                    complete = true;
                    return results;
                }
                TrialResult result = finished.poll(100, TimeUnit.MILLISECONDS);
                if (result == null) {
                    for (var job : running.values()) {
                        if (job.isCompleted() && finished.isEmpty()) {
                            throw failure(job, "no result");
                        }
                    }
                    continue;
                }
                running.remove(result.trial().id());
                listener.finished(result);
                proposer.finished(result);
                results.add(result);
            }
        } finally {
            if (!complete) {
                jsc.cancelJobGroup(group); // the tasks still running would train for nothing
            }
            broadcast.destroy();
        }
    }

    private static <T, R> Function1<Iterator<T>, R> perTask(Function2<T, DataSplit, R> task, Broadcast<DataSplit> broadcast) {
        return (Function1<Iterator<T>, R> & Serializable) partition -> {
            try {
                return task.call(partition.next(), broadcast.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** One job with one task per item, each result put on {@code finished} as its task ends. */
    private static <T extends Serializable, R> SimpleFutureAction<BoxedUnit> submit(JavaSparkContext jsc, List<T> items,
            Function1<Iterator<T>, R> perTask, BlockingQueue<R> finished) {
        return jsc.sc().submitJob(jsc.parallelize(items, items.size()).rdd(), perTask,
                CollectionConverters.asScala(IntStream.range(0, items.size()).<Object>mapToObj(i -> i).toList()).toSeq(),
                (index, result) -> {
                    finished.add(result);
                    return BoxedUnit.UNIT;
                },
                () -> BoxedUnit.UNIT);
    }

    /** A job that ended without all its results: a trial's own errors are caught in its task, so this is Spark giving up (lost executors, ...). */
    private static Exception failure(SimpleFutureAction<BoxedUnit> job, String what) {
        Throwable failure = job.value().get().failed().getOrElse(() -> new IllegalStateException("Spark's job ended with " + what));
        return failure instanceof Exception e ? e : new IllegalStateException(failure);
    }
}
