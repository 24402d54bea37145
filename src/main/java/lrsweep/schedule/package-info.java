/**
 * Learning-rate schedules for the sweep: pure functions of (base rate lr0, step t, run length n).
 *
 * <p>Each family is an immutable record implementing {@link lrsweep.schedule.Schedule}, with its
 * formula and its reference (a PyTorch {@code torch.optim.lr_scheduler} class, a Keras
 * {@code keras.optimizers.schedules} class, or a classic Keras callback recipe) in the Javadoc,
 * and a {@code static parse(Params)} that reads its parameters. {@link lrsweep.schedule.Schedules}
 * maps type names to those parsers and turns one element of {@code sweep.schedules} into a
 * {@link lrsweep.schedule.ScheduleVariant}: the schedule plus its name, its resolved spec, its
 * {@link lrsweep.schedule.Unit} and its offset. Config errors are Typesafe Config exceptions that
 * carry the file:line of the offending value, its key path, and what is allowed.
 *
 * <p>Conventions: t counts from 0; a length parameter that is omitted spans the run (n); a
 * nested schedule (warmup's {@code then}, a sequence part) runs its own t from 0 over what is
 * left of the run; rates given as {@code *-lr} are absolute, {@code *factor}/{@code multipliers}
 * and {@code alpha} are multiples of lr0. {@link lrsweep.schedule.Plateau} is the one reactive
 * schedule: it depends on validation losses, so the trainer drives its tracker.
 *
 * <p>Three families are the user's own: {@link lrsweep.schedule.Expression} (a formula, parsed by
 * exp4j), {@link lrsweep.schedule.Values} (a list of rates) and {@link lrsweep.schedule.UserClass}
 * (a class from the user's jar). What they build from their record (a parsed formula, an
 * instance) is made per thread on first use ({@code PerThread}), so records stay plain data.
 *
 * <p>The unit tests compare every family with traces computed independently by
 * {@code src/test/python/make_schedule_traces.py}. Nothing here depends on Spark or DL4J.
 */
package lrsweep.schedule;
