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

    @Override
    public double valueAt(int iteration, int epoch) {
        return variant.rate(lr0, variant.unit() == Unit.STEP ? iteration : epoch, runLength);
    }

    @Override
    public ISchedule clone() {
        return this; // immutable
    }
}
