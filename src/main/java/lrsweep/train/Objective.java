package lrsweep.train;

import java.util.Comparator;
import java.util.Locale;

/**
 * The validation metric a sweep optimises ({@code sweep.objective}): it picks each trial's best
 * epoch, ranks the trials, stops them early and decides halving's rungs. Like Spark's
 * {@code Evaluator.isLargerBetter}, each metric knows its direction.
 */
public enum Objective {
    VAL_LOSS(false),
    VAL_ACCURACY(true),
    VAL_MAE(false);

    private final boolean largerIsBetter;

    Objective(boolean largerIsBetter) {
        this.largerIsBetter = largerIsBetter;
    }

    public boolean largerIsBetter() {
        return largerIsBetter;
    }

    /** The name in the config and the tables' columns: {@code val_loss}, {@code val_accuracy}, {@code val_mae}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The metric of one epoch; NaN where the task has none (accuracy of a regression). */
    public double value(EpochRecord e) {
        return switch (this) {
            case VAL_LOSS -> e.valLoss();
            case VAL_ACCURACY -> e.valAccuracy();
            case VAL_MAE -> e.valMae();
        };
    }

    /**
     * {@code value} turned so that lower is better, for comparing and ranking; a NaN (a diverged
     * epoch) ranks last.
     */
    public double cost(double value) {
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : largerIsBetter ? -value : value;
    }

    public double cost(EpochRecord e) {
        return cost(value(e));
    }

    /** Orders epochs best first. */
    public Comparator<EpochRecord> order() {
        return Comparator.comparingDouble(this::cost);
    }
}
