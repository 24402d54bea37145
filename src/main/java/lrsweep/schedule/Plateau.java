package lrsweep.schedule;

/**
 * Reduce on plateau of the validation loss. Reactive: the rate depends on losses, so
 * {@link #rate} is just the starting rate lr0 and the trainer drives a {@link Tracker} once per
 * epoch. Semantics of PyTorch {@code ReduceLROnPlateau(mode = "min", threshold_mode = "rel",
 * eps = 1e-8)}: a loss is an improvement if below {@code best * (1 - threshold)}; after more than
 * {@code patience} epochs without one, the rate becomes {@code max(lr * factor, minLr)} (unless
 * that changes it by no more than 1e-8), then {@code cooldown} epochs pass before bad epochs
 * count again. Keras' {@code ReduceLROnPlateau} is the same idea with an absolute min_delta.
 *
 * @param factor    multiplier per reduction (default 0.1, in (0, 1))
 * @param patience  epochs without improvement tolerated (default 10)
 * @param threshold relative improvement needed (default 1e-4, >= 0)
 * @param cooldown  epochs after a reduction during which bad epochs are not counted (default 0)
 * @param minLr     absolute floor (default 0)
 */
public record Plateau(double factor, long patience, double threshold, long cooldown, double minLr) implements Schedule {

    /** PyTorch's minimal change: smaller reductions are skipped. */
    static final double EPS = 1e-8;

    static Plateau parse(Params p) {
        return new Plateau(
                p.number("factor", 0.1, Check.OPEN_FRACTION),
                p.count("patience", 10, Check.NON_NEGATIVE),
                // a relative improvement: at 1 or more no loss could count as better
                p.number("threshold", 1e-4, Check.BELOW_ONE),
                p.count("cooldown", 0, Check.NON_NEGATIVE),
                p.number("min-lr", 0.0, Check.NON_NEGATIVE));
    }

    /** The starting rate: what happens next depends on the losses, see {@link #tracker}. */
    @Override
    public double rate(double lr0, long t, long n) {
        return lr0;
    }

    /** A fresh tracker for one run starting at lr0. */
    public Tracker tracker(double lr0) {
        return new Tracker(this, lr0);
    }

    /** The mutable state of one run: best loss, bad epochs, cooldown, current rate. */
    public static final class Tracker {
        private final Plateau plateau;
        private double rate;
        private double best = Double.POSITIVE_INFINITY;
        private long badEpochs;
        private long cooldownLeft;

        private Tracker(Plateau plateau, double lr0) {
            this.plateau = plateau;
            this.rate = lr0;
        }

        /** The current rate. */
        public double rate() {
            return rate;
        }

        /** Feeds one epoch's validation loss; returns the rate for the next epoch. */
        public double step(double valLoss) {
            if (valLoss < best * (1 - plateau.threshold)) {
                best = valLoss;
                badEpochs = 0;
            } else {
                badEpochs++;
            }
            if (cooldownLeft > 0) {
                cooldownLeft--;
                badEpochs = 0;
            }
            if (badEpochs > plateau.patience) {
                double reduced = Math.max(rate * plateau.factor, plateau.minLr);
                if (rate - reduced > EPS) {
                    rate = reduced;
                }
                cooldownLeft = plateau.cooldown;
                badEpochs = 0;
            }
            return rate;
        }
    }
}
