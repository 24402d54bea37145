package lrsweep.schedule;

import java.util.List;

/**
 * Piecewise constant: {@code lr0 * multipliers[i]} where i is the number of boundaries strictly
 * below t, so the rate changes on the step after each boundary. Reference: Keras
 * {@code PiecewiseConstantDecay} (values = lr0 * multipliers).
 *
 * @param boundaries  strictly increasing steps >= 0 (required)
 * @param multipliers one more than boundaries, multiples of lr0 (required)
 */
public record Piecewise(List<Long> boundaries, List<Double> multipliers) implements Schedule {

    static Piecewise parse(Params p) {
        List<Long> boundaries = p.increasing("boundaries", Check.NON_NEGATIVE);
        List<Double> multipliers = p.numbers("multipliers", Check.NON_NEGATIVE);
        if (multipliers.size() != boundaries.size() + 1) {
            throw p.bad("multipliers", "needs exactly one more value than boundaries: " + (boundaries.size() + 1)
                    + " for " + boundaries.size() + " boundaries (got " + multipliers.size() + ")");
        }
        return new Piecewise(boundaries, multipliers);
    }

    @Override
    public double rate(double lr0, long t, long n) {
        return lr0 * multipliers.get((int) boundaries.stream().filter(b -> b < t).count());
    }
}
