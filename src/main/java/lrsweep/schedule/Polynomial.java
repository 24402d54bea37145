package lrsweep.schedule;

/**
 * Polynomial decay from lr0 to {@code endLr}: {@code (lr0 - endLr) * (1 - s / D)^power + endLr}
 * with s = min(t, D); with {@code cycle}, D is instead decaySteps * ceil(t / decaySteps) (1 at
 * t = 0) and s = t. Reference: Keras {@code PolynomialDecay}; PyTorch {@code PolynomialLR} when
 * end-lr = 0 and cycle = false.
 *
 * @param decaySteps D; null (omitted) spans the run
 * @param power      exponent (default 1)
 * @param endLr      absolute final rate (default 0)
 * @param cycle      restart the decay every decaySteps with a longer horizon (default false)
 */
public record Polynomial(Long decaySteps, double power, double endLr, boolean cycle) implements Schedule {

    static Polynomial parse(Params p) {
        return new Polynomial(
                p.runSteps("decay-steps"),
                p.number("power", 1.0, Check.POSITIVE),
                p.number("end-lr", 0.0, Check.NON_NEGATIVE),
                p.flag("cycle", false));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        double horizon = RunLength.of(decaySteps, n);
        double step = t;
        if (cycle) {
            horizon *= t == 0 ? 1 : Math.ceil(step / horizon);
        } else {
            step = Math.min(step, horizon);
        }
        return (lr0 - endLr) * Math.pow(1 - step / horizon, power) + endLr;
    }
}
