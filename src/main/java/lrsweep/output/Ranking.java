package lrsweep.output;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/** Orders trial results best first: ok trials by their best value of {@code sweep.objective}, then diverged, then failed. */
public final class Ranking {

    private Ranking() {}

    private static final Comparator<TrialResult> ORDER = Comparator
            .comparing(TrialResult::status) // OK < DIVERGED < FAILED
            .thenComparingDouble(TrialResult::bestCost)
            .thenComparing(r -> r.trial().id());

    public static List<TrialResult> rank(List<TrialResult> results) {
        return results.stream().sorted(ORDER).toList();
    }

    /** The ok trial best by the objective, if any trial is ok. */
    public static Optional<TrialResult> best(List<TrialResult> results) {
        return results.stream().filter(r -> r.status() == TrialStatus.OK && r.best().isPresent()).min(ORDER);
    }
}
