package lrsweep.search;

/** One parameter of a search space. A point holds every value as a double: a category as its index. */
public sealed interface Dimension {

    /**
     * A real in [lo, hi], modelled in log space when {@code log} (Optuna's {@code FloatDistribution(log=True)}).
     */
    record Real(double lo, double hi, boolean log) implements Dimension {
        public Real {
            if (!(lo < hi) || log && !(lo > 0)) {
                throw new IllegalArgumentException("a real range needs lo < hi (and 0 < lo in log space), got [" + lo + ", " + hi + "]");
            }
        }
    }

    /** One of {@code size} unordered choices, by index. */
    record Categorical(int size) implements Dimension {
        public Categorical {
            if (size < 1) {
                throw new IllegalArgumentException("a choice needs at least one value, got " + size);
            }
        }
    }
}
