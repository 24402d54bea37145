package lrsweep.schedule;

import java.util.function.DoublePredicate;

/** A range a numeric parameter must lie in, with the words that tell the user so. */
record Check(DoublePredicate test, String text) {

    static final Check POSITIVE = new Check(x -> x > 0, "> 0");
    static final Check NON_NEGATIVE = new Check(x -> x >= 0, ">= 0");
    static final Check AT_LEAST_ONE = new Check(x -> x >= 1, ">= 1");
    static final Check FRACTION = new Check(x -> x >= 0 && x <= 1, "in [0, 1]");
    static final Check DECAY = new Check(x -> x > 0 && x <= 1, "in (0, 1]");
    static final Check OPEN_FRACTION = new Check(x -> x > 0 && x < 1, "in (0, 1)");
    static final Check BELOW_ONE = new Check(x -> x >= 0 && x < 1, "in [0, 1)");
}
