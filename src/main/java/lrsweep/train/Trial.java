package lrsweep.train;

import java.io.Serializable;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.ScheduleVariant;

/**
 * One training run of a sweep.
 *
 * @param id           derived from the trial's whole configuration, so re-runs and retries agree
 * @param learningRate the base learning rate the schedule scales
 * @param seed         seeds weight init and shuffling
 */
public record Trial(String id, double learningRate, ScheduleVariant schedule, int seed, TrainConfig train, ModelConfig model)
        implements Serializable {}
