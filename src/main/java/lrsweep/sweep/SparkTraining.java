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

/**
 * What a search trains, on Spark: whole trials through {@link SweepRunner}, each result committed
 * (journal, progress) as it arrives; or a population's segments, one job per interval. The
 * intervals share one broadcast of the data, made at the first: a broadcast each would serialize
 * the data again every interval.
 */
final class SparkTraining implements SearchStrategy.Training, AutoCloseable {

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
        if (intervals == null) {
            intervals = jsc.broadcast(data);
        }
        return SweepRunner.run(jsc, work, intervals, SweepRunner::segment, work.size() + " members' segments", done -> {});
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
