package lrsweep.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lrsweep.data.DataSplit;
import lrsweep.train.RungGate;
import lrsweep.train.Trainer;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Fans trials (or range tests) out to Spark executors: each is its own one-task job, so its result
 * reaches the driver (and is committed) the moment it finishes rather than when the whole sweep
 * does. The data is broadcast once, so each executor JVM receives it once.
 */
public final class SweepRunner {

    /** Jobs submitted at once; Spark queues the rest of these FIFO until a core frees up. */
    private static final int MAX_IN_FLIGHT = 256;

    /** Receives each result on the driver as soon as its task ends. */
    public interface Listener<R> {
        void finished(R result) throws Exception;
    }

    private SweepRunner() {}

    /** Trains {@code trials} and returns their results in order of completion. */
    public static List<TrialResult> run(JavaSparkContext jsc, List<Trial> trials, DataSplit data, RungGate gate,
            Listener<TrialResult> listener) throws Exception {
        return run(jsc, trials, data, (t, d) -> Trainer.train(t, d, gate), t -> "trial " + t.id() + " (lr " + t.learningRate() + ", " + t.schedule().name() + ", " + t.train().optimizer().name() + ")",
                listener);
    }

    /**
     * Runs {@code task} on each item, one single-task Spark job per item, and returns the results
     * in order of completion. {@code task} must not throw for a doomed item: what it throws is
     * Spark's to retry.
     */
    public static <T extends Serializable, R> List<R> run(JavaSparkContext jsc, List<T> items, DataSplit data,
            Function2<T, DataSplit, R> task, java.util.function.Function<T, String> description, Listener<R> listener)
            throws Exception {
        if (items.isEmpty()) {
            return List.of();
        }
        Broadcast<DataSplit> broadcast = jsc.broadcast(data);
        ExecutorService submitters = Executors.newFixedThreadPool(Math.min(items.size(), MAX_IN_FLIGHT), r -> {
            Thread t = new Thread(r, "trial-submitter");
            t.setDaemon(true);
            return t;
        });
        CompletionService<R> done = new ExecutorCompletionService<>(submitters);
        String group = "lr-sweep-" + UUID.randomUUID();
        boolean complete = false;
        try {
            for (T item : items) {
                done.submit(() -> {
                    jsc.setJobGroup(group, description.apply(item), true);
                    return jsc.parallelize(List.of(item), 1).map(t -> task.call(t, broadcast.value())).collect().get(0);
                });
            }
            List<R> results = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                R result;
                try {
                    result = done.take().get();
                } catch (ExecutionException e) {
                    // a trial's own errors are caught in the task; this is Spark giving up (lost executors, ...)
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
                listener.finished(result);
                results.add(result);
            }
            complete = true;
            return results;
        } finally {
            if (!complete) {
                jsc.cancelJobGroup(group); // the jobs still running would train for nothing
            }
            submitters.shutdownNow();
            broadcast.destroy();
        }
    }
}
