package lrsweep.schedule;

/**
 * The 1cycle policy with max_lr = lr0. From {@code lr0 / divFactor} up to lr0 over the first
 * {@code pctStart * T - 1} steps, then down to {@code lr0 / divFactor / finalDivFactor} at step
 * T - 1; with {@code threePhase}, down to the initial rate over as many steps as the rise, then
 * to the minimum. Each phase anneals by cosine or linearly. Reference: PyTorch {@code OneCycleLR}
 * (phase boundaries identical). Steps past T - 1 keep the final rate (PyTorch raises); a phase of
 * zero length counts as finished, where PyTorch divides by zero.
 *
 * @param totalSteps     T; null (omitted) spans the run
 * @param pctStart       fraction of T spent rising (default 0.3, in (0, 1))
 * @param anneal         cos | linear (default cos)
 * @param divFactor      lr0 / initial rate (default 25, > 0)
 * @param finalDivFactor initial rate / final rate (default 1e4, > 0)
 * @param threePhase     fast.ai's symmetric rise and fall before the final annealing (default false)
 */
public record OneCycle(Long totalSteps, double pctStart, Anneal anneal, double divFactor, double finalDivFactor,
                       boolean threePhase) implements Schedule {

    /** How a phase moves from its start rate to its end rate as pct goes 0 to 1. */
    public enum Anneal {
        COS, LINEAR;

        double apply(double start, double end, double pct) {
            return switch (this) {
                case COS -> end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
                case LINEAR -> (end - start) * pct + start;
            };
        }
    }

    static OneCycle parse(Params p) {
        return new OneCycle(
                p.runSteps("total-steps"),
                p.number("pct-start", 0.3, Check.OPEN_FRACTION),
                p.choice("anneal", Anneal.COS),
                p.number("div-factor", 25.0, Check.POSITIVE),
                p.number("final-div-factor", 1e4, Check.POSITIVE),
                p.flag("three-phase", false));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        long total = RunLength.of(totalSteps, n);
        double initial = lr0 / divFactor;
        double min = initial / finalDivFactor;
        double riseEnd = pctStart * total - 1;
        double step = Math.min(t, total - 1);
        // Phases as PyTorch builds them: (end step, start rate, end rate); the last is open-ended.
        double[][] phases = threePhase
                ? new double[][] {{riseEnd, initial, lr0}, {2 * pctStart * total - 2, lr0, initial}, {total - 1, initial, min}}
                : new double[][] {{riseEnd, initial, lr0}, {total - 1, lr0, min}};
        double start = 0;
        for (int i = 0; ; i++) {
            double end = phases[i][0];
            if (step <= end || i == phases.length - 1) {
                double pct = end > start ? (step - start) / (end - start) : 1;
                return anneal.apply(phases[i][1], phases[i][2], pct);
            }
            start = end;
        }
    }
}
