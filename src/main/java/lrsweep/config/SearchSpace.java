package lrsweep.config;

import com.typesafe.config.ConfigObject;
import java.util.List;
import java.util.Map;

/**
 * How the trials of a sweep are chosen.
 *
 * @param mode         how candidates are chosen: grid, every learning rate × schedule × optimizer × seed;
 *                     random, {@code trials} samples (each per optimizer and seed). Halving prunes
 *                     either (see {@link Halving})
 * @param trials       with random search, how many configurations to sample (each run per seed)
 * @param seed         seeds the sampler and halving's order of trials, so a search is reproducible
 * @param learningRate with random search, the learning rate's range (a choice when rates are listed)
 * @param schedules    with random search, each variant with its ranged parameters
 */
public record SearchSpace(Mode mode, int trials, int seed, Distribution learningRate, List<ScheduleSpace> schedules) {

    public enum Mode { GRID, RANDOM }

    /** Every combination; {@code seed} orders the trials of a halving search. */
    public static SearchSpace grid(int seed) {
        return new SearchSpace(Mode.GRID, 0, seed, null, List.of());
    }

    public SearchSpace {
        schedules = List.copyOf(schedules);
    }

    /**
     * A schedule variant whose parameters may be ranges.
     *
     * @param template the variant as configured, ranges included
     * @param ranges   each ranged parameter's path inside the variant, and its range
     * @param name     the variant's name for every sample (the configured one, or derived from its ranges)
     * @param path     where it was configured, for messages: {@code sweep.schedules[1]}
     */
    public record ScheduleSpace(ConfigObject template, Map<String, Distribution> ranges, String name, String path) {
        public ScheduleSpace {
            ranges = Map.copyOf(ranges);
        }
    }
}
