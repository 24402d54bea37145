package lrsweep.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import lrsweep.data.DataSplit;
import lrsweep.model.ModelConfig;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The learning-rate range test: trains the configured model once while the rate grows
 * exponentially each minibatch, recording the loss, until the ramp ends or the smoothed loss
 * explodes.
 */
public final class RangeTest {

    /** One range test to run: its id, seed and settings. */
    public record Spec(String id, int seed, FinderConfig finder, TrainConfig train, ModelConfig model) implements Serializable {}

    private RangeTest() {}

    public static RangeTrace run(Spec spec, DataSplit data) {
        FinderConfig f = spec.finder();
        var order = new ShuffledOrder(data.train().size(), spec.train().batchSize(), spec.seed());
        int steps = f.steps() == 0 ? order.batches() : f.steps();
        Network net = Trainer.network(spec.train(), spec.model(), spec.seed(), data, new Ramp(f.startLr(), f.endLr(), steps));
        List<RangeTrace.Point> points = new ArrayList<>();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int step = 0; step < steps; step++) {
            if (step % order.batches() == 0) {
                net.startEpoch(step / order.batches());
                order.shuffle();
            }
            double lr = net.learningRate();
            double loss = net.fit(order.batch(step % order.batches()));
            average = f.smoothing() * average + (1 - f.smoothing()) * loss;
            double smoothed = average / (1 - Math.pow(f.smoothing(), step + 1));
            points.add(new RangeTrace.Point(step, lr, loss, smoothed));
            if (step > 0 && !(smoothed <= f.stopFactor() * best)) {
                return new RangeTrace(spec.id(), spec.seed(), points, true);
            }
            best = Math.min(best, smoothed);
        }
        return new RangeTrace(spec.id(), spec.seed(), points, false);
    }

    /** start · (end/start)^(t / (steps − 1)), per minibatch. */
    private record Ramp(double start, double end, int steps) implements ISchedule {
        @Override
        public double valueAt(int iteration, int epoch) {
            return start * Math.pow(end / start, (double) iteration / Math.max(1, steps - 1));
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }
}
