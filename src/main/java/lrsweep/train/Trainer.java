package lrsweep.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lrsweep.data.DataSplit;
import lrsweep.data.Dataset;
import lrsweep.model.ModelConfig;
import lrsweep.model.Networks;
import lrsweep.model.Task;
import lrsweep.schedule.Plateau;
import lrsweep.schedule.Unit;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Trains one trial and records its history, whole or a segment at a time (population-based
 * training): one training loop, whichever {@link Network} engine ({@code train.engine}) does the
 * arithmetic. Early stopping and halving's rungs judge by
 * {@code sweep.objective}. Never throws: a NaN/inf minibatch loss, or an
 * epoch's mean training loss so far (by example) or validation loss above
 * {@code train.divergence-factor} × the untrained validation loss, ends the trial as
 * {@code diverged}, an exception as {@code failed}, so a doomed trial is not retried.
 */
public final class Trainer {

    private Trainer() {}

    public static TrialResult train(Trial trial, DataSplit data) {
        return train(trial, data, RungGate.NONE);
    }

    /** Trains a trial of a successive-halving search: {@code gate} decides at each rung whether it goes on. */
    public static TrialResult train(Trial trial, DataSplit data, RungGate gate) {
        long start = System.nanoTime();
        List<EpochRecord> epochs = new ArrayList<>();
        int[] rung = {-1};
        try {
            var run = new Run(trial, data, null);
            Ending ending = run(run, trial.train().epochs(), trial.train().patience(), gate, epochs, rung);
            TrialStatus status = ending == Ending.DIVERGED ? TrialStatus.DIVERGED : TrialStatus.OK;
            return new TrialResult(trial, status, epochs, null, millisSince(start), rung[0], ending == Ending.PRUNED);
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new TrialResult(trial, TrialStatus.FAILED, epochs, message, millisSince(start), rung[0], false);
        }
    }

    /**
     * Epochs of one trial trained as a segment of its run, and the state after them.
     *
     * @param diverged the last epoch diverged (as {@link #train} judges it), and the segment stopped there
     */
    public record Segment(List<EpochRecord> epochs, boolean diverged, MemberState end) {
        public Segment {
            epochs = List.copyOf(epochs);
        }
    }

    /**
     * Trains {@code trial} from {@code start} (null: from scratch, initialised from its seed) up to
     * epoch {@code to} (exclusive), for population-based training: each epoch as an uninterrupted
     * {@link #train} would train it, at the rate its schedule gives at that epoch of
     * {@code train.epochs}, so that segments in a row record what one run does, bit for bit.
     * {@code start} may come from another trial (PBT's exploit: the donor's state whole, at its epoch):
     * this trial's own rate then drives that network and optimizer state on. A segment neither stops
     * early nor reports rungs: a population's members train every epoch. Throws where {@link #train}
     * would record a failure.
     */
    public static Segment trainSegment(Trial trial, DataSplit data, MemberState start, int to) {
        return new Segments(trial, data, start).next(to);
    }

    /**
     * A member's run kept in memory from one segment to the next, for a task that trains all of a
     * member's segments (pbt with a task per member): {@link #next} trains on the network it holds,
     * as {@link #trainSegment} from its last state would, without building the network again. After a
     * segment that diverged or threw, build a new one from a state instead.
     */
    public static final class Segments {
        private final Run run;

        /** A run of {@code trial} from {@code start}, as {@link #trainSegment}'s. */
        public Segments(Trial trial, DataSplit data, MemberState start) {
            run = new Run(trial, data, start);
        }

        /** The next segment: from where the last ended (or the start) up to epoch {@code to} (exclusive). */
        public Segment next(int to) {
            if (run.next > to || to > run.trial.train().epochs()) {
                throw new IllegalArgumentException("a segment of epochs [" + run.next + ", " + to + ") of a run of "
                        + run.trial.train().epochs());
            }
            List<EpochRecord> epochs = new ArrayList<>();
            Ending ending = run(run, to, 0, RungGate.NONE, epochs, new int[] {-1});
            return new Segment(epochs, ending == Ending.DIVERGED, run.state());
        }
    }

