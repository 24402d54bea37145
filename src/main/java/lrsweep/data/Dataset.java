package lrsweep.data;

import java.io.Serializable;
import java.util.stream.IntStream;

/**
 * Examples as plain arrays, so that one copy can be broadcast to every executor.
 *
 * @param features row-major, {@code size × featureCount}, scaled as {@code data.scaling} says (IDX pixels
 *                 are read into [0, 1])
 * @param labels   class index per example
 * @param classes  number of classes
 */
public record Dataset(float[] features, int[] labels, int featureCount, int classes) implements Serializable {

    public Dataset {
        if (features.length != (long) labels.length * featureCount) {
            throw new IllegalArgumentException(
                    "features hold " + features.length + " values, expected " + labels.length + " × " + featureCount);
        }
    }

    public int size() {
        return labels.length;
    }

    /** The examples at {@code rows}, in that order. */
    public Dataset rows(int[] rows) {
        float[] x = new float[rows.length * featureCount];
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * featureCount, x, i * featureCount, featureCount);
            y[i] = labels[rows[i]];
        }
        return new Dataset(x, y, featureCount, classes);
    }

    /** The first {@code n} examples. */
    public Dataset head(int n) {
        return rows(IntStream.range(0, n).toArray());
    }
}
