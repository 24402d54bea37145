package lrsweep.schedule;

import java.util.List;

/**
 * Drops at given steps: {@code lr0 * factor^(number of milestones <= t)}. Reference: PyTorch
 * {@code MultiStepLR} (gamma = factor).
 *
 * @param milestones strictly increasing steps >= 1 (required)
 * @param factor     multiplier per milestone (default 0.1, in (0, 1])
 */
public record MultiStep(List<Long> milestones, double factor) implements Schedule {

    static MultiStep parse(Params p) {
        return new MultiStep(p.increasing("milestones", Check.AT_LEAST_ONE), p.number("factor", 0.1, Check.DECAY));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        return lr0 * Math.pow(factor, milestones.stream().filter(m -> m <= t).count());
    }
}
