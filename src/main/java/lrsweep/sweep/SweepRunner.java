package lrsweep.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lrsweep.data.DataSplit;
import lrsweep.train.Trainer;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Fans trials out to Spark executors: each trial is its own one-task job, so its result reaches the
 * driver (and is committed) the moment it finishes rather than when the whole sweep does. The data
 * is broadcast once, so each executor JVM receives it once.
 */
public final class SweepRunner {

    /** Jobs submitted at once; Spark queues the rest of these FIFO until a core frees up. */
    private static final int MAX_IN_FLIGHT = 256;

    /** Receives each result on the driver as soon as its trial ends. */
    public interface Listener {
        void finished(TrialResult result) throws Exception;
    }

    private SweepRunner() {}

    /** Trains {@code trials} and returns their results in order of completion. */
    public static List<TrialResult> run(JavaSparkContext jsc, List<Trial> trials, DataSplit data, Listener listener)
            throws Exception {
        if (trials.isEmpty()) {
            return List.of();
        }
        Broadcast<DataSplit> broadcast = jsc.broadcast(data);
        ExecutorService submitters = Executors.newFixedThreadPool(Math.min(trials.size(), MAX_IN_FLIGHT), r -> {
            Thread t = new Thread(r, "trial-submitter");
            t.setDaemon(true);
            return t;
        });
        CompletionService<TrialResult> done = new ExecutorCompletionService<>(submitters);
        try {
            for (Trial trial : trials) {
                done.submit(() -> {
                    jsc.setJobDescription("trial " + trial.id() + " (lr " + trial.learningRate() + ", " + trial.schedule().name() + ")");
                    return jsc.parallelize(List.of(trial), 1).map(t -> Trainer.train(t, broadcast.value())).collect().get(0);
                });
            }
            List<TrialResult> results = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                TrialResult result;
                try {
                    result = done.take().get();
                } catch (ExecutionException e) {
                    // a trial's own errors are caught in the task; this is Spark giving up (lost executors, ...)
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
                listener.finished(result);
                results.add(result);
            }
            return results;
        } finally {
            submitters.shutdownNow();
            broadcast.destroy();
        }
    }
}
