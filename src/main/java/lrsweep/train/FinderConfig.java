package lrsweep.train;

import java.io.Serializable;

/**
 * The learning-rate range test (Leslie Smith; fastai {@code lr_find}).
 *
 * @param startLr    rate of the first minibatch
 * @param endLr      rate the exponential ramp reaches at the last step
 * @param steps      minibatches to ramp over; 0 means one epoch
 * @param smoothing  β of the exponentially smoothed, bias-corrected loss
 * @param stopFactor stop once the smoothed loss exceeds this many times its best (or is NaN)
 */
public record FinderConfig(double startLr, double endLr, int steps, double smoothing, double stopFactor) implements Serializable {}
