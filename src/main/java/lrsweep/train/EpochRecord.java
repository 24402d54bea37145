package lrsweep.train;

import java.io.Serializable;

/**
 * What one epoch of a trial did.
 *
 * @param learningRate the rate the updater applied at the epoch's first minibatch
 * @param trainLoss    mean minibatch loss over the epoch
 * @param valLoss      mean cross-entropy on the validation set after the epoch
 */
public record EpochRecord(int epoch, double learningRate, double trainLoss, double valLoss, double valAccuracy, long millis)
        implements Serializable {

    public boolean finite() {
        return Double.isFinite(trainLoss) && Double.isFinite(valLoss);
    }
}
