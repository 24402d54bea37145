package lrsweep.output;

import java.util.Arrays;

/**
 * The y range a chart shows: every value on the good side, and on the bad side up to Tukey's
 * fence (third quartile + 1.5 × the interquartile range), so that a collapsed or slow trial does
 * not squeeze the trials that trained well into one bundle; what lies beyond is marked at the edge.
 *
 * @param log whether a log scale reads better: positive values spanning a factor of 3 or more
 */
record Focus(double min, double max, boolean log) {

    /** Null when there are no values. */
    static Focus of(double[] values, boolean lowerIsBetter) {
        if (values.length == 0) {
            return null;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double q1 = quantile(v, 0.25);
        double q3 = quantile(v, 0.75);
        double min = lowerIsBetter ? v[0] : Math.max(v[0], q1 - 1.5 * (q3 - q1));
        double max = lowerIsBetter ? Math.min(v[v.length - 1], q3 + 1.5 * (q3 - q1)) : v[v.length - 1];
        return new Focus(min, max, lowerIsBetter && min > 0 && max / min >= 3);
    }

    /** Linear interpolation between the order statistics (numpy's default). */
    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int i = (int) Math.floor(at);
        return i + 1 < sorted.length ? sorted[i] + (at - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
