package lrsweep.schedule;

import java.io.Serializable;

/**
 * One schedule variant of a sweep, as validated from config.
 *
 * <p>Offset: the schedule starts {@code offset} units into the run and spans the rest of it, as
 * warmup and sequence parts do: {@code rate(t) = schedule(max(0, t - offset), n - offset)}.
 * Before the offset the rate is the schedule's rate at 0 (clamped, PyTorch style: a delayed
 * schedule holds its first value) rather than the schedule evaluated at negative steps (TF Model
 * Garden's *WithOffset style), which would extrapolate, e.g. a cosine rising before its start.
 *
 * @param name     readable name: the configured {@code name} or one derived from type and parameters
 * @param spec     the variant's resolved config (every parameter, defaults filled in) as one line
 *                 of JSON, keys in a stable order: type, the family's parameters, unit, offset.
 *                 A run-length parameter left out is {@code null} (it spans the run); the
 *                 configured name is not part of it. Parsing the spec again gives the same spec.
 * @param unit     what {@code t} and {@code n} count
 * @param offset   units the schedule is delayed by (see above)
 * @param schedule the formula
 */
public record ScheduleVariant(String name, String spec, Unit unit, long offset, Schedule schedule)
        implements Serializable {

    /** The rate at {@code t} (from 0) of a run of {@code n}, both counted in {@link #unit}. */
    public double rate(double lr0, long t, long n) {
        return schedule.rate(lr0, Math.max(0, t - offset), RunLength.rest(n, offset));
    }

    /**
     * Whether the rate reacts to validation losses ({@link Plateau}): then {@link #rate} is only
     * the starting rate and the trainer must drive {@code ((Plateau) schedule()).tracker(lr0)}.
     */
    public boolean reactive() {
        return schedule instanceof Plateau;
    }
}
