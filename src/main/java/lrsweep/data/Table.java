package lrsweep.data;

import java.io.IOException;
import java.util.Locale;
import java.util.stream.DoubleStream;
import lrsweep.model.Task;

/**
 * Rows as a table holds them, before they become a {@link Dataset}: label values as found
 * (any numbers) and features row-major.
 */
public record Table(double[] labels, float[] features, int featureCount) {

    /** Up to this many distinct label values are classes, whatever they look like. */
    static final int MAX_PLAIN_CLASSES = 10;

    /**
     * The examples a sweep trains and validates on: labels mapped to class indices (over both
     * tables, see {@link LabelIndex}) or, with {@code model.task = regression}, kept as targets; the
     * validation set split off when there is no validation table, then the first
     * {@code data.train-examples} / {@code data.validation-examples} of each set, then the scaling.
     *
     * @param validation the validation table, or null to split it off {@code train}
     */
    public static DataSplit examples(Table train, Table validation, DataConfig config) throws IOException {
        Dataset trainSet;
        Dataset validationSet;
        if (config.task() == Task.REGRESSION) {
            trainSet = train.regression();
            validationSet = validation == null ? null : validation.regression();
        } else {
            LabelIndex index = validation == null ? LabelIndex.of(train.labels) : LabelIndex.of(train.labels, validation.labels);
            if (index.classes() < 2) {
                throw new IOException("every label is " + index.values()[0] + " (data.label-column = "
                        + config.labelColumn() + "): a classifier needs at least two classes");
            }
            checkNotContinuous(index, train.labels.length + (validation == null ? 0 : validation.labels.length), config);
            trainSet = train.dataset(index);
            validationSet = validation == null ? null : validation.dataset(index);
        }
        DataSplit split = validationSet == null
                ? Split.split(trainSet, config.validationSplit(), config.splitSeed())
                : new DataSplit(trainSet, validationSet);
        return config.scaling().apply(new DataSplit(
                first(split.train(), config.trainExamples(), "data.train-examples", "training"),
                first(split.validation(), config.validationExamples(), "data.validation-examples", "validation")));
    }

    /**
     * Refuses, under classification, a label that looks continuous (issue 20: a feature named as the
     * label became "4000 classes"): more than {@link #MAX_PLAIN_CLASSES} distinct values, of which
     * one is not a whole number or more than half as many as the rows. Class labels are whole
     * numbers (0..K-1, 1..K, -1/+1) and repeat.
     */
    private static void checkNotContinuous(LabelIndex index, int rows, DataConfig config) throws IOException {
        boolean fractional = DoubleStream.of(index.values()).anyMatch(v -> v != Math.rint(v));
        if (index.classes() > MAX_PLAIN_CLASSES && (fractional || index.classes() * 2L > rows)) {
            throw new IOException(String.format(Locale.ROOT, "the label column '%s' looks continuous: %d distinct values in %d rows%s; "
                    + "set model.task = regression to predict it, or name the class column in data.label-column",
                    config.labelColumn(), index.classes(), rows, fractional ? ", not all whole numbers" : ""));
        }
    }

    private Dataset regression() {
        float[] targets = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            targets[i] = (float) labels[i];
        }
        return Dataset.regression(features, targets, featureCount);
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
