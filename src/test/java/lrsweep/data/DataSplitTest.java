package lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    /** 7,000 examples of 3 features: more values than one buffer of the digest holds. */
    private static Dataset dataset(long seed) {
        var random = new Random(seed);
        int n = 7_000;
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(4);
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) random.nextGaussian();
            }
        }
        return new Dataset(x, y, 3, 4);
    }

    @Test
    void theFingerprintIsTheDigestOfShapesLabelsAndFeaturesInOrder() throws Exception {
        var split = new DataSplit(dataset(1), dataset(2));
        // the same bytes written another way: big-endian ints and floats, one set after the other
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            for (Dataset d : new Dataset[] {split.train(), split.validation()}) {
                write(out, d);
            }
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())).substring(0, 16);
        assertEquals(expected, split.fingerprint());
    }

    @Test
    void anyChangedValueOrOrderChangesIt() {
        var split = new DataSplit(dataset(1), dataset(2));
        assertEquals(split.fingerprint(), new DataSplit(dataset(1), dataset(2)).fingerprint());
        assertNotEquals(split.fingerprint(), new DataSplit(dataset(2), dataset(1)).fingerprint());
        Dataset changed = dataset(2);
        changed.features()[changed.features().length - 1] += 1e-3f;
        assertNotEquals(split.fingerprint(), new DataSplit(dataset(1), changed).fingerprint());
        Dataset relabelled = dataset(2);
        relabelled.labels()[0] = (relabelled.labels()[0] + 1) % 4;
        assertNotEquals(split.fingerprint(), new DataSplit(dataset(1), relabelled).fingerprint());
    }

    private static void write(DataOutputStream out, Dataset d) throws IOException {
        out.writeInt(d.size());
        out.writeInt(d.featureCount());
        out.writeInt(d.classes());
        for (int label : d.labels()) {
            out.writeInt(label);
        }
        for (float f : d.features()) {
            out.writeFloat(f);
        }
    }
}
