package lrsweep.schedule;

/**
 * Cosine decay: {@code lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * min(t, D) / D)) + alpha)}.
 * Reference: Keras {@code CosineDecay}; equal to PyTorch {@code CosineAnnealingLR(T_max = D,
 * eta_min = alpha * lr0)} for t <= D. Past D it stays at alpha * lr0 (Keras) instead of rising
 * again (PyTorch).
 *
 * @param decaySteps D; null (omitted) spans the run
 * @param alpha      final multiple of lr0 (default 0, in [0, 1])
 */
public record Cosine(Long decaySteps, double alpha) implements Schedule {

    static Cosine parse(Params p) {
        return new Cosine(p.runSteps("decay-steps"), p.number("alpha", 0.0, Check.FRACTION));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        double horizon = RunLength.of(decaySteps, n);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(t, horizon) / horizon));
        return lr0 * ((1 - alpha) * cosine + alpha);
    }
}
