package lrsweep.search;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A one-parameter Parzen estimator: one kernel per observation plus a prior kernel, as Optuna's
 * {@code _ParzenEstimator} builds them ({@code optuna/samplers/_tpe/parzen_estimator.py}) with its
 * defaults ({@code consider_magic_clip}, no {@code consider_endpoints}, {@code default_weights}).
 * A real is modelled in its transformed space (log space for a log range): there, each kernel is a
 * normal truncated to the range. A category has one probability row per kernel.
 */
final class ParzenEstimator {

    private final Dimension dimension;
    /** Normalized mixture weights, the prior's last. */
    private final double[] weights;
    /** For a real: each kernel's mean and sigma, in transformed space; the prior's last. */
    private final double[] mus;
    private final double[] sigmas;
    /** For a category: each kernel's probabilities of the choices. */
    private final double[][] rows;
    private final double lo;
    private final double hi;

    /**
     * @param observations the parameter's observed values (a category by index), oldest first: the
     *                     oldest are weighted down once there are more than 25
     */
    ParzenEstimator(Dimension dimension, List<Double> observations, double priorWeight) {
        this.dimension = dimension;
        int n = observations.size();
        weights = new double[n + 1];
        double[] own = defaultWeights(n);
        System.arraycopy(own, 0, weights, 0, n);
        weights[n] = n == 0 ? 1 : priorWeight;
        double sum = Arrays.stream(weights).sum();
        for (int i = 0; i <= n; i++) {
            weights[i] /= sum;
        }
        if (dimension instanceof Dimension.Real real) {
            lo = transform(real, real.lo());
            hi = transform(real, real.hi());
            mus = new double[n + 1];
            for (int i = 0; i < n; i++) {
                mus[i] = transform(real, observations.get(i));
            }
            sigmas = sigmas(Arrays.copyOf(mus, n), lo, hi);
            mus[n] = 0.5 * (lo + hi);
            rows = null;
        } else {
            int choices = ((Dimension.Categorical) dimension).size();
            rows = new double[n + 1][choices];
            // every kernel spreads the prior's weight over the choices; an observation adds 1 to its own
            for (int k = 0; k <= n; k++) {
                Arrays.fill(rows[k], n == 0 ? 1.0 / choices : priorWeight / (n + 1));
                if (k < n) {
                    rows[k][(int) Math.round(observations.get(k))] += 1;
                }
                double rowSum = Arrays.stream(rows[k]).sum();
                for (int c = 0; c < choices; c++) {
                    rows[k][c] /= rowSum;
                }
            }
            mus = sigmas = null;
            lo = hi = 0;
        }
    }

    /** Optuna's {@code default_weights}: 1 each, but beyond 25 the older ramp up linearly from 1/n. */
    static double[] defaultWeights(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        int ramp = Math.max(n - 25, 0);
        for (int i = 0; i < ramp; i++) {
            // numpy's linspace(1/n, 1, ramp)
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        }
        return w;
    }

    /**
     * Each kernel's bandwidth: the larger gap to its sorted neighbours (the range's ends beside the
     * first and last), the outermost taking their inner gap (no {@code consider_endpoints}), then
     * the magic clip to [range / min(100, 1 + kernels), range]; the prior kernel's is the range.
     */
    static double[] sigmas(double[] observed, double lo, double hi) {
        int n = observed.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(observed[a], observed[b]));
        double[] ends = new double[n + 2];
        ends[0] = lo;
        ends[n + 1] = hi;
        for (int i = 0; i < n; i++) {
            ends[i + 1] = observed[order[i]];
        }
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = Math.max(ends[i + 1] - ends[i], ends[i + 2] - ends[i + 1]);
        }
        if (n >= 2) {
            sorted[0] = ends[2] - ends[1];
            sorted[n - 1] = ends[n] - ends[n - 1];
        }
        double range = hi - lo;
        double min = range / Math.min(100.0, 1.0 + (n + 1));
        double[] sigmas = new double[n + 1];
        for (int i = 0; i < n; i++) {
            sigmas[order[i]] = Math.min(Math.max(sorted[i], min), range);
        }
        sigmas[n] = range;
        return sigmas;
    }

    double sample(Random random) {
        int k = pick(weights, random);
        if (rows != null) {
            return pick(rows[k], random);
        }
        double x;
        do { // a kernel's mean lies in the range and its sigma is at most the range: at least a third lands inside
            x = mus[k] + sigmas[k] * random.nextGaussian();
        } while (x < lo || x > hi);
        Dimension.Real real = (Dimension.Real) dimension;
        return Math.min(Math.max(real.log() ? Math.exp(x) : x, real.lo()), real.hi());
    }

    /**
     * The mixture's log density at {@code value}. For a log range this is the density of log(value):
     * the Jacobian 1/value is the same for l and g, so it leaves their ratio alone.
     */
    double logPdf(double value) {
        double[] terms = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            double density;
            if (rows != null) {
                density = rows[k][(int) Math.round(value)];
            } else {
                double z = (transform((Dimension.Real) dimension, value) - mus[k]) / sigmas[k];
                double mass = phi((hi - mus[k]) / sigmas[k]) - phi((lo - mus[k]) / sigmas[k]);
                density = Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigmas[k] * mass);
            }
            terms[k] = Math.log(weights[k]) + Math.log(density);
        }
        double max = Arrays.stream(terms).max().orElseThrow();
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log(Arrays.stream(terms).map(t -> Math.exp(t - max)).sum());
    }

    double[] weights() {
        return weights.clone();
    }

    double[] sigmas() {
        return sigmas.clone();
    }

    /** Kernel {@code k}'s probabilities of the choices. */
    double[] probabilities(int k) {
        return rows[k].clone();
    }

    static double transform(Dimension.Real real, double x) {
        return real.log() ? Math.log(x) : x;
    }

    private static int pick(double[] probabilities, Random random) {
        double u = random.nextDouble();
        for (int i = 0; i < probabilities.length - 1; i++) {
            u -= probabilities[i];
            if (u < 0) {
                return i;
            }
        }
        return probabilities.length - 1;
    }

    /** The standard normal's CDF, through erf by Abramowitz and Stegun 7.1.26 (error below 1.5e-7). */
    static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
