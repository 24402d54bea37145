package lrsweep.schedule;

import java.io.Serializable;

/**
 * One schedule variant of a sweep, as validated from config.
 *
 * @param name     readable name: the configured {@code name} or one derived from type and parameters
 * @param spec     the variant's resolved config (every parameter, defaults filled in) as one line
 * @param unit     what {@code t} counts
 * @param offset   steps the schedule is shifted by: rate(t) = schedule(t - offset)
 * @param schedule the formula
 */
public record ScheduleVariant(String name, String spec, Unit unit, long offset, Schedule schedule)
        implements Serializable {

    public double rate(double lr0, long t, long n) {
        return schedule.rate(lr0, t - offset, n);
    }
}
