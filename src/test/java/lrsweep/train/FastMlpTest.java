package lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.config.Optimizers;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.Schedules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast engine trains the same network as DL4J's MultiLayerNetwork: from the same seed and
 * schedule, every epoch's losses and accuracy agree to float rounding and the recorded rates are
 * identical. 500 examples in batches of 64 (the last one short), 2 epochs.
 */
class FastMlpTest {

    static DataSplit data;

    @BeforeAll
    static void load() throws IOException {
        data = DataLoader.load(ConfigLoader.fromConfig(ConfigFactory.parseString("data { train-examples = 500, validation-examples = 200 }"), "fast").data(), new org.apache.hadoop.conf.Configuration());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "relu;    [128];   {type = cosine}",
            "tanh;    [32,16]; {type = one-cycle, unit = step}",
            "sigmoid; [24];    {type = plateau, factor = 0.5, patience = 0, threshold = 0.5}",
            "relu;    [];      {type = step, every = 1, factor = 0.5}"})
    void sameHistoryAsDl4j(String activation, String hidden, String schedule) {
        TrialResult dl4j = Trainer.train(trial("dl4j", activation, hidden, schedule, 0.1), data);
        TrialResult fast = Trainer.train(trial("fast", activation, hidden, schedule, 0.1), data);
        assertEquals(TrialStatus.OK, dl4j.status(), dl4j.toString());
        assertEquals(TrialStatus.OK, fast.status(), fast.toString());
        assertEquals(2, fast.epochs().size());
        assertSameTwoEpochs(dl4j, fast);
        for (int e = 0; e < 2; e++) {
            EpochRecord d = dl4j.epochs().get(e);
            EpochRecord f = fast.epochs().get(e);
            assertEquals(d.valAccuracy(), f.valAccuracy(), 1.0 / 200, "validation accuracy, epoch " + e);
        }
    }

    @ParameterizedTest
    @CsvSource({"20", "50"})
    void divergesLikeDl4j(double learningRate) {
        TrialResult dl4j = Trainer.train(trial("dl4j", "relu", "[128]", "{type = constant}", learningRate), data);
        TrialResult fast = Trainer.train(trial("fast", "relu", "[128]", "{type = constant}", learningRate), data);
        assertEquals(TrialStatus.DIVERGED, dl4j.status());
        assertEquals(TrialStatus.DIVERGED, fast.status());
        assertEquals(dl4j.epochs().size(), fast.epochs().size());
    }

    @ParameterizedTest
    @CsvSource({"fast, relu, true", "fast, sigmoid, true", "fast, gelu, false", "dl4j, relu, false"})
    void fastEngineOnlyWhereSupported(String engine, String activation, boolean fast) {
        Trial trial = trial(engine, activation, "[8]", "{type = constant}", 0.1);
        assertEquals(fast, Trainer.usesFastEngine(trial.train(), trial.model()));
    }

    /**
     * Every optimizer DL4J has, through the fast engine's own update rules: the same history as
     * DL4J's updaters (Nesterovs, Adam, Adam + WeightDecay, RmsProp, AdaGrad), non-default
     * parameters included, with a schedule that changes the rate every step.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "{type = nesterov};                                        0.1",
            "{type = nesterov, momentum = 0.5};                        0.1",
            "{type = adam};                                            0.001",
            "{type = adam, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-6}; 0.003",
            "{type = adamw, weight-decay = 0.1};                       0.001",
            "{type = rmsprop};                                         0.001",
            "{type = adagrad, epsilon = 1e-4};                         0.01"})
    void optimizersTrainAsDl4jDoes(String optimizer, double lr) {
        Optimizer o = Optimizers.parse(ConfigFactory.parseString("o = " + optimizer).getValue("o"), "optimizer");
        String schedule = "{type = one-cycle, unit = step}";
        TrialResult dl4j = Trainer.train(trial("dl4j", "relu", "[32]", schedule, lr, o), data);
        TrialResult fast = Trainer.train(trial("fast", "relu", "[32]", schedule, lr, o), data);
        assertEquals(TrialStatus.OK, dl4j.status(), dl4j.toString());
        assertEquals(TrialStatus.OK, fast.status(), fast.toString());
        assertEquals(dl4j.epochs().size(), fast.epochs().size());
        assertSameTwoEpochs(dl4j, fast);
        TrialResult sgd = Trainer.train(trial("fast", "relu", "[32]", schedule, lr, Optimizer.of(Optimizer.Type.SGD)), data);
        assertTrue(Math.abs(sgd.epochs().get(1).valLoss() - fast.epochs().get(1).valLoss()) > 1e-3,
                "the optimizer makes a difference: " + sgd.epochs().get(1).valLoss() + " vs " + fast.epochs().get(1).valLoss());
    }

    /**
     * Heavy-ball momentum, which DL4J lacks: with μ = 0 it is SGD (whose fast path is a GEMM of its
     * own), and its first step is SGD's whatever μ, so one minibatch of each agrees.
     */
    @ParameterizedTest
    @CsvSource({"0, 2", "0.9, 0"})
    void momentumReducesToSgd(double mu, int epochs) {
        var momentum = new Optimizer(Optimizer.Type.MOMENTUM, java.util.Map.of("momentum", mu));
        var sgd = Optimizer.of(Optimizer.Type.SGD);
        if (epochs > 0) {
            TrialResult m = Trainer.train(trial("fast", "relu", "[32]", "{type = cosine}", 0.1, momentum), data);
            TrialResult s = Trainer.train(trial("fast", "relu", "[32]", "{type = cosine}", 0.1, sgd), data);
            for (int e = 0; e < epochs; e++) {
                assertEquals(s.epochs().get(e).valLoss(), m.epochs().get(e).valLoss(), 1e-5 * s.epochs().get(e).valLoss());
            }
            return;
        }
        double[] losses = new double[2];
        for (int i = 0; i < 2; i++) {
            Trial t = trial("fast", "relu", "[32]", "{type = constant}", 0.1, i == 0 ? sgd : momentum);
            Network net = Trainer.network(t.train(), t.model(), t.seed(), data, new org.nd4j.linalg.schedule.FixedSchedule(0.1));
            int[] rows = java.util.stream.IntStream.range(0, 64).toArray();
            net.fit(rows);
            losses[i] = net.fit(rows); // the loss after one step
        }
        assertEquals(losses[0], losses[1], 1e-6 * losses[0]);
    }

    /** Equal rates, and losses within 1e-4 relative, over the first two epochs. */
    private static void assertSameTwoEpochs(TrialResult dl4j, TrialResult fast) {
        for (int e = 0; e < 2; e++) {
            EpochRecord d = dl4j.epochs().get(e);
            EpochRecord f = fast.epochs().get(e);
            assertEquals(d.learningRate(), f.learningRate(), 0, "learning rate, epoch " + e);
            assertEquals(d.trainLoss(), f.trainLoss(), 1e-4 * d.trainLoss(), "train loss, epoch " + e);
            assertEquals(d.valLoss(), f.valLoss(), 1e-4 * d.valLoss(), "validation loss, epoch " + e);
        }
    }

    private static Trial trial(String engine, String activation, String hidden, String schedule, double lr) {
        return trial(engine, activation, hidden, schedule, lr, Optimizer.of(Optimizer.Type.SGD));
    }

    private static Trial trial(String engine, String activation, String hidden, String schedule, double lr, Optimizer optimizer) {
        List<Integer> sizes = ConfigFactory.parseString("h = " + hidden).getIntList("h");
        return new Trial("t", lr, Schedules.parse(ConfigFactory.parseString(schedule), "schedule"), 7,
                new TrainConfig(2, 64, optimizer, 4, engine, 0), ModelConfig.mlp(sizes, activation));
    }
}
