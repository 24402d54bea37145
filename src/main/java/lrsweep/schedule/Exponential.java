package lrsweep.schedule;

/**
 * Exponential decay: {@code lr0 * decayRate^p} with {@code p = t / decaySteps}, floored when
 * {@code staircase}. Reference: Keras {@code ExponentialDecay}; PyTorch {@code ExponentialLR}
 * (gamma = decay-rate, decay-steps 1). Configured either by {@code decay-rate} or by the
 * continuous constant {@code k}, as in the classic callback {@code lr0 * exp(-k*t)}:
 * decay-rate = e^-k.
 *
 * @param decayRate  factor per decaySteps (> 0)
 * @param decaySteps steps per unit of p (default 1)
 * @param staircase  decay in whole steps of decaySteps (default false)
 */
public record Exponential(double decayRate, long decaySteps, boolean staircase) implements Schedule {

    static Exponential parse(Params p) {
        Double k = p.optionalNumber("k", Check.NON_NEGATIVE);
        Double decayRate = p.optionalNumber("decay-rate", Check.POSITIVE);
        long decaySteps = p.count("decay-steps", 1, Check.AT_LEAST_ONE);
        boolean staircase = p.flag("staircase", false);
        if ((k == null) == (decayRate == null)) {
            throw p.bad(k == null ? "k" : "decay-rate",
                    "give exactly one of k (lr0*exp(-k*t)) or decay-rate (lr0*decay-rate^(t/decay-steps))");
        }
        return new Exponential(k != null ? Math.exp(-k) : decayRate, decaySteps, staircase);
    }

    @Override
    public double rate(double lr0, long t, long n) {
        double progress = (double) t / decaySteps;
        return lr0 * Math.pow(decayRate, staircase ? Math.floor(progress) : progress);
    }
}
