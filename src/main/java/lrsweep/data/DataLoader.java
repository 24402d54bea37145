package lrsweep.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import lrsweep.model.Task;
import lrsweep.store.InputFiles;
import org.apache.hadoop.conf.Configuration;

/**
 * Loads the training and validation sets of a sweep from a directory of IDX files on any file
 * system the store reads (the {@code train-*} pair trains, the {@code t10k-*} pair validates), or
 * from bundled resources. No Spark: IDX data is loaded before the Spark session starts, so a bad
 * file stops a run before anything is written. The other formats are {@link SparkTables}'.
 */
public final class DataLoader {

    private DataLoader() {}

    public static DataSplit load(DataConfig config, Configuration conf) throws IOException {
        Dataset train = load(config.dir(), "train", config.trainExamples(), conf);
        Dataset validation = load(config.dir(), "t10k", config.validationExamples(), conf);
        if (validation.featureCount() != train.featureCount()) {
            throw new IOException(config.dir() + ": validation images have " + validation.featureCount()
                    + " pixels, training images " + train.featureCount());
        }
        config.checkSize(train.size() + validation.size(), train.featureCount());
        int classes = Math.max(train.classes(), validation.classes());
        return config.scaling().apply(config.task() == Task.REGRESSION
                ? new DataSplit(asTargets(train), asTargets(validation))
                : new DataSplit(withClasses(train, classes), withClasses(validation, classes)));
    }

    /**
     * A fingerprint of the input files as they are now (see {@link InputFiles#fingerprint}); also
     * checks that each exists.
     *
     * @throws IOException also for DataFrames given to {@code lrsweep.LrSweep}, which have no files
     *                     (a resumed {@code config.conf} of such a sweep, a report of its journal)
     */
    public static String fingerprint(DataConfig config, Configuration conf) throws IOException {
        if (DataConfig.TRAINING_FRAME.equals(config.trainPath())) {
            throw new IOException(DataConfig.TRAINING_FRAME + " names the DataFrames a sweep was given through lrsweep.LrSweep, "
                    + "not files: only LrSweep, given them again, reads them");
        }
        List<String> files = new ArrayList<>();
        if (config.format() == DataConfig.Format.IDX) {
            for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte")) {
                files.add(locate(config.dir(), name, conf));
            }
        } else {
            Stream.of(config.trainPath(), config.validationPath()).filter(p -> p != null).forEach(files::add);
        }
        return InputFiles.fingerprint(files, conf);
    }

    private static Dataset load(String dir, String prefix, int limit, Configuration conf) throws IOException {
        String imagesName = prefix + "-images-idx3-ubyte";
        String labelsName = prefix + "-labels-idx1-ubyte";
        IdxReader.Images images;
        int[] labels;
        try (InputStream in = InputFiles.open(locate(dir, imagesName, conf), conf)) {
            images = IdxReader.readImages(in, where(dir, imagesName), limit);
        }
        // all labels, not just the first `limit`: the files must agree, and the class count must
        // not depend on which classes the first examples happen to cover
        try (InputStream in = InputFiles.open(locate(dir, labelsName, conf), conf)) {
            labels = IdxReader.readLabels(in, where(dir, labelsName), 0);
        }
        if (labels.length != images.inFile()) {
            throw new IOException(where(dir, labelsName) + ": " + labels.length + " labels for "
                    + images.inFile() + " images in " + imagesName);
        }
        int classes = 0;
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        return new Dataset(images.values(), Arrays.copyOf(labels, images.count()), images.pixels(), classes);
    }

    private static Dataset withClasses(Dataset d, int classes) {
        return new Dataset(d.features(), d.labels(), d.featureCount(), classes);
    }

    /** model.task = regression: the labels as the values to predict. */
    private static Dataset asTargets(Dataset d) {
        float[] targets = new float[d.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = d.labels()[i];
        }
        return Dataset.regression(d.features(), targets, d.featureCount());
    }

    /** The file itself or its {@code .gz}, whichever exists. */
    private static String locate(String dir, String name, Configuration conf) throws IOException {
        for (String candidate : new String[] {name, name + ".gz"}) {
            String location = where(dir, candidate);
            if (InputFiles.isFile(location, conf)) {
                return location;
            }
        }
        throw new FileNotFoundException(where(dir, name) + "(.gz) not found; data.dir must hold "
                + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, raw or .gz");
    }

    private static String where(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
