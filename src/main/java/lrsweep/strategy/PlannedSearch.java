package lrsweep.strategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;

/**
 * A search that knows every trial before any result (grid, random): it proposes them all at once,
 * so that they run as one Spark job. One job rather than one per trial: Spark's per-job work
 * (closure cleaning, task serialization, scheduling) and the JIT compiling it cost more CPU than a
 * sweep can spare (measured: 64 jobs against one).
 */
public abstract sealed class PlannedSearch implements SearchStrategy permits GridSearch, RandomSearch {

    protected final SweepConfig config;
    private final List<Trial> trials;
    private final Set<String> finished = new HashSet<>();
    private boolean started;

    PlannedSearch(SweepConfig config, List<Trial> trials) {
        this.config = config;
        this.trials = List.copyOf(trials);
    }

    @Override
    public Optional<List<Trial>> known(SweepStore store, String fingerprint) {
        return Optional.of(trials);
    }

    @Override
    public List<Trial> open(Context context) {
        return trials;
    }

    @Override
    public void resume(Collection<TrialResult> results) {
        results.forEach(r -> finished.add(r.trial().id()));
    }

    @Override
    public int total() {
        return trials.size();
    }

    /** Every trial not finished before, the first time; then none. */
    @Override
    public List<Trial> next() {
        if (started) {
            return List.of();
        }
        started = true;
        List<Trial> pending = new ArrayList<>();
        trials.stream().filter(t -> !finished.contains(t.id())).forEach(pending::add);
        return pending;
    }

    @Override
    public SweepConfig config() {
        return config;
    }

    @Override
    public List<Trial> trials() {
        return trials;
    }
}
