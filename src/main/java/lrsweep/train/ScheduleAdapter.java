package lrsweep.train;

import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Unit;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Drives DL4J's updater from a schedule: DL4J asks for the rate at each (iteration, epoch); the
 * schedule's unit says which of the two is its t.
 */
final class ScheduleAdapter implements ISchedule {

    private final ScheduleVariant variant;
    private final double lr0;
    private final long runLength;

    /** {@code runLength} is in the schedule's unit: epochs, or minibatch steps of the whole run. */
    ScheduleAdapter(ScheduleVariant variant, double lr0, long runLength) {
        this.variant = variant;
        this.lr0 = lr0;
        this.runLength = runLength;
    }

    /** @throws IllegalStateException when the schedule overflows: DL4J would train on silently */
    @Override
    public double valueAt(int iteration, int epoch) {
        long t = variant.unit() == Unit.STEP ? iteration : epoch;
        double rate = variant.rate(lr0, t, runLength);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException("schedule " + variant.name() + " gave learning rate " + rate
                    + " at " + variant.unit().name().toLowerCase(java.util.Locale.ROOT) + " " + t + " (base " + lr0 + ")");
        }
        return rate;
    }

    @Override
    public ISchedule clone() {
        return this; // immutable
    }
}
