package lrsweep.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-format IDX files (unsigned bytes): magic {@code 0x00000801} for labels,
 * {@code 0x00000803} for images, big-endian dimension sizes, then the data. Gzip is detected
 * from the stream's first bytes, not the file name.
 */
public final class IdxReader {

    private static final int UBYTE_VECTOR = 0x0801;
    private static final int UBYTE_IMAGES = 0x0803;

    private IdxReader() {}

    /** The first {@code limit} labels (0 = all). */
    public static int[] readLabels(InputStream raw, String name, int limit) throws IOException {
        try (DataInputStream in = open(raw)) {
            int count = header(in, name, UBYTE_VECTOR)[0];
            int n = take(count, limit, name);
            byte[] bytes = readFully(in, n, name);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    /** The first {@code limit} images (0 = all), one row of pixels each, scaled to [0, 1]. */
    public static Images readImages(InputStream raw, String name, int limit) throws IOException {
        try (DataInputStream in = open(raw)) {
            int[] dims = header(in, name, UBYTE_IMAGES);
            int n = take(dims[0], limit, name);
            int pixels = dims[1] * dims[2];
            byte[] bytes = readFully(in, n * pixels, name);
            float[] values = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                values[i] = (bytes[i] & 0xFF) / 255f;
            }
            return new Images(values, n, pixels, dims[0]);
        }
    }

    /** Pixels of {@code count} images of {@code pixels} values each, row-major; the file holds {@code inFile}. */
    public record Images(float[] values, int count, int pixels, int inFile) {}

    private static DataInputStream open(InputStream raw) throws IOException {
        var in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int first = in.read();
        boolean gzip = first == 0x1f && in.read() == 0x8b;
        in.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in);
    }

    private static int[] header(DataInputStream in, String name, int expectedMagic) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(name + ": empty file, not an IDX file");
        }
        try {
            return dimensions(in, name, magic, expectedMagic);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated inside the IDX header");
        }
    }

    private static int[] dimensions(DataInputStream in, String name, int magic, int expectedMagic) throws IOException {
        if (magic != expectedMagic) {
            throw new IOException(String.format("%s: wrong magic number 0x%08x, expected 0x%08x (%s)",
                    name, magic, expectedMagic, expectedMagic == UBYTE_IMAGES ? "IDX images" : "IDX labels"));
        }
        int[] dims = new int[magic & 0xFF];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new IOException(name + ": negative dimension " + dims[i] + " in header");
            }
        }
        return dims;
    }

    private static int take(int count, int limit, String name) throws IOException {
        if (limit > count) {
            throw new IOException(name + ": asked for " + limit + " examples, the file holds " + count);
        }
        return limit == 0 ? count : limit;
    }

    private static byte[] readFully(DataInputStream in, int length, String name) throws IOException {
        byte[] bytes = new byte[length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated, expected " + length + " bytes of data after the header");
        }
        return bytes;
    }
}
