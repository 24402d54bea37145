package lrsweep.schedule;

import java.io.Serializable;
import java.util.List;

/**
 * Schedules one after another: part i runs its own t from 0 for its {@code steps}, over a run of
 * that many steps; the last part has no steps and spans the rest of the run. Reference: PyTorch
 * {@code SequentialLR} (milestones = cumulative steps).
 *
 * @param parts the parts in order; only the last has null steps
 */
public record Sequence(List<Part> parts) implements Schedule {

    /** One part: a schedule and how long it runs (null: to the end of the run). */
    public record Part(Long steps, Schedule schedule) implements Serializable {
    }

    static Sequence parse(Params p) {
        return new Sequence(p.objects("parts", (part, last) -> {
            Long steps = part.runSteps("steps");
            if (last != (steps == null)) {
                throw part.bad("steps", last
                        ? "the last part spans the rest of the run and takes no steps"
                        : "missing required parameter: every part but the last needs steps, a whole number >= 1");
            }
            return new Part(steps, part.schedule("schedule", null));
        }));
    }

    @Override
    public double rate(double lr0, long t, long n) {
        long start = 0;
        for (Part part : parts.subList(0, parts.size() - 1)) {
            if (t < start + part.steps()) {
                return part.schedule().rate(lr0, t - start, part.steps());
            }
            start += part.steps();
        }
        return parts.get(parts.size() - 1).schedule().rate(lr0, t - start, RunLength.rest(n, start));
    }
}
