package lrsweep.output;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import lrsweep.config.Judging;
import lrsweep.train.EpochRecord;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * Orders trial results best first: ok trials by lowest validation loss (the best epoch's or the
 * final one's, as {@code sweep.rank-by} says), then diverged, then failed.
 */
public final class Ranking {

    private Ranking() {}

    /** The validation loss {@code r} is ranked by; infinite when it has none. */
    public static double value(TrialResult r, Judging.RankBy by) {
        Optional<EpochRecord> epoch = by == Judging.RankBy.BEST ? r.best() : r.last().filter(e -> Double.isFinite(e.valLoss()));
        return epoch.map(EpochRecord::valLoss).orElse(Double.POSITIVE_INFINITY);
    }

    private static Comparator<TrialResult> order(Judging.RankBy by) {
        return Comparator.comparing(TrialResult::status) // OK < DIVERGED < FAILED
                .thenComparingDouble(r -> value(r, by))
                .thenComparing(r -> r.trial().id());
    }

    public static List<TrialResult> rank(List<TrialResult> results, Judging.RankBy by) {
        return results.stream().sorted(order(by)).toList();
    }

    /** The ok trial with the lowest validation loss ranked by, if any trial is ok. */
    public static Optional<TrialResult> best(List<TrialResult> results, Judging.RankBy by) {
        return results.stream().filter(r -> r.status() == TrialStatus.OK && Double.isFinite(value(r, by))).min(order(by));
    }
}
