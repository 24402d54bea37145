package lrsweep.train;

import java.io.Serializable;

/**
 * What one epoch of a trial did.
 *
 * @param learningRate the rate the updater applied at the epoch's first minibatch
 * @param trainLoss    mean loss over the epoch's training examples (each minibatch's loss before
 *                     its step, weighted by its rows)
 * @param valLoss      after the epoch, on the validation set: mean cross-entropy (classification) or
 *                     mean squared error (regression)
 * @param valAccuracy  classification: the fraction of validation examples classified right; regression: NaN
 * @param valMae       regression: the mean absolute error on the validation set; classification: NaN
 */
public record EpochRecord(int epoch, double learningRate, double trainLoss, double valLoss, double valAccuracy, double valMae,
        long millis) implements Serializable {

    /** An epoch of a classification trial. */
    public EpochRecord(int epoch, double learningRate, double trainLoss, double valLoss, double valAccuracy, long millis) {
        this(epoch, learningRate, trainLoss, valLoss, valAccuracy, Double.NaN, millis);
    }

    public boolean finite() {
        return Double.isFinite(trainLoss) && Double.isFinite(valLoss);
    }
}
