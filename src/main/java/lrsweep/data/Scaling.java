package lrsweep.data;

import java.util.Arrays;

/**
 * Per-feature scaling, fitted on the training set only (the validation set stands for data the
 * model has not seen) and applied to both, so validation values may fall outside the target range.
 * A constant feature is only shifted: it becomes 0.
 */
public enum Scaling {
    /** Features as read. */
    NONE,
    /** (x − mean) / standard deviation (the population one, as scikit-learn's StandardScaler). */
    STANDARDIZE,
    /** (x − min) / (max − min): the training set spans [0, 1]. */
    MIN_MAX;

    public DataSplit apply(DataSplit split) {
        if (this == NONE) {
            return split;
        }
        Affine fitted = this == STANDARDIZE ? standardize(split.train()) : minMax(split.train());
        return new DataSplit(fitted.apply(split.train()), fitted.apply(split.validation()));
    }

    /** x ↦ (x − shift) / scale, per feature. */
    private record Affine(double[] shift, double[] scale) {
        Affine {
            for (int j = 0; j < scale.length; j++) {
                if (scale[j] == 0) {
                    scale[j] = 1;
                }
            }
        }

        Dataset apply(Dataset d) {
            float[] x = d.features();
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                int j = i % d.featureCount();
                y[i] = (float) ((x[i] - shift[j]) / scale[j]);
            }
            return d.withFeatures(y);
        }
    }

    private static Affine standardize(Dataset train) {
        int f = train.featureCount();
        float[] x = train.features();
        double[] mean = new double[f];
        for (int i = 0; i < x.length; i++) {
            mean[i % f] += x[i];
        }
        double[] std = new double[f];
        for (int j = 0; j < f; j++) {
            mean[j] /= train.size();
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[i % f];
            std[i % f] += d * d;
        }
        for (int j = 0; j < f; j++) {
            std[j] = Math.sqrt(std[j] / train.size());
        }
        return new Affine(mean, std);
    }

    private static Affine minMax(Dataset train) {
        int f = train.featureCount();
        float[] x = train.features();
        double[] min = new double[f];
        double[] max = new double[f];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            min[i % f] = Math.min(min[i % f], x[i]);
            max[i % f] = Math.max(max[i % f], x[i]);
        }
        double[] range = new double[f];
        for (int j = 0; j < f; j++) {
            range[j] = max[j] - min[j];
        }
        return new Affine(min, range);
    }
}
