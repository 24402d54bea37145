package lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.List;
import lrsweep.config.ConfigLoader;
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
        data = DataLoader.load(ConfigLoader.fromConfig(ConfigFactory.parseString("data { train-examples = 500, validation-examples = 200 }"), "fast").data());
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
        for (int e = 0; e < 2; e++) {
            EpochRecord d = dl4j.epochs().get(e);
            EpochRecord f = fast.epochs().get(e);
            assertEquals(d.learningRate(), f.learningRate(), 0, "learning rate, epoch " + e);
            assertEquals(d.trainLoss(), f.trainLoss(), 1e-4 * d.trainLoss(), "train loss, epoch " + e);
            assertEquals(d.valLoss(), f.valLoss(), 1e-4 * d.valLoss(), "validation loss, epoch " + e);
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

    private static Trial trial(String engine, String activation, String hidden, String schedule, double lr) {
        List<Integer> sizes = ConfigFactory.parseString("h = " + hidden).getIntList("h");
        return new Trial("t", lr, Schedules.parse(ConfigFactory.parseString(schedule), "schedule"), 7,
                new TrainConfig(2, 64, "sgd", 4, engine), ModelConfig.mlp(sizes, activation));
    }
}
