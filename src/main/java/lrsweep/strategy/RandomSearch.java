package lrsweep.strategy;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import lrsweep.config.Distribution;
import lrsweep.config.LearningRates;
import lrsweep.config.SearchSpace;
import lrsweep.config.SearchSpaces;
import lrsweep.config.SweepConfig;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.train.Optimizer;
import lrsweep.train.Trial;

/** {@code sweep.search = random}: {@code sweep.trials} sampled configurations × optimizers × seeds. */
public final class RandomSearch extends PlannedSearch {

    RandomSearch(SweepConfig config) {
        super(config, trials(config));
    }

    /**
     * Samples reproducibly from {@code sweep.search-seed}: a rate from its range, a variant
     * uniformly, then each of its ranged parameters (in path order), then a rate for each optimizer
     * with its own range (in their order; the others take the first). A sample drawn twice
     * (possible with choices) is trained once.
     */
    static List<Trial> trials(SweepConfig config) {
        SearchSpace search = config.search();
        Random random = new Random(search.seed());
        Map<String, Trial> trials = new LinkedHashMap<>();
        for (int i = 0; i < search.trials(); i++) {
            double lr = rate(search.learningRate(), random);
            ScheduleVariant schedule = variant(search, random);
            for (Optimizer optimizer : config.optimizers()) {
                double rate = config.ownRates().get(optimizer) instanceof LearningRates.Ranged own ? rate(own.range(), random) : lr;
                TrialKeys.trials(config, rate, schedule, optimizer).forEach(t -> trials.putIfAbsent(t.id(), t));
            }
        }
        return List.copyOf(trials.values());
    }

    /** A schedule variant drawn uniformly, then each of its ranged parameters, in path order. */
    static ScheduleVariant variant(SearchSpace search, Random random) {
        var space = search.schedules().get(random.nextInt(search.schedules().size()));
        Map<String, ConfigValue> values = new TreeMap<>();
        space.ranges().keySet().stream().sorted().forEach(path -> values.put(path, space.ranges().get(path).sample(random)));
        values.put("name", ConfigValueFactory.fromAnyRef(space.name()));
        return Schedules.parse(SearchSpaces.withValues(space.template(), values).toConfig(), space.path());
    }

    static double rate(Distribution range, Random random) {
        return ((Number) range.sample(random).unwrapped()).doubleValue();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "sweep '%s': %d trials = %d sampled configurations (search-seed %d) × %d optimizers × %d seeds, "
                + "%d epochs each", config.name(), total(), config.search().trials(), config.search().seed(), config.optimizers().size(),
                config.seeds().size(), config.train().epochs());
    }
}
