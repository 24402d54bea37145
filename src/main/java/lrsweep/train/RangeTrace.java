package lrsweep.train;

import java.io.Serializable;
import java.util.List;

/**
 * What a range test saw: per minibatch, the rate, the loss and its smoothed value; and the two
 * classic suggestions read off the smoothed curve.
 *
 * @param stoppedEarly the smoothed loss exploded (or turned NaN) before the ramp's end
 */
public record RangeTrace(String id, int seed, List<Point> points, boolean stoppedEarly) implements Serializable {

    public record Point(int step, double learningRate, double loss, double smoothedLoss) implements Serializable {}

    public RangeTrace {
        points = List.copyOf(points);
    }

    /** The rate at the lowest smoothed loss, divided by 10 (the rule from Smith's paper and fastai). */
    public double minLossOver10() {
        return points.get(argmin()).learningRate() / 10;
    }

    /**
     * The rate where the smoothed loss falls fastest against log(rate): the steepest descent. Only
     * the stretch before the minimum counts (after it the loss explodes), minus the first tenth
     * whose noise the smoothing has not settled yet.
     */
    public double steepest() {
        int end = argmin();
        int start = Math.min(points.size() / 10, Math.max(0, end - 1));
        int best = end;
        double steepest = Double.POSITIVE_INFINITY;
        for (int i = start; i <= end; i++) {
            double slope = slope(i);
            if (slope < steepest) {
                steepest = slope;
                best = i;
            }
        }
        return points.get(best).learningRate();
    }

    /** d smoothed / d log10(rate) by central differences, one-sided at the ends (numpy.gradient). */
    private double slope(int i) {
        int lo = Math.max(0, i - 1);
        int hi = Math.min(points.size() - 1, i + 1);
        if (lo == hi) {
            return 0;
        }
        double dx = Math.log10(points.get(hi).learningRate()) - Math.log10(points.get(lo).learningRate());
        return (points.get(hi).smoothedLoss() - points.get(lo).smoothedLoss()) / dx;
    }

    private int argmin() {
        int best = 0;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).smoothedLoss() < points.get(best).smoothedLoss()) {
                best = i;
            }
        }
        return best;
    }
}
