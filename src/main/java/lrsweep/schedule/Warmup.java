package lrsweep.schedule;

/**
 * Linear warmup, then another schedule: {@code lr0 * (s + (1 - s) * t / steps)} for
 * {@code t < steps}, then {@code then} evaluated at {@code t - steps} over a run of
 * {@code n - steps}. Reference: PyTorch {@code SequentialLR([LinearLR(start_factor = s,
 * total_iters = steps), then], milestones = [steps])}; unlike LinearLR, s may be 0.
 *
 * @param steps       warmup length (required)
 * @param startFactor s (default 0, in [0, 1])
 * @param then        the schedule after warmup (default constant)
 */
public record Warmup(long steps, double startFactor, Schedule then) implements Schedule {

    static Warmup parse(Params p) {
        return new Warmup(
                p.count("steps", Check.AT_LEAST_ONE),
                p.number("start-factor", 0.0, Check.FRACTION),
                p.schedule("then", "type = constant"));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        if (t < steps) {
            return lr0 * (startFactor + (1 - startFactor) * t / steps);
        }
        return then.rate(lr0, t - steps, RunLength.rest(n, steps));
    }
}
