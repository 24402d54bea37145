package lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import lrsweep.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** What happens to examples after reading, for every format: label index, split, limits, scaling, size limit. No Spark. */
class PreparationTest {

    private static final float EPS = 1e-5f;

    private static DataConfig csv(String keys) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("data { format = csv, train-path = t.csv\n" + keys + "\n}"),
                "test").data();
    }

    /** {@code n} examples whose one feature is their row number, so a split shows which rows went where. */
    private static Dataset numbered(int n) {
        return new Dataset(rowsAsFeatures(n), new int[n], 1, 1);
    }

    private static float[] rowsAsFeatures(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static int[] rowsOf(Dataset d) {
        return IntStream.range(0, d.size()).map(i -> (int) d.features()[i]).toArray();
    }

    // ---- labels ----------------------------------------------------------------------------

    @Test
    void labelValuesBecomeIndicesInAscendingOrderOverBothSets() {
        LabelIndex index = LabelIndex.of(new double[] {2, 1, 2}, new double[] {3, 1});
        assertEquals(3, index.classes());
        assertArrayEquals(new int[] {1, 0, 1}, index.indices(new double[] {2, 1, 2}));
        assertArrayEquals(new int[] {2, 0}, index.indices(new double[] {3, 1}));
    }

    @Test
    void minusOnePlusOneAndSignedZeroLabels() {
        assertArrayEquals(new int[] {1, 0, 1}, LabelIndex.of(new double[] {1, -1, 1}).indices(new double[] {1, -1, 1}));
        LabelIndex zeros = LabelIndex.of(new double[] {0.0, -0.0, 4});
        assertEquals(2, zeros.classes());
        assertArrayEquals(new int[] {0, 0, 1}, zeros.indices(new double[] {-0.0, 0.0, 4}));
    }

    @Test
    void oneBasedLabelsOfSeparateTablesAgree() throws IOException {
        var train = new Table(new double[] {1, 2, 3}, new float[] {0, 1, 2}, 1);
        var validation = new Table(new double[] {3, 3}, new float[] {5, 6}, 1);
        DataSplit split = Table.examples(train, validation, csv("validation-path = v.csv"));
        assertArrayEquals(new int[] {0, 1, 2}, split.train().labels());
        assertArrayEquals(new int[] {2, 2}, split.validation().labels());
        assertEquals(3, split.validation().classes());
    }

    @Test
    void aSingleClassIsRefused() {
        var train = new Table(new double[] {5, 5, 5, 5}, new float[4], 1);
        IOException e = assertThrows(IOException.class, () -> Table.examples(train, null, csv("validation-split = 0.5")));
        assertTrue(e.getMessage().contains("every label is 5.0 (data.label-column = label)"), e.getMessage());
    }

    @Test
    void aContinuousLabelIsRefusedUnderClassification() {
        double[] fractional = IntStream.range(0, 40).mapToDouble(i -> i % 12 + 0.5).toArray();
        IOException e = assertThrows(IOException.class,
                () -> Table.examples(new Table(fractional, new float[40], 1), null, csv("validation-split = 0.5")));
        assertEquals("the label column 'label' looks continuous: 12 distinct values in 40 rows, not all whole numbers; "
                + "set model.task = regression to predict it, or name the class column in data.label-column", e.getMessage());
        // whole numbers, but nearly one per row
        double[] ids = IntStream.range(0, 40).mapToDouble(i -> Math.min(i, 30)).toArray();
        assertThrows(IOException.class, () -> Table.examples(new Table(ids, new float[40], 1), null, csv("validation-split = 0.5")));
    }

    @Test
    void classesThatRepeatAreKept() throws IOException {
        // 12 whole-number classes, each on 3 rows; and few fractional values (grades) are classes too
        double[] twelve = IntStream.range(0, 36).mapToDouble(i -> i % 12).toArray();
        assertEquals(12, Table.examples(new Table(twelve, new float[36], 1), null, csv("validation-split = 0.5")).train().classes());
        double[] grades = IntStream.range(0, 36).mapToDouble(i -> i % 3 * 0.5).toArray();
        assertEquals(3, Table.examples(new Table(grades, new float[36], 1), null, csv("validation-split = 0.5")).train().classes());
    }

    @Test
    void aRegressionKeepsTheLabelsAsTargets() throws IOException {
        DataConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString(
                "model.task = regression\ndata { format = csv, train-path = t.csv, validation-path = v.csv }"), "test").data();
        var train = new Table(new double[] {0.25, -3.5, 1e3}, new float[] {0, 1, 2}, 1);
        var validation = new Table(new double[] {7.125}, new float[] {5}, 1);
        DataSplit split = Table.examples(train, validation, config);
        assertArrayEquals(new float[] {0.25f, -3.5f, 1000f}, split.train().targets());
        assertArrayEquals(new float[] {7.125f}, split.validation().targets());
        assertEquals(1, split.train().outputs());
        assertNull(split.train().labels());
    }

    // ---- split -----------------------------------------------------------------------------

    @Test
    void splitHoldsOutTheRoundedFractionDisjointlyInTableOrder() throws IOException {
        DataSplit split = Split.split(numbered(10), 0.25, 1);
        int[] train = rowsOf(split.train());
        int[] validation = rowsOf(split.validation());
        assertEquals(3, validation.length, "round(0.25 × 10)");
        assertEquals(7, train.length);
        int[] all = IntStream.concat(IntStream.of(train), IntStream.of(validation)).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 10).toArray(), all, "disjoint and complete");
        assertArrayEquals(IntStream.of(train).sorted().toArray(), train, "training rows keep the table's order");
        assertArrayEquals(IntStream.of(validation).sorted().toArray(), validation);
    }

    @Test
    void splitIsReproducibleAndDependsOnTheSeed() throws IOException {
        int[] first = rowsOf(Split.split(numbered(100), 0.2, 7).validation());
        assertArrayEquals(first, rowsOf(Split.split(numbered(100), 0.2, 7).validation()));
        assertNotEquals(Arrays.toString(first), Arrays.toString(rowsOf(Split.split(numbered(100), 0.2, 8).validation())));
        assertNotEquals(Arrays.toString(IntStream.range(0, 20).toArray()), Arrays.toString(first), "random, not the first rows");
    }

    @Test
    void splitThatLeavesASideEmptyIsRefused() {
        IOException e = assertThrows(IOException.class, () -> Split.split(numbered(10), 0.01, 1));
        assertTrue(e.getMessage().contains("data.validation-split = 0.01 of 10 examples leaves 10 to train and 0 to validate"),
                e.getMessage());
    }

    @Test
    void limitsTakeTheFirstRowsOfEachSetAfterTheSplit() throws IOException {
        var table = new Table(IntStream.range(0, 20).mapToDouble(i -> i % 2).toArray(), rowsAsFeatures(20), 1);
        DataSplit whole = Table.examples(table, null, csv("validation-split = 0.5, split-seed = 3"));
        DataSplit some = Table.examples(table, null, csv("validation-split = 0.5, split-seed = 3, train-examples = 4, validation-examples = 2"));
        assertArrayEquals(Arrays.copyOf(rowsOf(whole.train()), 4), rowsOf(some.train()));
        assertArrayEquals(Arrays.copyOf(rowsOf(whole.validation()), 2), rowsOf(some.validation()));
        IOException e = assertThrows(IOException.class,
                () -> Table.examples(table, null, csv("validation-split = 0.5, train-examples = 11")));
        assertTrue(e.getMessage().contains("data.train-examples = 11, but the training set has only 10 examples"), e.getMessage());
    }

    // ---- scaling ---------------------------------------------------------------------------

    /** Two features; the second is constant in the training set. */
    private static DataSplit twoFeatures() {
        return new DataSplit(new Dataset(new float[] {1, 5, 2, 5, 3, 5}, new int[3], 2, 1),
                new Dataset(new float[] {4, 6}, new int[1], 2, 1));
    }

    @Test
    void standardizeUsesTheTrainingSetsMeanAndPopulationStd() {
        DataSplit s = Scaling.STANDARDIZE.apply(twoFeatures());
        double std = Math.sqrt(2.0 / 3);   // of 1, 2, 3
        assertArrayEquals(new float[] {(float) (-1 / std), 0, 0, 0, (float) (1 / std), 0}, s.train().features(), EPS);
        assertArrayEquals(new float[] {(float) (2 / std), 1}, s.validation().features(), EPS,
                "validation scaled with the training statistics; a constant feature is only shifted");
    }

    @Test
    void minMaxMapsTheTrainingRangeToZeroOne() {
        DataSplit s = Scaling.MIN_MAX.apply(twoFeatures());
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 1, 0}, s.train().features(), EPS);
        assertArrayEquals(new float[] {1.5f, 1}, s.validation().features(), EPS);
    }

    @Test
    void noneKeepsTheValues() {
        DataSplit s = Scaling.NONE.apply(twoFeatures());
        assertArrayEquals(twoFeatures().train().features(), s.train().features(), 0f);
    }

    // ---- size limit ------------------------------------------------------------------------

    @Test
    void sizeLimitCountsFourBytesPerFeature() throws IOException {
        DataConfig oneMb = csv("validation-split = 0.5, max-collect-mb = 1");
        oneMb.checkSize(512, 512);   // exactly 1 MiB
        IOException e = assertThrows(IOException.class, () -> oneMb.checkSize(513, 512));
        assertTrue(e.getMessage().contains("513 examples × 512 features are 1 MB of floats, more than data.max-collect-mb = 1"),
                e.getMessage());
    }
}
