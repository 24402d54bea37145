package lrsweep.sweep;

import java.util.List;
import lrsweep.data.DataSplit;
import lrsweep.pruning.Pruner;
import lrsweep.strategy.PbtSearch;
import lrsweep.strategy.SearchStrategy;
import lrsweep.train.RungGate;
import lrsweep.train.TrialResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a search trains, on Spark: whole trials through {@link SweepRunner}, each result committed
 * (journal, progress) as it arrives; or a population's segments, a job per interval or one job
 * for the whole run (see {@link #intervals}). The intervals share one broadcast of the data, made
 * at the first: a broadcast each would serialize the data again every interval.
 */
final class SparkTraining implements SearchStrategy.Training, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTraining.class);

    private final JavaSparkContext jsc;
    private final Pruner pruner;
    private final RungGate gate;
    private final DataSplit data;
    private final SweepRunner.Listener<TrialResult> commit;
    private final Progress progress;
    private Broadcast<DataSplit> intervals;

    SparkTraining(JavaSparkContext jsc, Pruner pruner, RungGate gate, DataSplit data, SweepRunner.Listener<TrialResult> commit,
            Progress progress) {
        this.jsc = jsc;
        this.pruner = pruner;
        this.gate = gate;
        this.data = data;
        this.commit = commit;
        this.progress = progress;
    }

    @Override
    public List<TrialResult> trials(SearchStrategy search) throws Exception {
        return SweepRunner.run(jsc, search, pruner, gate, data, commit);
    }

    @Override
    public List<PbtSearch.Done> segments(List<PbtSearch.Work> work) throws Exception {
        return SweepRunner.run(jsc, work, broadcast(), SweepRunner::segment, work.size() + " members' segments", done -> {});
    }

    /**
     * A population that fits in the task slots trains in one job, a task per member for the whole
     * run ({@link LivePopulation}); a larger one, whose members could not all wait at once, a job per
     * interval, as does the rest of a run whose slots fell below its members.
     */
    @Override
    public void intervals(List<PbtSearch.Work> first, PbtSearch.Decision decision) throws Exception {
        var work = first;
        if (first.size() <= slots()) {
            LOG.info("pbt: {} members in {} task slots: one job, a task per member for the whole run", first.size(), slots());
            work = LivePopulation.run(jsc, broadcast(), first, decision, this::slots);
        } else {
            LOG.info("pbt: {} members in {} task slots: a job per interval", first.size(), slots());
        }
        SearchStrategy.Training.super.intervals(work, decision);
    }

    /**
     * Tasks that can run at once now: the executors' cores (fewer once one is lost), each task taking
     * spark.task.cpus; a spark.default.parallelism set by hand stands for the cores.
     */
    private int slots() {
        return jsc.defaultParallelism() / jsc.getConf().getInt("spark.task.cpus", 1);
    }

    private Broadcast<DataSplit> broadcast() {
        if (intervals == null) {
            intervals = jsc.broadcast(data);
        }
        return intervals;
    }

    @Override
    public void finished(TrialResult result) throws Exception {
        commit.finished(result);
    }

    @Override
    public void population(int epoch, int epochs, List<TrialResult> members) {
        progress.population(epoch, epochs, members);
    }

    @Override
    public void close() {
        if (intervals != null) {
            intervals.destroy();
        }
    }
}
