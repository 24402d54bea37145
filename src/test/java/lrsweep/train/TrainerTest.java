package lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import lrsweep.config.ConfigLoader;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.Schedules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Early stopping, and retraining a trial to a checkpoint. 300 training and 100 validation examples. */
class TrainerTest {

    static DataSplit data;

    @BeforeAll
    static void load() throws IOException {
        data = DataLoader.load(ConfigLoader.fromConfig(ConfigFactory.parseString("data { train-examples = 300, validation-examples = 100 }"), "trainer").data(), new org.apache.hadoop.conf.Configuration());
    }

    private static Trial trial(double lr, Optimizer optimizer, String engine, int epochs, int patience) {
        return new Trial("t", lr, Schedules.parse(ConfigFactory.parseString("type = constant"), "schedule"), 3,
                new TrainConfig(epochs, 32, optimizer, 4, engine, patience), ModelConfig.mlp(List.of(16), "relu"));
    }

    /**
     * At rate 0 the validation loss never improves on epoch 0, so with patience 2 the trial stops
     * after epoch 2, ok, 3 of its 6 epochs run.
     */
    @ParameterizedTest
    @CsvSource({"fast, sgd", "dl4j, sgd", "fast, momentum", "dl4j, rmsprop"})
    void stopsWhenTheValidationLossStopsImproving(String engine, String optimizer) {
        TrialResult r = Trainer.train(trial(0, Optimizer.of(Optimizer.Type.valueOf(optimizer.toUpperCase())), engine, 6, 2), data);
        assertEquals(TrialStatus.OK, r.status(), String.valueOf(r.error()));
        assertEquals(3, r.epochs().size());
        assertEquals(Optional.of(2), r.stoppedEpoch());
        assertEquals(0, r.best().orElseThrow().epoch());
    }

    /**
     * Early stopping follows sweep.objective: by accuracy, the trial stops {@code patience} epochs
     * after its highest accuracy, whatever its loss does, and its best epoch is that one.
     */
    @Test
    void stopsWhenTheObjectiveStopsImproving() {
        var t = new Trial("t", 0.3, Schedules.parse(ConfigFactory.parseString("type = constant"), "schedule"), 3,
                new TrainConfig(20, 32, Optimizer.of(Optimizer.Type.SGD), 4, "fast", 2, Objective.VAL_ACCURACY),
                ModelConfig.mlp(List.of(16), "relu"));
        TrialResult r = Trainer.train(t, data);
        var accuracies = r.epochs().stream().mapToDouble(EpochRecord::valAccuracy).toArray();
        int highest = 0; // the first epoch of the highest accuracy: later ties do not count as improving
        for (int e = 1; e < accuracies.length; e++) {
            highest = accuracies[e] > accuracies[highest] ? e : highest;
        }
        assertEquals(Optional.of(highest + 2), r.stoppedEpoch(), java.util.Arrays.toString(accuracies));
        assertEquals(highest, r.best().orElseThrow().epoch());
    }

    /**
     * One example at a time at rate 1, single examples' losses pass 4× the untrained loss while the
     * epoch's mean stays near it: such a trial trains on (it diverged at its first such example
     * when every minibatch was held to the bound).
     */
    @Test
    void oneBadSmallMinibatchIsNotADivergence() {
        var t = new Trial("t", 1.0, Schedules.parse(ConfigFactory.parseString("type = constant"), "schedule"), 3,
                new TrainConfig(3, 1, Optimizer.of(Optimizer.Type.SGD), 4, "fast", 0), ModelConfig.mlp(List.of(16), "relu"));
        TrialResult r = Trainer.train(t, data);
        assertEquals(TrialStatus.OK, r.status(), r.epochs().toString());
        assertEquals(3, r.epochs().size());
    }

    @Test
    void improvingTrialsRunEveryEpoch() {
        TrialResult r = Trainer.train(trial(0.05, Optimizer.of(Optimizer.Type.SGD), "fast", 4, 1), data);
        assertEquals(4, r.epochs().size(), "the loss fell every epoch: " + r.epochs());
        assertEquals(Optional.empty(), r.stoppedEpoch());
        TrialResult off = Trainer.train(trial(0, Optimizer.of(Optimizer.Type.SGD), "fast", 4, 0), data);
        assertEquals(4, off.epochs().size(), "patience null: no early stopping");
        assertEquals(Optional.empty(), off.stoppedEpoch());
    }

    /** The checkpoint's history is the recorded one: the same seed, order and schedule train alike again. */
    @ParameterizedTest
    @CsvSource({"fast, adam", "dl4j, nesterov", "fast, momentum"})
    void retrainingReproducesTheHistory(String engine, String optimizer) {
        Trial t = trial(0.01, Optimizer.of(Optimizer.Type.valueOf(optimizer.toUpperCase())), engine, 3, 0);
        TrialResult recorded = Trainer.train(t, data);
        Trainer.Checkpoint checkpoint = Trainer.retrain(t, data, 1);
        assertEquals(2, checkpoint.history().size());
        for (int e = 0; e < 2; e++) {
            EpochRecord a = recorded.epochs().get(e);
            EpochRecord b = checkpoint.history().get(e);
            assertEquals(a.learningRate(), b.learningRate(), 0);
            assertEquals(a.trainLoss(), b.trainLoss(), 1e-6 * a.trainLoss());
            assertEquals(a.valLoss(), b.valLoss(), 1e-6 * a.valLoss());
        }
    }
}
