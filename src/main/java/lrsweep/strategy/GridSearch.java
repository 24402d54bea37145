package lrsweep.strategy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import lrsweep.config.SweepConfig;
import lrsweep.output.TrialText;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.train.Optimizer;
import lrsweep.train.Trial;

/**
 * {@code sweep.search = grid}: learning rates × schedules × optimizers × seeds, in that nesting
 * order (an optimizer with its own rates at those only).
 */
public final class GridSearch extends PlannedSearch {

    GridSearch(SweepConfig config) {
        super(config, trials(config));
    }

    static List<Trial> trials(SweepConfig config) {
        var rates = new LinkedHashSet<Double>();
        config.optimizers().forEach(o -> rates.addAll(config.learningRates(o)));
        List<Trial> trials = new ArrayList<>();
        for (double lr : rates) {
            for (ScheduleVariant schedule : config.schedules()) {
                for (Optimizer optimizer : config.optimizers()) {
                    if (config.learningRates(optimizer).contains(lr)) {
                        trials.addAll(TrialKeys.trials(config, lr, schedule, optimizer));
                    }
                }
            }
        }
        return trials;
    }

    @Override
    public String describe() {
        if (!config.ownRates().isEmpty()) {
            return String.format(Locale.ROOT, "sweep '%s': %d trials = each optimizer's learning rates (%s) × %d schedules × %d seeds, "
                    + "%d epochs each", config.name(), total(), rates(config, config.optimizers()), config.schedules().size(),
                    config.seeds().size(), config.train().epochs());
        }
        return String.format(Locale.ROOT, "sweep '%s': %d trials = %d learning rates × %d schedules × %d optimizers × %d seeds, "
                + "%d epochs each", config.name(), total(), config.learningRates().size(), config.schedules().size(),
                config.optimizers().size(), config.seeds().size(), config.train().epochs());
    }

    /** {@code sgd: 0.3, 0.1; adam: 0.001}: each optimizer's listed rates. */
    static String rates(SweepConfig config, List<Optimizer> optimizers) {
        return String.join("; ", optimizers.stream().map(o -> o.name() + ": "
                + String.join(", ", config.learningRates(o).stream().map(TrialText::rate).toList())).toList());
    }
}
