package lrsweep.pruning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lrsweep.train.Objective;
import lrsweep.train.TrialResult;

/**
 * The driver's record of asynchronous successive halving (ASHA, stopping variant, as Ray Tune's
 * AsyncHyperBandScheduler): each trial reports its best value of {@code sweep.objective} at each
 * rung, and goes on only while it is within the best 1/eta of all reports at that rung so far
 * (the lowest loss or mean absolute error, the highest accuracy). Early reporters
 * compete against fewer peers; that is the price of never waiting for a rung to fill.
 */
public final class RungBoard {

    private final int eta;
    private final Objective objective;
    /** Per rung, the reports as {@link Objective#cost}s: lower is better whatever the metric. */
    private final Map<Integer, List<Double>> reports = new HashMap<>();
    private final Map<String, Boolean> decisions = new HashMap<>();

    public RungBoard(int eta, Objective objective) {
        this.eta = eta;
        this.objective = objective;
    }

    /**
     * Records a report and decides. A retried task (lost executor) reports again: it gets the same
     * answer and is not counted twice.
     */
    public synchronized boolean promote(String trialId, int rung, double value) {
        String key = trialId + "@" + rung;
        Boolean earlier = decisions.get(key);
        if (earlier != null) {
            return earlier;
        }
        List<Double> costs = reports.computeIfAbsent(rung, r -> new ArrayList<>());
        double cost = objective.cost(value);
        costs.add(cost);
        boolean go = Double.isFinite(cost) && cost <= cutoff(costs);
        decisions.put(key, go);
        return go;
    }

    /**
     * Records the reports of a trial that finished before this run (a resumed sweep): at each rung
     * it reached, its best value of the objective up to that rung, so new trials are judged against them.
     */
    synchronized void recordFinished(TrialResult result, int[] rungs) {
        double best = Double.POSITIVE_INFINITY;
        int epoch = 0;
        for (int k = 0; k <= result.rung(); k++) {
            for (; epoch < rungs[k] && epoch < result.epochs().size(); epoch++) {
                best = Math.min(best, objective.cost(result.epochs().get(epoch)));
            }
            decisions.put(result.trial().id() + "@" + k, k < result.rung() || !result.pruned());
            reports.computeIfAbsent(k, r -> new ArrayList<>()).add(best);
        }
    }

    /** Epoch counts after which trials report: min-epochs · eta^k, below the run's epochs. */
    public static int[] rungs(int minEpochs, int eta, int epochs) {
        var rungs = new ArrayList<Integer>();
        for (long r = minEpochs; r < epochs; r *= eta) {
            rungs.add((int) r);
        }
        return rungs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The cost a trial must not exceed: the 1/eta quantile of the reports (linear interpolation). */
    private double cutoff(List<Double> costs) {
        double[] sorted = costs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double position = (sorted.length - 1) / (double) eta;
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
