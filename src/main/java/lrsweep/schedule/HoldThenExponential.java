package lrsweep.schedule;

/**
 * Constant, then exponential: {@code lr0} for {@code t < hold}, else {@code lr0 * exp(-k*t)}.
 * The exponent is on t itself, not on t - hold, so the rate drops at the switch, exactly as the
 * classic Keras "constant then exponential decay" callback.
 *
 * @param hold steps at lr0 (required)
 * @param k    decay constant (required, >= 0)
 */
public record HoldThenExponential(long hold, double k) implements Schedule {

    static HoldThenExponential parse(Params p) {
        return new HoldThenExponential(p.count("hold", Check.NON_NEGATIVE), p.number("k", Check.NON_NEGATIVE));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        return t < hold ? lr0 : lr0 * Math.exp(-k * t);
    }
}
