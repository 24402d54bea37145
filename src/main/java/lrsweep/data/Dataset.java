package lrsweep.data;

import java.io.Serializable;

/**
 * Examples as plain arrays, so that one copy can be broadcast to every executor.
 *
 * @param features row-major, {@code size × featureCount}, scaled to [0, 1]
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
}
