package lrsweep.train;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where a member of population-based training stands after some epochs: what continuing it as if it
 * had not stopped needs ({@link Trainer#trainSegment}), as a compact byte[] ({@link #toBytes}) that
 * travels between Spark tasks through the driver. The shuffled order is not stored: it is replayed
 * from the trial's seed, one shuffle per epoch trained (cheap next to an epoch of training), which
 * keeps every existing trial's order as it was.
 *
 * @param epoch         epochs trained: the next segment starts at this one
 * @param trainedBy     the engine and optimizer type that trained the network ({@code fast adam}):
 *                      its state is laid out for them and continues only under them
 * @param network       parameters and optimizer state
 * @param plateauLosses the validation losses a reduce-on-plateau schedule has been fed, replayed to
 *                      restore it; empty for other schedules
 */
public record MemberState(int epoch, String trainedBy, NetworkState network, double[] plateauLosses) {

    /** Bumped when the byte layout changes, so that an old state is refused rather than misread. */
    private static final int FORMAT = 1;

    /** Raw floats and doubles, big-endian: 4 bytes per parameter and per optimizer state value. */
    public byte[] toBytes() {
        byte[] by = trainedBy.getBytes(StandardCharsets.UTF_8);
        var out = ByteBuffer.allocate(7 * Integer.BYTES + by.length
                + Float.BYTES * (network.parameters().length + network.updater().length)
                + Double.BYTES * plateauLosses.length);
        out.putInt(FORMAT).putInt(epoch).putInt(by.length).put(by).putInt(network.iteration());
        for (float[] values : new float[][] {network.parameters(), network.updater()}) {
            out.putInt(values.length);
            out.asFloatBuffer().put(values);
            out.position(out.position() + Float.BYTES * values.length);
        }
        out.putInt(plateauLosses.length).asDoubleBuffer().put(plateauLosses);
        return out.array();
    }

    public static MemberState fromBytes(byte[] bytes) {
        var in = ByteBuffer.wrap(bytes);
        int format = in.getInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("member state of format " + format + ", this version reads " + FORMAT);
        }
        int epoch = in.getInt();
        byte[] by = new byte[in.getInt()];
        in.get(by);
        int iteration = in.getInt();
        float[] parameters = floats(in);
        float[] updater = floats(in);
        double[] plateauLosses = new double[in.getInt()];
        in.asDoubleBuffer().get(plateauLosses);
        return new MemberState(epoch, new String(by, StandardCharsets.UTF_8),
                new NetworkState(parameters, updater, iteration), plateauLosses);
    }

    private static float[] floats(ByteBuffer in) {
        float[] values = new float[in.getInt()];
        in.asFloatBuffer().get(values);
        in.position(in.position() + Float.BYTES * values.length);
        return values;
    }
}
