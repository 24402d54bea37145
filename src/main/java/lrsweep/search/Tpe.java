package lrsweep.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The Tree-structured Parzen Estimator, univariate, as Optuna's {@code TPESampler} with its
 * defaults ({@code optuna/samplers/_tpe/sampler.py}): until {@code startupTrials} observations
 * exist, each value is drawn at random (uniformly, log-uniformly for a log range); then the
 * observations are split into the best {@code gamma(n) = min(ceil(0.1 n), 25)} ("below") and the
 * rest ("above"), a {@link ParzenEstimator} l is fitted to each value of the below and g to the
 * above, {@code candidates} values are drawn from l and the one with the largest l(x)/g(x) wins.
 * Each parameter is modelled from the observations that have it, so a parameter that exists only
 * under some choice (a schedule's own range) learns from those trials alone. Not thread-safe.
 */
public final class Tpe {

    /** Optuna's {@code prior_weight}. */
    private static final double PRIOR_WEIGHT = 1.0;

    /**
     * @param startupTrials observations before the model is used (Optuna: {@code n_startup_trials}, 10)
     * @param candidates    values drawn from l per parameter (Optuna: {@code n_ei_candidates}, 24)
     */
    public record Settings(int startupTrials, int candidates) {
        public Settings {
            if (startupTrials < 0 || candidates < 1) {
                throw new IllegalArgumentException("startup trials ≥ 0 and candidates ≥ 1, got " + startupTrials + " and " + candidates);
            }
        }
    }

    /**
     * A finished trial's values and its cost (lower is better; +∞ for one that reached no finite value).
     *
     * @param prunedAt for a trial a pruner stopped, the step it reached; -1 for one that completed
     */
    public record Observation(Map<String, Double> point, double cost, int prunedAt) {
        public Observation {
            point = Map.copyOf(point);
        }

        public static Observation completed(Map<String, Double> point, double cost) {
            return new Observation(point, cost, -1);
        }
    }

    /**
     * Optuna's order for the split ({@code _split_complete_trials} and {@code _split_pruned_trials}):
     * completed trials by cost, then pruned ones, the furthest first, each step's by cost.
     */
    private static final Comparator<Observation> BEST_FIRST = Comparator.<Observation>comparingInt(o -> o.prunedAt() < 0 ? 0 : 1)
            .thenComparingInt(o -> -o.prunedAt()).thenComparingDouble(Observation::cost);

    private final Settings settings;
    private final long seed;
    private final List<Observation> observations = new ArrayList<>();

    public Tpe(Settings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
    }

    public void observe(Observation observation) {
        observations.add(observation);
    }

    public int observed() {
        return observations.size();
    }

    /**
     * A new proposal from the observations so far; its values are drawn as the caller asks for
     * them, so the choice that decides which parameters exist comes first.
     *
     * @param number distinguishes proposals made from the same observations: the same seed, number
     *               and observations give the same values
     */
    public Proposal propose(long number) {
        return new Proposal(new Random(mix(mix(seed) + number)), List.copyOf(observations));
    }

    /**
     * SplitMix64's finalizer: java.util.Random's first draws from nearby seeds are nearly equal (its
     * first nextInt(2) is the same for thousands of consecutive seeds), so each proposal's seed is scrambled.
     */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Optuna's {@code default_gamma}: how many of n observations are "below" (the good ones). */
    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /** One proposal's values, drawn on request. */
    public final class Proposal {
        private final Random random;
        private final List<Observation> below;
        private final List<Observation> above;

        private Proposal(Random random, List<Observation> known) {
            this.random = random;
            if (known.size() < settings.startupTrials()) {
                below = above = null;
                return;
            }
            // the best gamma(n), ties to the older; each side kept oldest first, for the weights
            int nBelow = gamma(known.size());
            List<Integer> best = IntStream.range(0, known.size()).boxed()
                    .sorted(Comparator.comparing(known::get, BEST_FIRST)).limit(nBelow).sorted().toList();
            below = best.stream().map(known::get).toList();
            above = IntStream.range(0, known.size()).filter(i -> !best.contains(i)).mapToObj(known::get).toList();
        }

        /** The value of parameter {@code name}, ranging over {@code dimension}. */
        public double value(String name, Dimension dimension) {
            if (below == null) {
                return randomValue(dimension);
            }
            var l = new ParzenEstimator(dimension, values(below, name), PRIOR_WEIGHT);
            var g = new ParzenEstimator(dimension, values(above, name), PRIOR_WEIGHT);
            double bestValue = Double.NaN;
            double bestRatio = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < settings.candidates(); i++) {
                double x = l.sample(random);
                double ratio = l.logPdf(x) - g.logPdf(x);
                if (Double.isNaN(bestValue) || ratio > bestRatio) {
                    bestValue = x;
                    bestRatio = ratio;
                }
            }
            return bestValue;
        }

        /** As Optuna's {@code RandomSampler}: uniform, in log space for a log range. */
        private double randomValue(Dimension dimension) {
            if (dimension instanceof Dimension.Categorical c) {
                return random.nextInt(c.size());
            }
            var r = (Dimension.Real) dimension;
            double lo = ParzenEstimator.transform(r, r.lo());
            double x = lo + random.nextDouble() * (ParzenEstimator.transform(r, r.hi()) - lo);
            return r.log() ? Math.exp(x) : x;
        }

        private static List<Double> values(List<Observation> side, String name) {
            return side.stream().filter(o -> o.point().containsKey(name)).map(o -> o.point().get(name)).toList();
        }
    }
}
