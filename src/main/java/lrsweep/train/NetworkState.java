package lrsweep.train;

/**
 * A network's trainable state, copied out of its engine: what training on needs besides the trial.
 * Its layout is the engine's own, so it loads only into a network of the same model, engine and
 * optimizer type.
 *
 * @param parameters every parameter, flat
 * @param updater    the optimizer's state (empty for SGD)
 * @param iteration  minibatch steps taken: Adam's bias correction and step-unit schedules read it
 */
public record NetworkState(float[] parameters, float[] updater, int iteration) {

    /** @throws IllegalArgumentException unless {@code given} values of a state fit the network's {@code size} */
    static void checkFits(long given, long size, String what) {
        if (given != size) {
            throw new IllegalArgumentException("a state of " + given + " " + what + " does not fit this network's " + size);
        }
    }
}
