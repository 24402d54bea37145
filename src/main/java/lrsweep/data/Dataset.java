package lrsweep.data;

import java.io.Serializable;
import java.util.stream.IntStream;

/**
 * Examples as plain arrays, so that one copy can be broadcast to every executor. A classification
 * set holds class indices ({@code labels}), a regression set the values to predict ({@code targets}):
 * exactly one of the two is non-null.
 *
 * @param features row-major, {@code size × featureCount}, scaled as {@code data.scaling} says (IDX pixels
 *                 are read into [0, 1])
 * @param labels   classification: class index per example; regression: null
 * @param targets  regression: the label column's value per example, unscaled; classification: null
 * @param classes  classification: number of classes; regression: 0
 */
public record Dataset(float[] features, int[] labels, float[] targets, int featureCount, int classes) implements Serializable {

    public Dataset {
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("class labels or regression targets, not both or neither");
        }
        int size = labels != null ? labels.length : targets.length;
        if (features.length != (long) size * featureCount) {
            throw new IllegalArgumentException(
                    "features hold " + features.length + " values, expected " + size + " × " + featureCount);
        }
    }

    /** A classification set. */
    public Dataset(float[] features, int[] labels, int featureCount, int classes) {
        this(features, labels, null, featureCount, classes);
    }

    /** A regression set: one value to predict per example. */
    public static Dataset regression(float[] features, float[] targets, int featureCount) {
        return new Dataset(features, null, targets, featureCount, 0);
    }

    public boolean regression() {
        return targets != null;
    }

    /** The network's output units: one per class, or the one predicted value. */
    public int outputs() {
        return regression() ? 1 : classes;
    }

    public int size() {
        return regression() ? targets.length : labels.length;
    }

    /** The same examples (labels or targets) with other features, e.g. scaled ones. */
    public Dataset withFeatures(float[] x) {
        return new Dataset(x, labels, targets, featureCount, classes);
    }

    /** The examples at {@code rows}, in that order. */
    public Dataset rows(int[] rows) {
        float[] x = new float[rows.length * featureCount];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * featureCount, x, i * featureCount, featureCount);
        }
        if (regression()) {
            float[] y = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                y[i] = targets[rows[i]];
            }
            return regression(x, y, featureCount);
        }
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = labels[rows[i]];
        }
        return new Dataset(x, y, featureCount, classes);
    }

    /** The first {@code n} examples. */
    public Dataset head(int n) {
        return rows(IntStream.range(0, n).toArray());
    }
}
