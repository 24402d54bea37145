package lrsweep.output;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/** Orders trial results best first: ok trials by lowest validation loss, then diverged, then failed. */
public final class Ranking {

    private Ranking() {}

    private static final Comparator<TrialResult> ORDER = Comparator
            .comparing(TrialResult::status) // OK < DIVERGED < FAILED
            .thenComparingDouble(r -> r.best().map(e -> e.valLoss()).orElse(Double.POSITIVE_INFINITY))
            .thenComparing(r -> r.trial().id());

    public static List<TrialResult> rank(List<TrialResult> results) {
        return results.stream().sorted(ORDER).toList();
    }

    /** The ok trial with the lowest best validation loss, if any trial is ok. */
    public static Optional<TrialResult> best(List<TrialResult> results) {
        return results.stream().filter(r -> r.status() == TrialStatus.OK && r.best().isPresent()).min(ORDER);
    }
}
