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
 * @param engine    what does the arithmetic, one of {@link #ENGINES}: {@code fast} (hand-written
 *                  BLAS loop, for the models it supports) or {@code dl4j} (MultiLayerNetwork.fit)
 */
public record TrainConfig(int epochs, int batchSize, String optimizer, double divergenceFactor, String engine)
        implements Serializable {

    public static final List<String> OPTIMIZERS = List.of("sgd");
    public static final List<String> ENGINES = List.of("fast", "dl4j");
}
