package lrsweep.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lrsweep.data.DataSplit;
import lrsweep.data.Dataset;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A sweep's data as ND4J arrays, and what its trials share, built once per JVM rather than once per
 * trial: every trial on an executor receives the same broadcast {@link DataSplit} instance, so that
 * instance is the key. Trials only read these arrays, so concurrent trials share them.
 *
 * @param features           training examples × features
 * @param oneHot             training examples × classes
 * @param validationFeatures validation examples × features
 * @param untrainedLosses    the untrained network's validation loss by (seed, model, engine), filled
 *                           by the first trial of each
 */
record DataArrays(INDArray features, INDArray oneHot, INDArray validationFeatures, Map<List<Object>, Double> untrainedLosses) {

    /** One entry: an executor serves one sweep at a time, and a new split replaces the old. */
    private static DataSplit cachedSplit;
    private static DataArrays cached;

    static synchronized DataArrays of(DataSplit split) {
        if (split != cachedSplit) {
            cached = new DataArrays(features(split.train()), oneHot(split.train()), features(split.validation()),
                    new ConcurrentHashMap<>());
            cachedSplit = split;
        }
        return cached;
    }

    private static INDArray features(Dataset d) {
        return Nd4j.create(d.features(), new long[] {d.size(), d.featureCount()}, 'c');
    }

    private static INDArray oneHot(Dataset d) {
        float[] values = new float[d.size() * d.classes()];
        for (int i = 0; i < d.size(); i++) {
            values[i * d.classes() + d.labels()[i]] = 1f;
        }
        return Nd4j.create(values, new long[] {d.size(), d.classes()}, 'c');
    }
}
