package lrsweep.train;

import java.io.Serializable;
import java.util.List;

/**
 * How each trial trains.
 *
 * @param epochs    passes over the training data
 * @param batchSize minibatch size
 * @param optimizer the update rule the schedule drives; a trial's own (one of {@code sweep.optimizers})
 * @param divergenceFactor a loss above this many times the untrained model's validation loss
 *                         (or a NaN/inf loss) ends the trial as diverged
 * @param engine    what does the arithmetic, one of {@link #ENGINES}: {@code fast} (hand-written
 *                  BLAS loop, for the models it supports) or {@code dl4j} (MultiLayerNetwork.fit)
 * @param patience  early stopping: stop once the objective has not improved for this many
 *                  epochs; 0 means never
 * @param objective {@code sweep.objective}: what picks a trial's best epoch, stops it early and
 *                  decides halving's rungs
 */
public record TrainConfig(int epochs, int batchSize, Optimizer optimizer, double divergenceFactor, String engine, int patience,
        Objective objective) implements Serializable {

    public static final List<String> ENGINES = List.of("fast", "dl4j");

    /** Training judged by the validation loss. */
    public TrainConfig(int epochs, int batchSize, Optimizer optimizer, double divergenceFactor, String engine, int patience) {
        this(epochs, batchSize, optimizer, divergenceFactor, engine, patience, Objective.VAL_LOSS);
    }

    /** The same training with another optimizer: one trial's of a sweep over optimizers. */
    public TrainConfig withOptimizer(Optimizer other) {
        return new TrainConfig(epochs, batchSize, other, divergenceFactor, engine, patience, objective);
    }

    /**
     * What trial ids digest: the record's form before it had an objective, so existing sweeps
     * resume, and the objective after it when it is not the validation loss (with early stopping
     * or halving it changes the history).
     */
    public String key() {
        return "TrainConfig[epochs=" + epochs + ", batchSize=" + batchSize + ", optimizer=" + optimizer + ", divergenceFactor="
                + divergenceFactor + ", engine=" + engine + ", patience=" + patience + "]"
                + (objective == Objective.VAL_LOSS ? "" : ", objective=" + objective.key());
    }
}
