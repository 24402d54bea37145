package lrsweep.data;

import java.io.IOException;

/**
 * Rows as a table holds them, before they become a {@link Dataset}: label values as found
 * (any numbers) and features row-major.
 */
public record Table(double[] labels, float[] features, int featureCount) {

    /**
     * The examples a sweep trains and validates on: labels mapped to class indices (over both
     * tables, see {@link LabelIndex}), the validation set split off when there is no validation
     * table, then the first {@code data.train-examples} / {@code data.validation-examples} of each
     * set, then the scaling.
     *
     * @param validation the validation table, or null to split it off {@code train}
     */
    public static DataSplit examples(Table train, Table validation, DataConfig config) throws IOException {
        LabelIndex index = validation == null ? LabelIndex.of(train.labels) : LabelIndex.of(train.labels, validation.labels);
        if (index.classes() < 2) {
            throw new IOException("every label is " + index.values()[0] + " (data.label-column = "
                    + config.labelColumn() + "): a classifier needs at least two classes");
        }
        Dataset trainSet = train.dataset(index);
        DataSplit split = validation == null
                ? Split.split(trainSet, config.validationSplit(), config.splitSeed())
                : new DataSplit(trainSet, validation.dataset(index));
        return config.scaling().apply(new DataSplit(
                first(split.train(), config.trainExamples(), "data.train-examples", "training"),
                first(split.validation(), config.validationExamples(), "data.validation-examples", "validation")));
    }

    private Dataset dataset(LabelIndex index) {
        return new Dataset(features, index.indices(labels), featureCount, index.classes());
    }

    private static Dataset first(Dataset d, int n, String key, String set) throws IOException {
        if (n > d.size()) {
            throw new IOException(key + " = " + n + ", but the " + set + " set has only " + d.size() + " examples");
        }
        return n == 0 ? d : d.head(n);
    }
}
