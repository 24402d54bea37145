package lrsweep.config;

/**
 * Successive halving: trials report at rungs after {@code minEpochs} · eta^k epochs and continue
 * only while within the best 1/{@code eta} of the reports at that rung.
 *
 * @param hyperband whether trials are spread over Hyperband's brackets, each of which starts
 *                  judging at a later rung ({@code sweep.pruning = hyperband}), rather than all
 *                  judged from the first ({@code halving})
 */
public record Halving(int minEpochs, int eta, boolean hyperband) {

    /** Asynchronous successive halving, every trial judged from the first rung. */
    public Halving(int minEpochs, int eta) {
        this(minEpochs, eta, false);
    }

    /** The settings in a trial's key: halving's text is the one trial ids have always digested. */
    public String key() {
        return (hyperband ? "Hyperband" : "Halving") + "[minEpochs=" + minEpochs + ", eta=" + eta + "]";
    }
}
