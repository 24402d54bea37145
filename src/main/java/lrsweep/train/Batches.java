package lrsweep.train;

import java.util.Arrays;
import java.util.Random;
import lrsweep.data.Dataset;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Minibatches of a data set as DL4J wants them, reshuffled each epoch by the trial's own generator. */
final class Batches {

    private final INDArray x;
    private final INDArray y;
    private final int size;
    private final int batchSize;
    private final int[] order;
    private final Random random;

    Batches(Dataset data, int batchSize, long seed) {
        this.x = features(data);
        this.y = oneHot(data);
        this.size = data.size();
        this.batchSize = batchSize;
        this.order = new int[size];
        Arrays.setAll(order, i -> i);
        this.random = new Random(seed);
    }

    int count() {
        return (size + batchSize - 1) / batchSize;
    }

    /** Fisher-Yates, so every run with the same seed sees the same order. */
    void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    DataSet get(int batch) {
        int[] rows = Arrays.copyOfRange(order, batch * batchSize, Math.min(size, (batch + 1) * batchSize));
        return new DataSet(x.getRows(rows), y.getRows(rows));
    }

    static INDArray features(Dataset d) {
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
