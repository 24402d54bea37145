package lrsweep.schedule;

/**
 * Inverse-time ("time-based") decay: {@code lr0 / (1 + decayRate * p)} with
 * {@code p = t / decaySteps}, floored when {@code staircase}. Reference: Keras
 * {@code InverseTimeDecay}; with the defaults, the classic callback {@code lr0 / (1 + k*t)}.
 *
 * @param decayRate  k (required, >= 0)
 * @param decaySteps steps per unit of p (default 1)
 * @param staircase  decay in whole steps of decaySteps (default false)
 */
public record InverseTime(double decayRate, long decaySteps, boolean staircase) implements Schedule {

    static InverseTime parse(Params p) {
        return new InverseTime(
                p.number("decay-rate", Check.NON_NEGATIVE),
                p.count("decay-steps", 1, Check.AT_LEAST_ONE),
                p.flag("staircase", false));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        double progress = (double) t / decaySteps;
        return lr0 / (1 + decayRate * (staircase ? Math.floor(progress) : progress));
    }
}
