package lrsweep.config;

import java.util.List;

/**
 * An optimizer's own {@code learning-rates} in {@code sweep.optimizers}: what it is swept over
 * instead of {@code sweep.learning-rates}.
 */
public sealed interface LearningRates {

    /** A grid's rates, each positive. */
    record Listed(List<Double> rates) implements LearningRates {
        public Listed {
            rates = List.copyOf(rates);
        }
    }

    /** A random search's range (a listed one is a choice). */
    record Ranged(Distribution range) implements LearningRates {}

    /** {@code auto}: the range test with this optimizer, then the {@code sweep.auto} grid around its suggestion. */
    record Auto() implements LearningRates {}
}
