package lrsweep.config;

import java.util.List;
import lrsweep.data.DataConfig;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.train.TrainConfig;

/**
 * A validated sweep configuration: everything downstream reads these typed values, never raw HOCON.
 *
 * @param name          the sweep's name; results go to {@code outputDir/name}
 * @param learningRates base learning rates, each positive
 * @param schedules     schedule variants, names unique
 * @param seeds         seeds each configuration is repeated over
 * @param resolved      the fully resolved config as HOCON text, written as {@code config.conf}
 */
public record SweepConfig(
        String name,
        List<Double> learningRates,
        List<ScheduleVariant> schedules,
        List<Integer> seeds,
        TrainConfig train,
        ModelConfig model,
        DataConfig data,
        String outputDir,
        String resolved) {

    public SweepConfig {
        learningRates = List.copyOf(learningRates);
        schedules = List.copyOf(schedules);
        seeds = List.copyOf(seeds);
    }
}
