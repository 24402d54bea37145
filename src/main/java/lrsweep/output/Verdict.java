package lrsweep.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lrsweep.config.Judging;
import lrsweep.train.EpochRecord;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * The warnings that qualify a sweep's verdict, composed once from its results and rendered by
 * every output (console, report.md, report.html, best.json): a best rate at the edge of what was
 * swept (not of a population), and unstable trials (final validation loss far above their lowest).
 *
 * @param warnings one sentence each, in that order
 */
public record Verdict(Judging judging, List<String> warnings) {

    /** How many unstable trials a warning names before it says "and N more". */
    private static final int NAMED = 5;

    public Verdict {
        warnings = List.copyOf(warnings);
    }

    public static Verdict of(List<TrialResult> results, Judging judging) {
        // a population's first rates say nothing of the rates that trained its best network
        List<String> warnings = new ArrayList<>(Lineage.isPopulation(results) ? List.of() : edges(results, judging.rankBy()));
        unstable(results, judging).ifPresent(warnings::add);
        return new Verdict(judging, warnings);
    }

    /**
     * Whether {@code r}'s final validation loss exceeds {@code factor} times its lowest; null when
     * it has no finite final loss to judge (failed, or diverged to NaN). Judged on the loss whatever
     * {@code sweep.objective} is: a collapse shows in it for every metric, and a ratio of
     * accuracies would mean something else.
     */
    public static Boolean unstable(TrialResult r, double factor) {
        Optional<EpochRecord> last = r.last().filter(e -> Double.isFinite(e.valLoss()));
        return last.isEmpty() ? null : last.get().valLoss() > factor * lowestLoss(r);
    }

    private static double lowestLoss(TrialResult r) {
        return r.epochs().stream().mapToDouble(EpochRecord::valLoss).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    /** The trial's status as the rankings show it: {@code ok}, or {@code ok, unstable} (diverged says enough). */
    public String status(TrialResult r) {
        boolean unstable = r.status() == TrialStatus.OK && Boolean.TRUE.equals(unstable(r, judging.unstableFactor()));
        return r.status().label() + (unstable ? ", unstable" : "");
    }

    /**
     * Per optimizer (each may have its own rates), its best ok trial's rate when it is the
     * smallest or largest that optimizer trained with: the optimum may lie beyond. Not said of a
     * single rate, which has no edge to move.
     */
    private static List<String> edges(List<TrialResult> results, Judging.RankBy by) {
        Map<String, List<TrialResult>> byOptimizer = new LinkedHashMap<>();
        results.forEach(r -> byOptimizer.computeIfAbsent(r.trial().train().optimizer().name(), o -> new ArrayList<>()).add(r));
        List<String> warnings = new ArrayList<>();
        byOptimizer.forEach((optimizer, runs) -> {
            double[] rates = runs.stream().mapToDouble(r -> r.trial().learningRate()).distinct().sorted().toArray();
            Ranking.best(runs, by).filter(b -> rates.length > 1).ifPresent(b -> {
                double lr = b.trial().learningRate();
                if (lr == rates[0] || lr == rates[rates.length - 1]) {
                    warnings.add(String.format(Locale.ROOT, "%s: the best learning rate, %s, is the %s of the %d swept (%s to %s): "
                                    + "at the grid's edge: widen it", optimizer, TrialText.rate(lr), lr == rates[0] ? "smallest" : "largest",
                            rates.length, TrialText.rate(rates[0]), TrialText.rate(rates[rates.length - 1])));
                }
            });
        });
        return warnings;
    }

    /** The ok trials that are unstable, by name; with rank-by = best, whether the winner is one of them. */
    private static Optional<String> unstable(List<TrialResult> results, Judging judging) {
        List<TrialResult> unstable = Ranking.rank(results, judging.rankBy()).stream()
                .filter(r -> r.status() == TrialStatus.OK && Boolean.TRUE.equals(unstable(r, judging.unstableFactor()))).toList();
        if (unstable.isEmpty()) {
            return Optional.empty();
        }
        var sb = new StringBuilder(String.format(Locale.ROOT, "%d unstable trial%s (final validation loss above %s× the lowest): ",
                unstable.size(), unstable.size() == 1 ? "" : "s", TrialText.rate(judging.unstableFactor())));
        sb.append(String.join("; ", unstable.stream().limit(NAMED).map(r -> String.format(Locale.ROOT, "%s (best %.4f, final %.4f)",
                TrialText.of(r.trial()), lowestLoss(r), r.last().orElseThrow().valLoss())).toList()));
        if (unstable.size() > NAMED) {
            sb.append("; and ").append(unstable.size() - NAMED).append(" more (trials/ column unstable)");
        }
        if (judging.rankBy() == Judging.RankBy.BEST && Ranking.best(results, Judging.RankBy.BEST).filter(unstable::contains).isPresent()) {
            sb.append(". The best trial is one of them: its best epoch flatters it; sweep.rank-by = final ranks by the final epoch");
        }
        return Optional.of(sb.append('.').toString());
    }
}
