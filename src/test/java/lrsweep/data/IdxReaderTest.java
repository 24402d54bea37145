package lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IdxReaderTest {

    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;
    private static final float EPS = 1e-6f;

    /** Three 2×2 images: pixel values 0..255 chosen so that scaling is visible. */
    private static final int[] PIXELS = {0, 255, 51, 102, 1, 2, 3, 4, 200, 100, 50, 25};

    /** An IDX file: big-endian magic, then the dimension sizes, then one unsigned byte per value. */
    private static byte[] idx(int magic, int[] dims, int... data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        Arrays.stream(dims).forEach(b::putInt);
        Arrays.stream(data).forEach(v -> b.put((byte) v));
        return b.array();
    }

    private static final byte[] THREE_IMAGES = idx(IMAGES, new int[] {3, 2, 2}, PIXELS);
    private static final byte[] FOUR_LABELS = idx(LABELS, new int[] {4}, 9, 0, 3, 255);

    private static ByteArrayInputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    @Test
    void readsAllImagesScaledToUnitRange() throws IOException {
        IdxReader.Images images = IdxReader.readImages(in(THREE_IMAGES), "imgs", 0);
        assertEquals(3, images.count());
        assertEquals(4, images.pixels());
        float[] expected = new float[PIXELS.length];
        for (int i = 0; i < PIXELS.length; i++) {
            expected[i] = PIXELS[i] / 255f;
        }
        assertArrayEquals(expected, images.values(), EPS);
        assertEquals(1.0f, images.values()[1], EPS);
        assertEquals(0.2f, images.values()[2], EPS);
    }

    @Test
    void readsAllLabelsAsUnsignedBytes() throws IOException {
        assertArrayEquals(new int[] {9, 0, 3, 255}, IdxReader.readLabels(in(FOUR_LABELS), "labels", 0));
    }

    @Test
    void limitTakesTheFirstExamples() throws IOException {
        IdxReader.Images images = IdxReader.readImages(in(THREE_IMAGES), "imgs", 2);
        assertEquals(2, images.count());
        assertEquals(8, images.values().length);
        assertEquals(4 / 255f, images.values()[7], EPS);
        assertArrayEquals(new int[] {9}, IdxReader.readLabels(in(FOUR_LABELS), "labels", 1));
    }

    @Test
    void limitEqualToTheCountReadsEverything() throws IOException {
        assertArrayEquals(new int[] {9, 0, 3, 255}, IdxReader.readLabels(in(FOUR_LABELS), "labels", 4));
    }

    @Test
    void gzipIsDetectedFromTheContent() throws IOException {
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(THREE_IMAGES);
        }
        IdxReader.Images raw = IdxReader.readImages(in(THREE_IMAGES), "imgs", 0);
        IdxReader.Images zipped = IdxReader.readImages(in(gz.toByteArray()), "imgs.gz", 0);
        assertEquals(raw.count(), zipped.count());
        assertArrayEquals(raw.values(), zipped.values(), 0f);
    }

    @Test
    void wrongMagicNamesTheFileAndTheMagicInHex() {
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(in(FOUR_LABELS), "dir/train-images", 0));
        assertTrue(e.getMessage().contains("dir/train-images"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 0x00000803"), e.getMessage());
    }

    @Test
    void wrongMagicForLabels() {
        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(in(THREE_IMAGES), "labels-file", 0));
        assertTrue(e.getMessage().contains("labels-file: wrong magic number 0x00000803, expected 0x00000801"), e.getMessage());
    }

    @Test
    void truncatedDataIsReported() {
        byte[] truncated = Arrays.copyOf(THREE_IMAGES, THREE_IMAGES.length - 1);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(in(truncated), "imgs", 0));
        assertTrue(e.getMessage().contains("imgs: truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("12 bytes"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        int[] noise = new java.util.Random(7).ints(10 * 28 * 28, 0, 256).toArray();
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(idx(IMAGES, new int[] {10, 28, 28}, noise));
        }
        byte[] truncated = Arrays.copyOf(gz.toByteArray(), gz.size() - 100);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(in(truncated), "imgs.gz", 0));
        assertTrue(e.getMessage().contains("imgs.gz: truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderNamesTheFile() {
        byte[] truncated = Arrays.copyOf(THREE_IMAGES, 8);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(in(truncated), "imgs", 0));
        assertTrue(String.valueOf(e.getMessage()).contains("imgs"), String.valueOf(e.getMessage()));
    }

    @Test
    void emptyFileIsReported() {
        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(in(new byte[0]), "empty-file", 0));
        assertTrue(e.getMessage().contains("empty-file: empty file"), e.getMessage());
    }

    @Test
    void askingForMoreExamplesThanTheFileHolds() {
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(in(THREE_IMAGES), "imgs", 5));
        assertTrue(e.getMessage().contains("imgs: asked for 5 examples, the file holds 3"), e.getMessage());
    }
}
