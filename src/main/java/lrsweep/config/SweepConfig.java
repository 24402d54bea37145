package lrsweep.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * @param learningRates base learning rates, each positive; empty when they are {@code auto} or the
 *                      search is random
 * @param schedules     the grid's schedule variants; empty with random search (see {@code search})
 * @param search        grid, or random with its space (either pruned when {@code halving} is set)
 * @param halving       successive halving of the trials, or null: every trial trains all epochs
 * @param auto          the grid to centre on a range test's suggestion when some optimizer's rates are
 *                      {@code auto} (see {@link #autoOptimizers}), else null
 * @param optimizers    the optimizers each configuration trains with: {@code sweep.optimizers}, or
 *                      {@code train.optimizer} alone
 * @param ownRates      the optimizers that carry their own {@code learning-rates}, and those rates
 *                      (listed for a grid, ranged for a random search, or auto)
 * @param judging       how the verdict ranks trials and which it calls unstable
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
        Map<Optimizer, LearningRates> ownRates,
        SearchSpace search,
        Halving halving,
        List<Integer> seeds,
        TrainConfig train,
        ModelConfig model,
        DataConfig data,
        FinderConfig finder,
        String outputDir,
        Duration leaseTimeout,
        Judging judging,
        String resolved) {

    public SweepConfig {
        learningRates = List.copyOf(learningRates);
        if (learningRates.isEmpty() && auto == null && !search.sampled()) {
            throw new IllegalArgumentException("learning rates, an auto grid, or a random search");
        }
        schedules = List.copyOf(schedules);
        optimizers = List.copyOf(optimizers);
        ownRates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ownRates)); // in the optimizers' order
        seeds = List.copyOf(seeds);
    }

    /**
     * The same sweep once the range tests have run: each optimizer of {@link #autoOptimizers} swept
     * over its {@code found} rates, every optimizer given its rates explicitly; the shared rates
     * become all rates swept, so that the record is a grid.
     */
    public SweepConfig withLearningRates(Map<Optimizer, List<Double>> found) {
        Map<Optimizer, LearningRates> own = new LinkedHashMap<>();
        var all = new LinkedHashSet<Double>();
        for (Optimizer o : optimizers) {
            List<Double> rates = found.containsKey(o) ? found.get(o) : learningRates(o);
            own.put(o, new LearningRates.Listed(rates));
            all.addAll(rates);
        }
        return new SweepConfig(name, new ArrayList<>(all), null, schedules, optimizers, own, search, halving, seeds, train, model, data,
                finder, outputDir, leaseTimeout, judging, resolved);
    }

    /** The optimizers whose rates come from a range test: an own {@code auto}, or the shared one. */
    public List<Optimizer> autoOptimizers() {
        boolean shared = learningRates.isEmpty() && !search.sampled();
        return optimizers.stream().filter(o -> ownRates.containsKey(o) ? ownRates.get(o) instanceof LearningRates.Auto : shared)
                .toList();
    }

    /** A grid's rates for {@code optimizer}: its own, or {@code sweep.learning-rates}. */
    public List<Double> learningRates(Optimizer optimizer) {
        return ownRates.get(optimizer) instanceof LearningRates.Listed l ? l.rates() : learningRates;
    }

    /** The same sweep with this model (its user network read). */
    public SweepConfig withModel(ModelConfig other) {
        return new SweepConfig(name, learningRates, auto, schedules, optimizers, ownRates, search, halving, seeds, train, other, data,
                finder, outputDir, leaseTimeout, judging, resolved);
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
