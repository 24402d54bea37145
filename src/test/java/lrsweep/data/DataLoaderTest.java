package lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import lrsweep.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {

    private static final float EPS = 1e-6f;

    @TempDir
    Path dir;

    /** An IDX data config with every other data key at its reference.conf default. */
    static DataConfig idx(String dir, int trainExamples, int validationExamples) {
        return ConfigLoader.fromConfig(ConfigFactory.empty()
                .withValue("data.dir", ConfigValueFactory.fromAnyRef(dir))
                .withValue("data.train-examples", ConfigValueFactory.fromAnyRef(trainExamples == 0 ? null : trainExamples))
                .withValue("data.validation-examples", ConfigValueFactory.fromAnyRef(validationExamples == 0 ? null : validationExamples)),
                "test").data();
    }

    /** Writes a raw IDX file of unsigned bytes: images (3 dims) or labels (1 dim), per {@code dims.length}. */
    private void writeIdx(String name, int[] dims, int... data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(dims.length == 3 ? 0x00000803 : 0x00000801);
        Arrays.stream(dims).forEach(b::putInt);
        Arrays.stream(data).forEach(v -> b.put((byte) v));
        Files.write(dir.resolve(name), b.array());
    }

    @Test
    void readsTheBundledSample() throws IOException {
        DataSplit split = DataLoader.load(idx("classpath:fashion-mnist", 0, 0), new org.apache.hadoop.conf.Configuration());
        assertEquals(10_000, split.train().size());
        assertEquals(2_000, split.validation().size());
        assertEquals(784, split.train().featureCount());
        assertEquals(784, split.validation().featureCount());
        assertEquals(10, split.train().classes());
        assertEquals(10, split.validation().classes());
        for (float v : split.train().features()) {
            assertTrue(v >= 0f && v <= 1f, "pixel out of [0, 1]: " + v);
        }
    }

    @Test
    void limitsTakeTheFirstExamples() throws IOException {
        DataSplit all = DataLoader.load(idx("classpath:fashion-mnist", 0, 0), new org.apache.hadoop.conf.Configuration());
        DataSplit some = DataLoader.load(idx("classpath:/fashion-mnist/", 300, 100), new org.apache.hadoop.conf.Configuration());
        assertEquals(300, some.train().size());
        assertEquals(100, some.validation().size());
        assertEquals(10, some.train().classes());
        assertArrayEquals(Arrays.copyOf(all.train().labels(), 300), some.train().labels());
        assertArrayEquals(Arrays.copyOf(all.validation().features(), 100 * 784), some.validation().features(), 0f);
    }

    @Test
    void readsADirectoryOfRawFiles() throws IOException {
        writeIdx("train-images-idx3-ubyte", new int[] {3, 1, 2}, 0, 255, 51, 102, 10, 20);
        writeIdx("train-labels-idx1-ubyte", new int[] {3}, 2, 0, 1);
        writeIdx("t10k-images-idx3-ubyte", new int[] {1, 2, 1}, 255, 0);
        writeIdx("t10k-labels-idx1-ubyte", new int[] {1}, 4);
        DataSplit split = DataLoader.load(idx(dir.toString(), 0, 0), new org.apache.hadoop.conf.Configuration());

        assertEquals(3, split.train().size());
        assertEquals(2, split.train().featureCount());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f, 10 / 255f, 20 / 255f}, split.train().features(), EPS);
        assertArrayEquals(new int[] {2, 0, 1}, split.train().labels());
        assertArrayEquals(new int[] {4}, split.validation().labels());
        assertEquals(5, split.train().classes(), "classes cover the labels of both sets");
        assertEquals(5, split.validation().classes());
    }

    @Test
    void missingFileIsNamedWithTheExpectedNames() throws IOException {
        writeIdx("train-images-idx3-ubyte", new int[] {1, 1, 1}, 7);
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> DataLoader.load(idx(dir.toString(), 0, 0), new org.apache.hadoop.conf.Configuration()));
        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve("train-labels-idx1-ubyte") + "(.gz) not found"), m);
        for (String expected : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            assertTrue(m.contains(expected), expected + " not in: " + m);
        }
    }

    @Test
    void missingBundledFolderIsReported() {
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> DataLoader.load(idx("classpath:no-such-data", 0, 0), new org.apache.hadoop.conf.Configuration()));
        assertTrue(e.getMessage().contains("classpath:no-such-data/train-images-idx3-ubyte(.gz) not found"), e.getMessage());
    }

    @Test
    void labelAndImageCountMismatch() throws IOException {
        writeIdx("train-images-idx3-ubyte", new int[] {3, 1, 1}, 1, 2, 3);
        writeIdx("train-labels-idx1-ubyte", new int[] {2}, 0, 1);
        IOException e = assertThrows(IOException.class, () -> DataLoader.load(idx(dir.toString(), 0, 0), new org.apache.hadoop.conf.Configuration()));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: 2 labels for 3 images in train-images-idx3-ubyte"),
                e.getMessage());
    }

    @Test
    void validationImagesOfAnotherSize() throws IOException {
        writeIdx("train-images-idx3-ubyte", new int[] {1, 1, 2}, 1, 2);
        writeIdx("train-labels-idx1-ubyte", new int[] {1}, 0);
        writeIdx("t10k-images-idx3-ubyte", new int[] {1, 1, 3}, 1, 2, 3);
        writeIdx("t10k-labels-idx1-ubyte", new int[] {1}, 0);
        IOException e = assertThrows(IOException.class, () -> DataLoader.load(idx(dir.toString(), 0, 0), new org.apache.hadoop.conf.Configuration()));
        assertTrue(e.getMessage().contains("validation images have 3 pixels, training images 2"), e.getMessage());
    }
}
