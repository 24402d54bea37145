package lrsweep.schedule;

/**
 * Cyclical learning rate between {@code baseLr} and lr0 (max_lr). With a cycle of
 * {@code up + down} steps, {@code cycle = floor(1 + t / (up + down))} and x the fraction of the
 * current cycle, the height is x / r rising (r = up / (up + down)) and (x - 1) / (r - 1) falling;
 * {@code lr = baseLr + (lr0 - baseLr) * height * scale}, where scale is 1 (triangular),
 * 1 / 2^(cycle - 1) (triangular2) or gamma^t (exp-range). Reference: PyTorch {@code CyclicLR}.
 *
 * @param baseLr       absolute lower rate (required)
 * @param stepSizeUp   steps rising (required)
 * @param stepSizeDown steps falling (default step-size-up)
 * @param mode         triangular | triangular2 | exp-range (default triangular)
 * @param gamma        exp-range factor per step (default 1, in (0, 1])
 */
public record Cyclic(double baseLr, long stepSizeUp, long stepSizeDown, Mode mode, double gamma) implements Schedule {

    /** How the cycle's amplitude shrinks. */
    public enum Mode {
        TRIANGULAR, TRIANGULAR2, EXP_RANGE;

        double scale(double cycle, long t, double gamma) {
            return switch (this) {
                case TRIANGULAR -> 1.0;
                case TRIANGULAR2 -> 1 / Math.pow(2.0, cycle - 1);
                case EXP_RANGE -> Math.pow(gamma, t);
            };
        }
    }

    static Cyclic parse(Params p) {
        double baseLr = p.number("base-lr", Check.NON_NEGATIVE);
        long up = p.count("step-size-up", Check.AT_LEAST_ONE);
        return new Cyclic(baseLr, up, p.count("step-size-down", up, Check.AT_LEAST_ONE),
                p.choice("mode", Mode.TRIANGULAR), p.number("gamma", 1.0, Check.DECAY));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        double total = stepSizeUp + stepSizeDown;
        double ratio = stepSizeUp / total;
        double cycle = Math.floor(1 + t / total);
        double x = 1. + t / total - cycle;
        double height = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        return baseLr + (lr0 - baseLr) * height * mode.scale(cycle, t, gamma);
    }
}
