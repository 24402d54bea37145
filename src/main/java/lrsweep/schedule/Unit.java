package lrsweep.schedule;

/** What a schedule's step {@code t} counts. */
public enum Unit {
    /** t is the epoch, as the Keras {@code LearningRateScheduler} callback. */
    EPOCH,
    /** t is the minibatch, as a Keras {@code LearningRateSchedule} or a per-batch PyTorch scheduler. */
    STEP
}