    /** A network as trained up to some epoch, and the history of those epochs. */
    public record Checkpoint(Model network, List<EpochRecord> history) {
        /**
         * The network in DL4J's {@code ModelSerializer} format. Its updater's rate is our
         * schedule, which DL4J's JSON config cannot hold: the saved config carries the fixed
         * {@code learningRate} instead, and no updater state.
         */
        public byte[] save(double learningRate) throws IOException {
            if (network instanceof ComputationGraph graph) {
                graph.setLearningRate(learningRate);
            } else {
                ((MultiLayerNetwork) network).setLearningRate(learningRate);
            }
            var bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, bytes, false);
            return bytes.toByteArray();
        }
    }

    /**
     * Trains {@code trial} again, here, through epoch {@code last}: the same seed, order, schedule
     * and engine as {@link #train}, so the same history (to float rounding) and the network as it
     * was after that epoch. Throws where {@link #train} would record a failure.
     */
    public static Checkpoint retrain(Trial trial, DataSplit data, int last) {
        var run = new Run(trial, data, null);
        List<EpochRecord> history = new ArrayList<>();
        run(run, last + 1, 0, RungGate.NONE, history, new int[] {-1});
        return new Checkpoint(run.network.dl4j(), history);
    }

    /** How training ended short of an exception; a pruned trial is ok, its history just shorter. */
    private enum Ending { OK, DIVERGED, PRUNED }

    /**
     * Trains {@code run}'s next epochs up to {@code to} (exclusive) into {@code epochs}, the one loop of
     * every way to train: it ends at a divergence, with {@code patience} > 0 when the objective has
     * not improved for that many epochs, or when {@code gate} prunes; {@code rung[0]} is set to each
     * rung reported at.
     */
    private static Ending run(Run run, int to, int patience, RungGate gate, List<EpochRecord> epochs, int[] rung) {
        Trial trial = run.trial;
        Objective objective = trial.train().objective();
        int[] rungs = gate.rungs(trial.train().epochs());
        int best = 0;
        while (run.next < to) {
            EpochRecord record = run.epoch();
            epochs.add(record);
            if (run.diverged) {
                return Ending.DIVERGED;
            }
            if (objective.cost(record) < objective.cost(epochs.get(best))) {
                best = epochs.size() - 1;
            }
            if (patience > 0 && epochs.size() - 1 - best >= patience) {
                return Ending.OK; // stopped early: epochs_run < epochs tells
            }
            if (rung[0] + 1 < rungs.length && record.epoch() + 1 == rungs[rung[0] + 1]) {
                // counted once decided: a report that fails leaves the trial at its last decided rung
                boolean goOn = gate.promote(trial.id(), rung[0] + 1, objective.value(epochs.get(best)));
                rung[0]++;
                // the network and optimizer stay in this task: going on resumes them
                if (!goOn) {
                    return Ending.PRUNED;
                }
            }
        }
        return Ending.OK;
    }

    /**
     * One trial in training, an epoch at a time: its network, shuffled order, schedule and divergence
     * bound, from scratch or from a saved state.
     */
    private static final class Run {
        private final Trial trial;
        private final Network network;
        private final DataSplit data;
        private final ShuffledOrder order;
        private final int batches;
        private final Plateau.Tracker plateau;
        /** What the plateau tracker has been fed, to restore it in a later segment. */
        private final List<Double> plateauLosses = new ArrayList<>();
        private final double divergedAbove;
        /** The engine and optimizer type, whose layout a saved network state has. */
        private final String trainedBy;
        /** The epoch {@link #epoch()} trains. */
        private int next;
        private boolean diverged;

        /** {@code start}: a state to continue from (see {@link #trainSegment}); null: the trial's initial network. */
        Run(Trial trial, DataSplit data, MemberState start) {
            this.trial = trial;
            this.data = data;
            int batchSize = trial.train().batchSize();
            order = new ShuffledOrder(data.train().size(), batchSize, trial.seed());
            batches = order.batches();
            var variant = trial.schedule();
            plateau = variant.schedule() instanceof Plateau p ? p.tracker(trial.learningRate()) : null;
            long runLength = variant.unit() == Unit.STEP ? (long) trial.train().epochs() * batches : trial.train().epochs();
            ISchedule rate = plateau != null
                    ? new FixedSchedule(trial.learningRate())
                    : new ScheduleAdapter(variant, trial.learningRate(), runLength);
            network = network(trial.train(), trial.model(), trial.seed(), data, rate);
            divergedAbove = trial.train().divergenceFactor() * untrainedLoss(trial, data, network);
            trainedBy = (usesFastEngine(trial.train(), trial.model()) ? "fast " : "dl4j ")
                    + trial.train().optimizer().type().word();
            if (start != null) {
                resume(start);
            }
        }

        /**
         * Brings this run to {@code start}: the order and the plateau schedule by replaying them (the
         * shuffles of the epochs trained, the losses fed), then the network's state.
         */
        private void resume(MemberState start) {
            if (!start.trainedBy().equals(trainedBy)) {
                throw new IllegalArgumentException(
                        "a state trained by " + start.trainedBy() + " cannot train on by " + trainedBy);
            }
            for (; next < start.epoch(); next++) {
                order.shuffle();
            }
            if (plateau != null) {
                for (double loss : start.plateauLosses()) {
                    step(loss);
                }
            }
            network.load(start.network());
        }

        MemberState state() {
            return new MemberState(next, trainedBy, network.state(),
                    plateauLosses.stream().mapToDouble(Double::doubleValue).toArray());
        }

        private void step(double valLoss) {
            plateauLosses.add(valLoss);
            network.setLearningRate(plateau.step(valLoss));
        }

        /** Trains the next epoch and evaluates; a divergence ends it early and sets {@link #diverged}. */
        EpochRecord epoch() {
            int epoch = next++;
            long epochStart = System.nanoTime();
            network.startEpoch(epoch);
            double lr = network.learningRate();
            order.shuffle();
            double lossSum = 0;
            int seen = 0;
            for (int b = 0; b < batches && !diverged; b++) {
                int[] rows = order.batch(b);
                double loss = network.fit(rows);
                // the epoch's mean loss so far, by example: one small (last) minibatch weighs what its rows do
                lossSum += loss * rows.length;
                seen += rows.length;
                diverged = !(lossSum / seen <= divergedAbove); // a NaN or infinite loss too
            }
            double[] validation = evaluate(network, data.validation());
            var record = new EpochRecord(epoch, lr, lossSum / seen, validation[0], validation[1], validation[2],
                    millisSince(epochStart));
            diverged |= !(validation[0] <= divergedAbove);
            if (plateau != null && !diverged) {
                step(record.valLoss());
            }
            return record;
        }
    }

    /**
     * The network a run trains, its optimizer's rate driven by {@code rate}: the user's network
     * ({@code model.type = dl4j}), trained by DL4J; or a built-in one, by DL4J or the fast engine.
     * The DL4J network is built either way: its seeded initial weights are the fast engine's too, and
     * it holds the weights of a checkpoint. Heavy-ball momentum has no DL4J updater, so only
     * the fast engine trains it (the config loader checks that); its DL4J twin is configured with
     * SGD, an updater it never applies.
     */
    static Network network(TrainConfig train, ModelConfig model, int seed, DataSplit data, ISchedule rate) {
        Optimizer optimizer = train.optimizer();
        boolean fast = usesFastEngine(train, model);
        IUpdater updater = optimizer.dl4j(rate).or(() -> fast ? Optional.of(new Sgd(rate)) : Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException(
                        optimizer.name() + " needs the fast engine (train.engine = fast, activation relu, tanh or sigmoid)"));
        DataArrays arrays = DataArrays.of(data);
        if (model.network() != null) {
            // DL4J's AdaGrad.clone() (1.0.0-M2.1) drops the schedule the configuration was built with: set again after init
            Model user = model.network().build(seed, updater, optimizer.decoupledWeightDecay());
            if (user instanceof ComputationGraph graph) {
                graph.setLearningRate(rate);
            } else {
                ((MultiLayerNetwork) user).setLearningRate(rate);
            }
            return new Dl4jNetwork(user, arrays);
        }
        Dataset examples = data.train();
        MultiLayerNetwork net = Networks.build(model, examples.regression() ? Task.REGRESSION : Task.CLASSIFICATION,
                examples.featureCount(), examples.outputs(), seed, updater, optimizer.decoupledWeightDecay());
        net.setLearningRate(rate); // see above
        return fast
                ? new FastMlp(net, optimizer, rate, model, data.train(), data.validation(),
                        arrays.validationFeatures().data().asNioFloat(), train.batchSize())
                : new Dl4jNetwork(net, arrays);
    }

    /** {@code train.engine = fast} trains with {@link FastMlp} where it supports the model, else DL4J trains. */
    public static boolean usesFastEngine(TrainConfig train, ModelConfig model) {
        return train.engine().equals("fast") && FastMlp.supports(model);
    }

    /**
     * The untrained network's validation loss. Trials with the same seed, model and engine start from
     * the same weights (rate, schedule and optimizer do not touch them), so one forward pass per JVM
     * serves them all rather than one per trial.
     */
    private static double untrainedLoss(Trial trial, DataSplit data, Network network) {
        return DataArrays.of(data).untrainedLosses().computeIfAbsent(
                List.of(trial.seed(), trial.model(), usesFastEngine(trial.train(), trial.model())),
                key -> evaluate(network, data.validation())[0]);
    }

    /**
     * The validation loss, accuracy and mean absolute error, from one forward pass: mean
     * cross-entropy and accuracy (mean absolute error NaN) of a classifier, mean squared error and
     * mean absolute error (accuracy NaN) of a regression.
     */
    private static double[] evaluate(Network network, Dataset validation) {
        float[] p = network.predictValidation();
        if (validation.regression()) {
            float[] y = validation.targets();
            double squared = 0;
            double absolute = 0;
            for (int i = 0; i < y.length; i++) {
                double error = p[i] - y[i];
                squared += error * error;
                absolute += Math.abs(error);
            }
            return new double[] {squared / y.length, Double.NaN, absolute / y.length};
        }
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
            loss -= Math.log(Math.max(p[i * classes + labels[i]], FastMlp.PROBABILITY_FLOOR));
        }
        return new double[] {loss / labels.length, (double) correct / labels.length, Double.NaN};
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
