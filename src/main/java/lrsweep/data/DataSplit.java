package lrsweep.data;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** The training examples and the held-out validation examples of a sweep. */
public record DataSplit(Dataset train, Dataset validation) implements Serializable {

    /**
     * A digest of the examples themselves, for data that has no files to fingerprint (DataFrames a
     * caller hands over): a resumed sweep keeps a journal entry only if it was trained on the same
     * examples. As long as a file fingerprint.
     */
    public String fingerprint() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (Dataset d : List.of(train, validation)) {
            int[] shape = {d.size(), d.featureCount(), d.classes()};
            update(sha, shape.length, i -> shape[i]);
            update(sha, d.size(), d.regression() ? i -> Float.floatToIntBits(d.targets()[i]) : i -> d.labels()[i]);
            update(sha, d.features().length, i -> Float.floatToIntBits(d.features()[i]));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** Feeds {@code n} ints to the digest a small buffer at a time: the driver holds no second copy of the data. */
    private static void update(MessageDigest sha, int n, IntUnaryOperator value) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < n; i++) {
            if (!buffer.hasRemaining()) {
                sha.update(buffer.flip());
                buffer.clear();
            }
            buffer.putInt(value.applyAsInt(i));
        }
        sha.update(buffer.flip());
    }
}
