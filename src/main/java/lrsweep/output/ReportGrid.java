package lrsweep.output;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import lrsweep.config.Judging;
import lrsweep.train.EpochRecord;
import lrsweep.train.Objective;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * The axes of the results for report.html: base rates ascending, and in the order the sweep listed
 * them the rows (schedules, each with each optimizer when there are several: "cosine · adam") and
 * seeds; {@code sampled} when the rates were drawn (random search, TPE) rather than listed.
 */
record ReportGrid(List<TrialResult> results, List<Double> rates, List<String> schedules, boolean byOptimizer, int seeds,
        boolean sampled) {

    ReportGrid(List<TrialResult> results, boolean sampled) {
        this(results, results.stream().map(r -> r.trial().train().optimizer()).distinct().count() > 1, sampled);
    }

    private ReportGrid(List<TrialResult> results, boolean byOptimizer, boolean sampled) {
        this(results,
                results.stream().map(r -> r.trial().learningRate()).distinct().sorted().toList(),
                results.stream().map(r -> row(r.trial(), byOptimizer)).distinct().toList(),
                byOptimizer,
                (int) results.stream().map(r -> r.trial().seed()).distinct().count(),
                sampled);
    }

    /** A trial's best value of {@code sweep.objective} (as ranked with rank-by = best), if it trained ok. */
    static OptionalDouble objective(TrialResult r) {
        double value = Ranking.value(r, Judging.RankBy.BEST);
        return r.status() == TrialStatus.OK && !Double.isNaN(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /** The sweep's objective, which every trial shares: its name and which way is better. */
    Objective objective() {
        return results.get(0).trial().train().objective();
    }

    /** The row (chart, heatmap line) a trial belongs to. */
    String row(Trial t) {
        return row(t, byOptimizer);
    }

    private static String row(Trial t, boolean byOptimizer) {
        return t.schedule().name() + (byOptimizer ? " · " + t.train().optimizer().name() : "");
    }

    List<TrialResult> trials(double lr, String schedule) {
        return results.stream()
                .filter(r -> r.trial().learningRate() == lr && row(r.trial()).equals(schedule))
                .sorted(Comparator.comparingInt(r -> r.trial().seed()))
                .toList();
    }

    /** Whether each base rate gets a colour of its own; with more rates than hues, a scale from low to high. */
    boolean distinctColors() {
        return rates.size() <= SvgChart.PALETTE.size();
    }

    /** One colour per base rate, the same in every chart. */
    String color(double lr) {
        if (distinctColors()) {
            return SvgChart.PALETTE.get(rates.indexOf(lr));
        }
        double lo = Math.log(rates.get(0));
        double hi = Math.log(rates.get(rates.size() - 1));
        return scale((Math.log(lr) - lo) / (hi - lo));
    }

    /** Dark blue (0) over teal to orange (1): hues that stay apart on white, for rates from low to high. */
    static String scale(double t) {
        int[][] stops = {{0x2c, 0x3e, 0x91}, {0x1f, 0x9e, 0x89}, {0xe8, 0x8a, 0x0c}};
        double at = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min((int) at, stops.length - 2);
        double f = at - i;
        var hex = new StringBuilder("#");
        for (int c = 0; c < 3; c++) {
            hex.append(String.format(Locale.ROOT, "%02x", Math.round(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]))));
        }
        return hex.toString();
    }

    String shape() {
        int scheduleCount = (int) results.stream().map(r -> r.trial().schedule().name()).distinct().count();
        int optimizers = (int) results.stream().map(r -> r.trial().train().optimizer()).distinct().count();
        String rateAxis = sampled ? rates.size() + " sampled learning rate" + plural(rates.size())
                : rates.size() + " learning rate" + plural(rates.size());
        return String.format(Locale.ROOT, "%s × %d schedule%s%s × %d seed%s", rateAxis, scheduleCount, plural(scheduleCount),
                byOptimizer ? " × " + optimizers + " optimizers" : "", seeds, plural(seeds));
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    /** The finite values of one metric over every epoch of {@code results}. */
    static double[] values(List<TrialResult> results, ToDoubleFunction<EpochRecord> value) {
        return results.stream().flatMap(r -> r.epochs().stream()).mapToDouble(value).filter(Double::isFinite).toArray();
    }
}
