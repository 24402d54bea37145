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
 * @param patience  early stopping: stop once the validation loss has not improved for this many
 *                  epochs; 0 means never
 */
public record TrainConfig(int epochs, int batchSize, Optimizer optimizer, double divergenceFactor, String engine, int patience)
        implements Serializable {

    public static final List<String> ENGINES = List.of("fast", "dl4j");

    /** The same training with another optimizer: one trial's of a sweep over optimizers. */
    public TrainConfig withOptimizer(Optimizer other) {
        return new TrainConfig(epochs, batchSize, other, divergenceFactor, engine, patience);
    }
}
