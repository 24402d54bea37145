package lrsweep.train;

import java.util.ArrayList;
import java.util.List;
import lrsweep.data.DataSplit;
import lrsweep.data.Dataset;
import lrsweep.model.ModelConfig;
import lrsweep.model.Networks;
import lrsweep.schedule.Plateau;
import lrsweep.schedule.Unit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Trains one trial and records its history: one training loop, whichever {@link Network} engine
 * ({@code train.engine}) does the arithmetic. Never throws: a NaN/inf loss ends the
 * trial as {@code diverged}, an exception as {@code failed}, so a doomed trial is not retried.
 */
public final class Trainer {

    private Trainer() {}

    public static TrialResult train(Trial trial, DataSplit data) {
        long start = System.nanoTime();
        List<EpochRecord> epochs = new ArrayList<>();
        try {
            TrialStatus status = run(trial, data, epochs);
            return new TrialResult(trial, status, epochs, null, millisSince(start));
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new TrialResult(trial, TrialStatus.FAILED, epochs, message, millisSince(start));
        }
    }

    private static TrialStatus run(Trial trial, DataSplit data, List<EpochRecord> epochs) {
        Dataset train = data.train();
        int batchSize = trial.train().batchSize();
        int batches = (train.size() + batchSize - 1) / batchSize;
        int epochCount = trial.train().epochs();
        var variant = trial.schedule();
        Plateau.Tracker plateau = variant.schedule() instanceof Plateau p ? p.tracker(trial.learningRate()) : null;
        long runLength = variant.unit() == Unit.STEP ? (long) epochCount * batches : epochCount;
        var updater = plateau != null
                ? new Sgd(trial.learningRate())
                : new Sgd(new ScheduleAdapter(variant, trial.learningRate(), runLength));

        Network network = network(trial.train(), trial.model(), trial.seed(), data, updater);
        var order = new ShuffledOrder(train.size(), batchSize, trial.seed());
        double divergedAbove = trial.train().divergenceFactor() * evaluate(network, data.validation())[0];

        for (int epoch = 0; epoch < epochCount; epoch++) {
            long epochStart = System.nanoTime();
            network.startEpoch(epoch);
            double lr = network.learningRate();
            order.shuffle();
            double lossSum = 0;
            int seen = 0;
            boolean diverged = false;
            for (int b = 0; b < batches; b++) {
                double loss = network.fit(order.batch(b));
                lossSum += loss;
                seen++;
                if (!(loss <= divergedAbove)) { // NaN too
                    diverged = true;
                    break;
                }
            }
            double trainLoss = lossSum / seen;
            double[] validation = evaluate(network, data.validation());
            var record = new EpochRecord(epoch, lr, trainLoss, validation[0], validation[1], millisSince(epochStart));
            epochs.add(record);
            if (diverged || !(validation[0] <= divergedAbove)) {
                return TrialStatus.DIVERGED;
            }
            if (plateau != null) {
                network.setLearningRate(plateau.step(record.valLoss()));
            }
        }
        return TrialStatus.OK;
    }

    /**
     * The network a run trains, its rate driven by {@code updater}'s schedule: DL4J's own, or the
     * fast engine. The DL4J network is built either way: its seeded initial weights are the fast
     * engine's too.
     */
    static Network network(TrainConfig train, ModelConfig model, int seed, DataSplit data, Sgd updater) {
        MultiLayerNetwork net = Networks.build(model, data.train().featureCount(), data.train().classes(), seed, updater);
        DataArrays arrays = DataArrays.of(data);
        return usesFastEngine(train, model)
                ? new FastMlp(net, updater, model, data.train(), data.validation(),
                        arrays.validationFeatures().data().asNioFloat(), train.batchSize())
                : new Dl4jNetwork(net, arrays);
    }

    /** {@code train.engine = fast} trains with {@link FastMlp} where it supports the model, else DL4J trains. */
    static boolean usesFastEngine(TrainConfig train, ModelConfig model) {
        return train.engine().equals("fast") && FastMlp.supports(model);
    }

    /** Mean cross-entropy and accuracy on the validation set, from one forward pass. */
    private static double[] evaluate(Network network, Dataset validation) {
        float[] p = network.predictValidation();
        int classes = validation.classes();
        int[] labels = validation.labels();
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int argmax = 0;
            for (int k = 1; k < classes; k++) {
                if (p[i * classes + k] > p[i * classes + argmax]) {
                    argmax = k;
                }
            }
            correct += argmax == labels[i] ? 1 : 0;
            loss -= Math.log(Math.max(p[i * classes + labels[i]], 1e-10)); // clipped as DL4J's MCXENT
        }
        return new double[] {loss / labels.length, (double) correct / labels.length};
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
