package lrsweep.train;

import org.deeplearning4j.nn.api.Model;

/**
 * What {@link Trainer}'s one training loop needs from a network, so that shuffling, per-epoch
 * bookkeeping, divergence and evaluation exist once whichever engine does the arithmetic.
 */
interface Network {

    /** Enters epoch {@code epoch} (from 0): epoch-unit schedules read it. */
    void startEpoch(int epoch);

    /** The learning rate the next minibatch step applies. */
    double learningRate();

    /** Replaces the schedule with this fixed rate from the next step on (reduce on plateau). */
    void setLearningRate(double rate);

    /** One optimizer step on these training examples; returns their mean loss before the step. */
    double fit(int[] rows);

    /** The outputs for every validation example, row-major: class probabilities (examples × classes) or predicted values. */
    float[] predictValidation();

    /** The DL4J network with this network's current weights (for the best-model checkpoint). */
    Model dl4j();

    /** A copy of the parameters, optimizer state and steps taken (to continue later, or elsewhere). */
    NetworkState state();

    /**
     * Takes over {@code state}, from a network of the same model, engine and optimizer type, as if
     * this network had trained to it.
     *
     * @throws IllegalArgumentException when its sizes do not fit this network
     */
    void load(NetworkState state);
}
