package lrsweep.output;

import lrsweep.config.SearchSpaces;
import lrsweep.schedule.Names;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.train.Trial;

/**
 * The one way a trial reads, on the console and in report.md, report.html and best.json:
 * {@code lr 0.01, one-cycle(pct-start=0.23), adam, seed 1}. Rates as {@link Names#number} writes
 * them; a random search's sample with the values drawn, not its ranges.
 */
public final class TrialText {

    private TrialText() {}

    /** A base learning rate: {@code 0.01}, {@code 1e-5}; a sampled one to 3 significant digits. */
    public static String rate(double lr) {
        return Names.number(Names.round(lr));
    }

    /** The variant's name, with a sample's drawn values in place of its ranges. */
    public static String schedule(ScheduleVariant schedule) {
        return SearchSpaces.sampledName(schedule.name(), schedule.spec());
    }

    /** Seeds aside: {@code lr 0.01, cosine, adam}. */
    public static String configuration(Trial t) {
        return "lr " + rate(t.learningRate()) + ", " + schedule(t.schedule()) + ", " + t.train().optimizer().name();
    }

    /** {@code lr 0.01, cosine, adam, seed 1}. */
    public static String of(Trial t) {
        return configuration(t) + ", seed " + t.seed();
    }
}
