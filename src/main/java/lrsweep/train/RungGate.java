package lrsweep.train;

import java.io.Serializable;

/**
 * Asks, at the end of a rung's last epoch, whether a trial of a successive-halving search goes on.
 * The trial keeps its network and optimizer state in its task, so continuing resumes training
 * where it stands; stopping ends it early.
 */
public interface RungGate extends Serializable {

    /** Every trial trains all its epochs: a grid or random search. */
    RungGate NONE = new RungGate() {
        @Override
        public int[] rungs(int epochs) {
            return new int[0];
        }

        @Override
        public boolean promote(String trialId, int rung, double value) {
            return true;
        }
    };

    /** Epoch counts after which a trial reports, ascending, each below {@code epochs}. */
    int[] rungs(int epochs);

    /**
     * Whether the trial trains on past rung {@code rung} (0 = the first), given its best value of
     * {@code sweep.objective} so far.
     */
    boolean promote(String trialId, int rung, double value);
}
