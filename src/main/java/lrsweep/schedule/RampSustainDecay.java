package lrsweep.schedule;

/**
 * The classic Keras-callback ramp-up / sustain / exponential-decay schedule (often called "one
 * cycle" in Keras tutorials; not PyTorch's OneCycleLR):
 * <pre>
 *   t &lt; rampup:            (lr0 - startLr) / rampup * t + startLr
 *   t &lt; rampup + sustain:  lr0
 *   otherwise:             (lr0 - minLr) * decay^(t - rampup - sustain) + minLr
 * </pre>
 * start-lr and min-lr are absolute rates; lr0 is the peak.
 *
 * @param startLr rate at t = 0 (default 0)
 * @param minLr   rate the decay tends to (default 0)
 * @param rampup  steps of the linear ramp (required, may be 0)
 * @param sustain steps held at lr0 (default 0)
 * @param decay   factor per step after the hold (required, in (0, 1])
 */
public record RampSustainDecay(double startLr, double minLr, long rampup, long sustain, double decay)
        implements Schedule {

    static RampSustainDecay parse(Params p) {
        return new RampSustainDecay(
                p.number("start-lr", 0, Check.NON_NEGATIVE),
                p.number("min-lr", 0, Check.NON_NEGATIVE),
                p.count("rampup", Check.NON_NEGATIVE),
                p.count("sustain", 0, Check.NON_NEGATIVE),
                p.number("decay", Check.DECAY));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        if (t < rampup) {
            return (lr0 - startLr) / rampup * t + startLr;
        }
        if (t < rampup + sustain) {
            return lr0;
        }
        return (lr0 - minLr) * Math.pow(decay, t - rampup - sustain) + minLr;
    }
}
