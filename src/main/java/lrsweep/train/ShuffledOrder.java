package lrsweep.train;

import java.util.Arrays;
import java.util.Random;

/** The order a run visits its training examples in, minibatch by minibatch, reshuffled each epoch. */
final class ShuffledOrder {

    private final int[] order;
    private final int batchSize;
    private final Random random;

    ShuffledOrder(int size, int batchSize, long seed) {
        this.order = new int[size];
        Arrays.setAll(order, i -> i);
        this.batchSize = batchSize;
        this.random = new Random(seed);
    }

    int batches() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** Fisher-Yates, from the run's own generator, so every run with the same seed shuffles alike. */
    void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** The rows of minibatch {@code b}. */
    int[] batch(int b) {
        return Arrays.copyOfRange(order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
    }
}
