package lrsweep.output;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import lrsweep.config.Judging;
import lrsweep.train.EpochRecord;
import lrsweep.train.Objective;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * Orders trial results best first: ok trials by their value of {@code sweep.objective} (at the best
 * epoch or the final one, as {@code sweep.rank-by} says), then diverged, then failed.
 */
public final class Ranking {

    private Ranking() {}

    /** The epoch {@code r} is ranked by: its best by the objective, or its last one where the objective is finite. */
    public static Optional<EpochRecord> epoch(TrialResult r, Judging.RankBy by) {
        Objective objective = r.trial().train().objective();
        return by == Judging.RankBy.BEST ? r.best() : r.last().filter(e -> Double.isFinite(objective.value(e)));
    }

    /** The objective's value {@code r} is ranked by; NaN when it has none. */
    public static double value(TrialResult r, Judging.RankBy by) {
        return epoch(r, by).map(r.trial().train().objective()::value).orElse(Double.NaN);
    }

    /** That value turned so that lower is better ({@link Objective#cost}); +∞ when there is none. */
    public static double cost(TrialResult r, Judging.RankBy by) {
        return r.trial().train().objective().cost(value(r, by));
    }

    private static Comparator<TrialResult> order(Judging.RankBy by) {
        return Comparator.comparing(TrialResult::status) // OK < DIVERGED < FAILED
                .thenComparingDouble(r -> cost(r, by))
                .thenComparing(r -> r.trial().id());
    }

    public static List<TrialResult> rank(List<TrialResult> results, Judging.RankBy by) {
        return results.stream().sorted(order(by)).toList();
    }

    /** The ok trial best by the objective, as ranked, if any trial is ok. */
    public static Optional<TrialResult> best(List<TrialResult> results, Judging.RankBy by) {
        return results.stream().filter(r -> r.status() == TrialStatus.OK && Double.isFinite(cost(r, by))).min(order(by));
    }
}
