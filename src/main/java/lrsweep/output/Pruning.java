package lrsweep.output;

import java.util.ArrayList;
import java.util.List;
import lrsweep.train.TrialResult;

/** What successive halving did: per rung, how many trials reported and how many went on; the compute it saved. */
public final class Pruning {

    /** One rung: trials that reported at it, and those that trained on past it. */
    public record Rung(int index, long reported, long promoted) {}

    private Pruning() {}

    /** The rungs of a successive-halving sweep; empty for any other sweep. */
    public static List<Rung> rungs(List<TrialResult> results) {
        int top = results.stream().mapToInt(TrialResult::rung).max().orElse(-1);
        List<Rung> rungs = new ArrayList<>();
        for (int k = 0; k <= top; k++) {
            int rung = k;
            long reported = results.stream().filter(r -> r.rung() >= rung).count();
            long promoted = results.stream().filter(r -> r.rung() > rung || r.rung() == rung && !r.pruned()).count();
            rungs.add(new Rung(k, reported, promoted));
        }
        return rungs;
    }

    /** Epochs trained over the epochs every trial would have trained without pruning. */
    public static double computeFraction(List<TrialResult> results) {
        long trained = results.stream().mapToLong(r -> r.epochs().size()).sum();
        long full = results.stream().mapToLong(r -> r.trial().train().epochs()).sum();
        return full == 0 ? 1 : (double) trained / full;
    }

    /** One line for people: the rungs and the compute saved. */
    public static String summary(List<TrialResult> results) {
        var sb = new StringBuilder("Successive halving: ");
        for (Rung r : rungs(results)) {
            sb.append(String.format(java.util.Locale.ROOT, "rung %d: %d reported, %d went on; ", r.index(), r.reported(), r.promoted()));
        }
        double fraction = computeFraction(results);
        return sb.append(String.format(java.util.Locale.ROOT, "%.0f%% of the epochs a full run of every trial would train (%.1f× less compute).",
                100 * fraction, 1 / fraction)).toString();
    }
}
