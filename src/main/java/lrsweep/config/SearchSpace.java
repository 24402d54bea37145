package lrsweep.config;

import com.typesafe.config.ConfigObject;
import java.util.List;
import java.util.Map;
import lrsweep.search.Tpe;

/**
 * How the trials of a sweep are chosen.
 *
 * @param mode         how candidates are chosen: grid, every learning rate × schedule × optimizer × seed;
 *                     random, {@code trials} samples (each per optimizer and seed); tpe, {@code trials}
 *                     configurations (optimizer included) proposed one by one from the results so far,
 *                     each per seed. Halving prunes grid or random (see {@link Halving})
 * @param trials       with random search or tpe, how many configurations to sample (each run per seed)
 * @param seed         seeds the sampler and halving's order of trials, so a search is reproducible
 * @param learningRate with random search or tpe, the learning rate's range (a choice when rates are listed)
 * @param schedules    with random search or tpe, each variant with its ranged parameters
 * @param tpe          with tpe, the sampler's settings ({@code sweep.tpe}); else null
 * @param pbt          with pbt, the population's settings ({@code sweep.pbt}); else null
 */
public record SearchSpace(Mode mode, int trials, int seed, Distribution learningRate, List<ScheduleSpace> schedules, Tpe.Settings tpe,
        Pbt pbt) {

    public enum Mode { GRID, RANDOM, TPE, PBT }

    /** Every combination; {@code seed} orders the trials of a halving search. */
    public static SearchSpace grid(int seed) {
        return new SearchSpace(Mode.GRID, 0, seed, null, List.of(), null, null);
    }

    /** Whether the trials are drawn from ranges (random, tpe, pbt's members), not crossed from lists (grid). */
    public boolean sampled() {
        return mode != Mode.GRID;
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
