package lrsweep.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lrsweep.data.DataSplit;
import lrsweep.data.Dataset;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A sweep's data as ND4J arrays, and what its trials share, built once per JVM rather than once per
 * trial: every trial on an executor receives the same broadcast {@link DataSplit} instance, so that
 * instance is the key. Trials only read these arrays, so concurrent trials share them.
 *
 * @param features           training examples × features
 * @param labels             what DL4J fits the training examples to: examples × classes, one-hot; or
 *                           examples × 1, the regression targets
 * @param validationFeatures validation examples × features
 * @param untrainedLosses    the untrained network's validation loss by (seed, model, engine), filled
 *                           by the first trial of each
 */
record DataArrays(INDArray features, INDArray labels, INDArray validationFeatures, Map<List<Object>, Double> untrainedLosses) {

    /** One entry: an executor serves one sweep at a time, and a new split replaces the old. */
    private static DataSplit cachedSplit;
    private static DataArrays cached;

    static synchronized DataArrays of(DataSplit split) {
        if (split != cachedSplit) {
            cached = new DataArrays(features(split.train()), labels(split.train()), features(split.validation()),
                    new ConcurrentHashMap<>());
            cachedSplit = split;
        }
        return cached;
    }

    private static INDArray features(Dataset d) {
        return array(d.features(), d.size(), d.featureCount());
    }

    private static INDArray labels(Dataset d) {
        if (d.regression()) {
            return array(d.targets(), d.size(), 1);
        }
        float[] values = new float[d.size() * d.classes()];
        for (int i = 0; i < d.size(); i++) {
            values[i * d.classes() + d.labels()[i]] = 1f;
        }
        return array(values, d.size(), d.classes());
    }

    /**
     * {@code values} as a rows × columns array, copied in one native call: ND4J's {@code create}
     * copies element by element, which before the JIT compiles it holds up the first trials
     * (measured for Fashion-MNIST's 10,000 + 2,000 images: ~50 ms, against ~20 ms).
     */
    private static INDArray array(float[] values, long rows, long columns) {
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, columns}, 'c');
        new FloatPointer(array.data().addressPointer()).put(values);
        return array;
    }
}
