package lrsweep.config;

/**
 * How the verdict judges trials: which value of the validation loss ranks them, and when a
 * trial counts as unstable.
 *
 * @param rankBy         {@code sweep.rank-by}
 * @param unstableFactor {@code sweep.unstable-factor}: a trial whose final validation loss exceeds
 *                       this many times its best is unstable
 */
public record Judging(RankBy rankBy, double unstableFactor) {

    /** best: the lowest validation loss of any epoch; final: that of the last epoch trained. */
    public enum RankBy {
        BEST, FINAL;

        /** As sweep.rank-by spells it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
