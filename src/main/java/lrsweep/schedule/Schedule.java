package lrsweep.schedule;

import java.io.Serializable;

/**
 * A learning-rate schedule: the rate at step {@code t} (from 0) of a run of {@code n} steps, for
 * the trial's base rate {@code lr0}. Implementations are immutable records with their formula and
 * reference (Keras / PyTorch class) in the Javadoc.
 */
public interface Schedule extends Serializable {

    double rate(double lr0, long t, long n);
}
