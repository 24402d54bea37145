package lrsweep.schedule;

/**
 * A constant rate: {@code lr0 * factor}. Reference: PyTorch {@code ConstantLR} without an end, or
 * the Keras callback that returns the same rate every epoch.
 *
 * @param factor multiple of lr0 (default 1)
 */
public record Constant(double factor) implements Schedule {

    static Constant parse(Params p) {
        return new Constant(p.number("factor", 1.0, Check.NON_NEGATIVE));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        return lr0 * factor;
    }
}
