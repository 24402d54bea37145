package lrsweep.config;

import java.time.Duration;
import java.util.List;
import lrsweep.data.DataConfig;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.train.FinderConfig;
import lrsweep.train.Optimizer;
import lrsweep.train.TrainConfig;

/**
 * A validated sweep configuration: everything downstream reads these typed values, never raw HOCON.
 *
 * @param name          the sweep's name; results go to {@code outputDir/name}
 * @param learningRates base learning rates, each positive; empty when {@code auto} is set or the
 *                      search is random
 * @param schedules     the grid's schedule variants; empty with random search (see {@code search})
 * @param search        grid, or random with its space (either pruned when {@code halving} is set)
 * @param halving       successive halving of the trials, or null: every trial trains all epochs
 * @param auto          the grid to centre on the range test's suggestion, or null for the listed rates
 * @param optimizers    the optimizers each configuration trains with: {@code sweep.optimizers}, or
 *                      {@code train.optimizer} alone
 * @param finder        the learning-rate range test (find-lr, learning-rates = auto)
 * @param outputDir     where sweep directories go: a local path or a Hadoop file system URI
 * @param leaseTimeout  how long a run's lease on its sweep directory lasts without a heartbeat
 * @param seeds         seeds each configuration is repeated over
 * @param resolved      the fully resolved config as HOCON text, written as {@code config.conf}
 */
public record SweepConfig(
        String name,
        List<Double> learningRates,
        AutoGrid auto,
        List<ScheduleVariant> schedules,
        List<Optimizer> optimizers,
        SearchSpace search,
        Halving halving,
        List<Integer> seeds,
        TrainConfig train,
        ModelConfig model,
        DataConfig data,
        FinderConfig finder,
        String outputDir,
        Duration leaseTimeout,
        String resolved) {

    public SweepConfig {
        learningRates = List.copyOf(learningRates);
        if (learningRates.isEmpty() != (auto != null || search.mode() == SearchSpace.Mode.RANDOM)) {
            throw new IllegalArgumentException("learning rates, an auto grid, or a random search");
        }
        schedules = List.copyOf(schedules);
        optimizers = List.copyOf(optimizers);
        seeds = List.copyOf(seeds);
    }

    /** The same sweep over the given base learning rates (an auto grid, once the range test has run). */
    public SweepConfig withLearningRates(List<Double> rates) {
        return new SweepConfig(name, rates, null, schedules, optimizers, search, halving, seeds, train, model, data, finder, outputDir,
                leaseTimeout, resolved);
    }

    /** The same sweep with this model (its user network read). */
    public SweepConfig withModel(ModelConfig other) {
        return new SweepConfig(name, learningRates, auto, schedules, optimizers, search, halving, seeds, train, other, data, finder,
                outputDir, leaseTimeout, resolved);
    }

    /** The sweep directory: {@code <output.dir>/<name>}. */
    public String outputLocation() {
        return sibling("");
    }

    /** {@code <output.dir>/<name><suffix>}, e.g. find-lr's {@code -lr-find}. */
    public String sibling(String suffix) {
        return outputDir.replaceFirst("(?<=.)/+$", "") + "/" + name + suffix;
    }
}
