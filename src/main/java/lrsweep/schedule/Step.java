package lrsweep.schedule;

/**
 * Step decay: {@code lr0 * factor^floor(t / every)}. Reference: PyTorch {@code StepLR}
 * (step_size = every, gamma = factor).
 *
 * @param every  steps between drops (required)
 * @param factor multiplier per drop (default 0.1, in (0, 1])
 */
public record Step(long every, double factor) implements Schedule {

    static Step parse(Params p) {
        return new Step(p.count("every", Check.AT_LEAST_ONE), p.number("factor", 0.1, Check.DECAY));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        return lr0 * Math.pow(factor, t / every);
    }
}
