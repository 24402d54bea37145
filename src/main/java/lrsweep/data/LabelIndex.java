package lrsweep.data;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * Class indices for label values as a table holds them: the distinct values in ascending order
 * become 0, 1, …, K−1, so 0..K−1, LibSVM's 1..K, −1/+1 or any other numbers all work, and the
 * training and validation sets agree on the classes when the index is built from both.
 *
 * @param values the distinct label values, ascending; class i is {@code values[i]}
 */
public record LabelIndex(double[] values) {

    public static LabelIndex of(double[]... labelSets) {
        // + 0.0 turns −0.0 into 0.0, which distinct() would otherwise keep apart
        return new LabelIndex(Stream.of(labelSets).flatMapToDouble(DoubleStream::of).map(v -> v + 0.0)
                .distinct().sorted().toArray());
    }

    public int classes() {
        return values.length;
    }

    public int[] indices(double[] labels) {
        int[] indices = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            indices[i] = Arrays.binarySearch(values, labels[i] + 0.0);
            if (indices[i] < 0) {
                throw new IllegalArgumentException("label " + labels[i] + " is not one of " + Arrays.toString(values));
            }
        }
        return indices;
    }
}
