package lrsweep.schedule;

/**
 * Cosine decay with warm restarts (SGDR). Period i lasts {@code firstDecaySteps * tMul^i} steps
 * and starts at {@code mMul^i}; within it, with f the fraction of the period done:
 * {@code lr0 * ((1 - alpha) * mMul^i * 0.5 * (1 + cos(pi * f)) + alpha)}. Reference: Keras
 * {@code CosineDecayRestarts}; PyTorch {@code CosineAnnealingWarmRestarts(T_0, T_mult,
 * eta_min = alpha * lr0)} when m-mul = 1 and t-mul is a whole number. Periods are found by
 * summing lengths rather than Keras' logarithm, so a restart falls exactly on its step.
 *
 * @param firstDecaySteps length of the first period (required)
 * @param tMul            period length growth (default 2, >= 1)
 * @param mMul            restart height factor (default 1, > 0)
 * @param alpha           floor as a multiple of lr0 (default 0, in [0, 1])
 */
public record CosineRestarts(long firstDecaySteps, double tMul, double mMul, double alpha) implements Schedule {

    static CosineRestarts parse(Params p) {
        return new CosineRestarts(
                p.count("first-decay-steps", Check.AT_LEAST_ONE),
                p.number("t-mul", 2.0, Check.AT_LEAST_ONE),
                p.number("m-mul", 1.0, Check.POSITIVE),
                p.number("alpha", 0.0, Check.FRACTION));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        long restart;
        double start;
        double length = firstDecaySteps;
        if (tMul == 1) {
            // Equal periods: closed form, as a long run of short periods would loop for long.
            restart = t / firstDecaySteps;
            start = (double) restart * firstDecaySteps;
        } else {
            // Growing periods: at most log_tMul(t) iterations.
            restart = 0;
            start = 0;
            while (t >= start + length) {
                start += length;
                length *= tMul;
                restart++;
            }
        }
        double fraction = (t - start) / length;
        double cosine = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * fraction));
        return lr0 * ((1 - alpha) * cosine + alpha);
    }
}
