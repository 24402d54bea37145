package lrsweep.train;

import java.io.Serializable;

/**
 * What one epoch of a trial did.
 *
 * @param learningRate the rate the updater applied at the epoch's first minibatch
 * @param trainLoss    mean loss over the epoch's training examples (each minibatch's loss before
 *                     its step, weighted by its rows)
 * @param valLoss      mean cross-entropy on the validation set after the epoch
 */
public record EpochRecord(int epoch, double learningRate, double trainLoss, double valLoss, double valAccuracy, long millis)
        implements Serializable {

    public boolean finite() {
        return Double.isFinite(trainLoss) && Double.isFinite(valLoss);
    }
}
