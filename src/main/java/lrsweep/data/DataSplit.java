package lrsweep.data;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The training examples and the held-out validation examples of a sweep. */
public record DataSplit(Dataset train, Dataset validation) implements Serializable {

    /**
     * A digest of the examples themselves, for data that has no files to fingerprint (DataFrames a
     * caller hands over): a resumed sweep keeps a journal entry only if it was trained on the same
     * examples. The same length as a file fingerprint.
     */
    public String fingerprint() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (Dataset d : List.of(train, validation)) {
            var bytes = ByteBuffer.allocate(2 * Integer.BYTES + d.labels().length * Integer.BYTES + d.features().length * Float.BYTES);
            bytes.putInt(d.featureCount()).putInt(d.classes());
            bytes.asIntBuffer().put(d.labels());
            bytes.position(bytes.position() + d.labels().length * Integer.BYTES);
            bytes.asFloatBuffer().put(d.features());
            sha.update(bytes.rewind());
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
}
