package lrsweep.train;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one trial: its per-epoch history (kept up to a divergence or failure), and the
 * error message when it failed.
 *
 * @param rung   with successive halving, the last rung the trial reported at (from 0); -1: none
 * @param pruned   successive halving stopped the trial at that rung
 * @param exploits with population-based training, the epochs at which the member took another's
 *                 state, each with that member's id; else empty
 */
public record TrialResult(Trial trial, TrialStatus status, List<EpochRecord> epochs, String error, long trainMillis,
        int rung, boolean pruned, Map<Integer, String> exploits) implements Serializable {

    public TrialResult {
        epochs = List.copyOf(epochs);
        exploits = Map.copyOf(exploits);
    }

    /** A trial that trained alone (no population). */
    public TrialResult(Trial trial, TrialStatus status, List<EpochRecord> epochs, String error, long trainMillis, int rung,
            boolean pruned) {
        this(trial, status, epochs, error, trainMillis, rung, pruned, Map.of());
    }

    /** A trial outside successive halving. */
    public TrialResult(Trial trial, TrialStatus status, List<EpochRecord> epochs, String error, long trainMillis) {
        this(trial, status, epochs, error, trainMillis, -1, false);
    }

    /** The epoch best by the sweep's objective ({@code sweep.objective}) among those where it is finite, if any. */
    public Optional<EpochRecord> best() {
        Objective objective = trial.train().objective();
        return epochs.stream()
                .filter(e -> Double.isFinite(objective.value(e)))
                .min(objective.order());
    }

    /** The best epoch's objective, turned so that lower is better ({@link Objective#cost}); +∞ without one. */
    public double bestCost() {
        return best().map(trial.train().objective()::cost).orElse(Double.POSITIVE_INFINITY);
    }

    /** The epoch early stopping ended an ok trial at, if it did (the trial ran fewer than its epochs). */
    public Optional<Integer> stoppedEpoch() {
        return status == TrialStatus.OK && !pruned && epochs.size() < trial.train().epochs()
                ? last().map(EpochRecord::epoch) : Optional.empty();
    }

    public Optional<EpochRecord> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }
}
