package lrsweep.data;

import java.io.IOException;
import lrsweep.model.Task;

/**
 * Where the examples come from and what happens to them before training. Defaults and the meaning
 * of every key are in {@code reference.conf} ({@code data.*}).
 *
 * @param format             how the data is stored
 * @param dir                IDX only: a directory of IDX files, or {@code classpath:<folder>} for bundled data
 * @param trainPath          other formats: the training table (a file, directory or glob Spark reads)
 * @param validationPath     other formats: the validation table, or null to split {@code validationSplit} off
 * @param validationSplit    fraction of the training table held out for validation; 0 with a validation path
 * @param splitSeed          seed of that split
 * @param labelColumn        CSV, Parquet: the label column
 * @param featuresColumn     CSV, Parquet: an MLlib Vector column, or null for "features" if it is one, else all
 *                           other columns
 * @param scaling            fitted on the training set, applied to both sets
 * @param maxCollectMb       the largest feature matrix (train plus validation, as floats) to collect and broadcast
 * @param trainExamples      how many training examples to use from the start; 0 means all
 * @param validationExamples how many validation examples to use from the start; 0 means all
 * @param task               {@code model.task}: whether labels are read as classes or as values to predict
 *                           (the networks' outputs follow the data)
 */
public record DataConfig(
        Format format,
        String dir,
        String trainPath,
        String validationPath,
        double validationSplit,
        int splitSeed,
        String labelColumn,
        String featuresColumn,
        Scaling scaling,
        int maxCollectMb,
        int trainExamples,
        int validationExamples,
        Task task) {

    public static final String CLASSPATH_PREFIX = "classpath:";

    /**
     * What {@code trainPath} and {@code validationPath} hold for DataFrames given to
     * {@code lrsweep.LrSweep}: no file, but a stable value for the trial ids, and a name that says
     * where the data came from in the sweep's {@code config.conf}.
     */
    public static final String TRAINING_FRAME = "dataframe:training";
    public static final String VALIDATION_FRAME = "dataframe:validation";

    /** One feature matrix of floats must fit a Java array: 2^31 floats are 8 GiB. */
    public static final int MAX_COLLECT_MB_LIMIT = 8191;

    public enum Format { IDX, CSV, LIBSVM, PARQUET }

    /**
     * Refuses a data set whose features would exceed {@code maxCollectMb}: it is held on the driver
     * and broadcast to every executor, so too large a one fails late and obscurely (out of memory).
     */
    public void checkSize(long rows, int featureCount) throws IOException {
        long bytes = rows * featureCount * Float.BYTES;
        if (bytes > (long) maxCollectMb << 20) {
            throw new IOException(String.format("%d examples × %d features are %.0f MB of floats, more than "
                    + "data.max-collect-mb = %d; the data is collected on the driver and broadcast to every executor. "
                    + "Raise data.max-collect-mb (with the driver's and executors' memory) or use a smaller table",
                    rows, featureCount, bytes / 1048576.0, maxCollectMb));
        }
    }
}
