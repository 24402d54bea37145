package lrsweep.pruning;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import lrsweep.config.SweepConfig;
import lrsweep.train.RungGate;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;

/**
 * Judges the rung reports of a sweep's trials on the driver, whatever search proposed them: none,
 * asynchronous successive halving, or Hyperband's brackets of it. One implementation per pruner; {@link #of} is where a new
 * one registers.
 */
public sealed interface Pruner extends AutoCloseable permits Pruner.None, AsyncHalving {

    /** The pruner {@code config} declares. */
    static Pruner of(SweepConfig config) {
        if (config.halving() == null) {
            return new None();
        }
        return new AsyncHalving(config.halving(), config.train(), config.search().seed());
    }

    /**
     * Starts judging, for trials that reach the driver at {@code driverHost}, with the reports of
     * {@code finished} (earlier runs' trials) already on record.
     *
     * @return the gate each trial carries to its executor
     */
    RungGate start(String driverHost, Collection<TrialResult> finished) throws IOException;

    /** The order a proposal's trials start in. */
    List<Trial> order(List<Trial> trials);

    @Override
    void close();

    /** Every trial trains all its epochs. */
    record None() implements Pruner {
        @Override
        public RungGate start(String driverHost, Collection<TrialResult> finished) {
            return RungGate.NONE;
        }

        @Override
        public List<Trial> order(List<Trial> trials) {
            return trials;
        }

        @Override
        public void close() {}
    }
}
