package lrsweep.schedule;

import java.util.List;

/**
 * The rate at each step given explicitly: {@code values[min(t, size - 1)]}, times lr0 when
 * {@code relative}, so the last value holds after the list ends. Reference: Keras'
 * {@code LearningRateScheduler} with a lookup table; PyTorch's {@code LambdaLR(lambda t: values[t])}
 * (relative).
 *
 * @param values   the rates, each >= 0 (required, at least one)
 * @param relative whether the values are multiples of lr0 (default true) or absolute rates
 */
public record Values(List<Double> values, boolean relative) implements Schedule {

    static Values parse(Params p) {
        return new Values(p.numbers("values", Check.NON_NEGATIVE), p.flag("relative", true));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        double value = values.get((int) Math.min(t, values.size() - 1));
        return relative ? lr0 * value : value;
    }
}
