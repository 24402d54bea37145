package lrsweep.schedule;

/**
 * Linear change of the multiplier: {@code lr0 * (s + (e - s) * min(t, T) / T)}, then held at
 * {@code lr0 * e}. Reference: PyTorch {@code LinearLR} (total_iters = T).
 *
 * @param startFactor s (default 1/3, as PyTorch)
 * @param endFactor   e (default 1)
 * @param steps       T; null (omitted) spans the run
 */
public record Linear(double startFactor, double endFactor, Long steps) implements Schedule {

    static Linear parse(Params p) {
        return new Linear(
                p.number("start-factor", 1.0 / 3, Check.NON_NEGATIVE),
                p.number("end-factor", 1.0, Check.NON_NEGATIVE),
                p.runSteps("steps"));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        long total = RunLength.of(steps, n);
        return lr0 * (startFactor + (endFactor - startFactor) * Math.min(t, total) / total);
    }
}
