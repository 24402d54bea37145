package lrsweep.train;

import java.io.Serializable;
import java.util.List;

/**
 * How each trial trains.
 *
 * @param epochs    passes over the training data
 * @param batchSize minibatch size
 * @param optimizer the DL4J updater the schedule drives; one of {@link #OPTIMIZERS}
 * @param divergenceFactor a loss above this many times the untrained model's validation loss
 *                         (or a NaN/inf loss) ends the trial as diverged
 */
public record TrainConfig(int epochs, int batchSize, String optimizer, double divergenceFactor) implements Serializable {

    public static final List<String> OPTIMIZERS = List.of("sgd");
}
