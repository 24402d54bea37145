package lrsweep.output;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lrsweep.config.Judging;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * Trials grouped by configuration (everything but the seed), so repeated seeds are judged
 * together: mean ± standard deviation of the objective's value ranked by (see {@link Ranking#value})
 * over the runs that trained ok.
 */
public final class Configurations {

    /**
     * One configuration and its runs.
     *
     * @param mean  mean value of the objective ranked by, of the ok runs (NaN if none)
     * @param std   their sample standard deviation (0 for a single run)
     * @param ok    how many runs trained ok
     */
    public record Configuration(String label, double learningRate, String schedule, String optimizer, List<TrialResult> runs, int ok,
            double mean, double std) {

        /**
         * Within noise of {@code best}: the difference of the means is no larger than their
         * combined standard deviations. Needs repeats on both sides to say anything.
         */
        public boolean tiedWith(Configuration best) {
            return this != best && ok > 1 && best.ok > 1 && Math.abs(mean - best.mean) <= Math.hypot(std, best.std);
        }
    }

    private Configurations() {}

    /** The configurations of {@code results}, best mean first; those without an ok run last. */
    public static List<Configuration> rank(List<TrialResult> results, Judging.RankBy by) {
        Map<String, List<TrialResult>> groups = new LinkedHashMap<>();
        for (TrialResult r : results) {
            groups.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
        }
        List<Configuration> summaries = new ArrayList<>();
        groups.forEach((key, runs) -> {
            double[] values = runs.stream().filter(r -> r.status() == TrialStatus.OK).mapToDouble(r -> Ranking.value(r, by))
                    .filter(Double::isFinite).toArray();
            double mean = values.length == 0 ? Double.NaN : java.util.Arrays.stream(values).average().orElseThrow();
            double variance = 0;
            for (double v : values) {
                variance += (v - mean) * (v - mean);
            }
            double std = values.length > 1 ? Math.sqrt(variance / (values.length - 1)) : 0;
            var first = runs.get(0).trial();
            summaries.add(new Configuration(TrialText.configuration(first), first.learningRate(), TrialText.schedule(first.schedule()),
                    first.train().optimizer().name(), runs, values.length, mean, std));
        });
        summaries.sort(Comparator.comparingDouble(
                (Configuration s) -> s.runs().get(0).trial().train().objective().cost(s.mean())));
        return summaries;
    }

    /** Seeds aside, what makes a configuration: the base rate, the schedule variant and the optimizer. */
    private static String key(TrialResult r) {
        // by spec, not name: the samples of a random search share a name
        return r.trial().learningRate() + "|" + r.trial().schedule().spec() + "|" + r.trial().train().optimizer();
    }
}
