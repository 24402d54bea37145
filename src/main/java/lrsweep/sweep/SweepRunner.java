package lrsweep.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
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
 * (measured: 64 jobs against one). The data is broadcast once, so each executor JVM receives it once.
 */
public final class SweepRunner {

    /** Receives each result on the driver as soon as its task ends. */
    public interface Listener<R> {
        void finished(R result) throws Exception;
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
        Function1<Iterator<T>, R> perTask = (Function1<Iterator<T>, R> & Serializable) partition -> {
            try {
                return task.call(partition.next(), broadcast.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        // filled on Spark's scheduler thread, which must not wait for our journal and progress line
        BlockingQueue<R> finished = new LinkedBlockingQueue<>();
        // a group of its own so that cancelling the job interrupts its running tasks
        jsc.setJobGroup("lr-sweep-" + UUID.randomUUID(), "lr-sweep: " + description, true);
        SimpleFutureAction<BoxedUnit> job;
        try {
            job = jsc.sc().submitJob(jsc.parallelize(items, items.size()).rdd(), perTask,
                    CollectionConverters.asScala(IntStream.range(0, items.size()).<Object>mapToObj(i -> i).toList()).toSeq(),
                    (index, result) -> {
                        finished.add(result);
                        return BoxedUnit.UNIT;
                    },
                    () -> BoxedUnit.UNIT);
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
                        // a trial's own errors are caught in its task; this is Spark giving up (lost executors, ...)
                        Throwable failure = job.value().get().failed().getOrElse(() -> new IllegalStateException(
                                "Spark's job ended with " + results.size() + " of " + items.size() + " results"));
                        throw failure instanceof Exception e ? e : new IllegalStateException(failure);
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
}
