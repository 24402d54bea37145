package lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.data.DataLoader;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.Schedules;
import org.junit.jupiter.api.Test;

/** The CNN trains through DL4J's engine (the fast engine only does dropout-free MLPs). */
class CnnTrainingTest {

    @Test
    void theCnnLearnsOnATinySlice() throws Exception {
        var data = DataLoader.load(ConfigLoader.fromConfig(ConfigFactory.parseString("data { train-examples = 300, validation-examples = 100 }"), "cnn").data(), new org.apache.hadoop.conf.Configuration());
        var model = new ModelConfig("cnn", List.of(128), "relu", 0, List.of(), null);
        var train = new TrainConfig(3, 32, Optimizer.of(Optimizer.Type.SGD), 4, "fast", 0);
        assertFalse(Trainer.usesFastEngine(train, model));
        var trial = new Trial("cnn", 0.05, Schedules.parse(ConfigFactory.parseString("type = constant"), "schedule"), 1, train, model);
        TrialResult result = Trainer.train(trial, data);
        assertEquals(TrialStatus.OK, result.status(), String.valueOf(result.error()));
        assertEquals(3, result.epochs().size());
        assertTrue(result.epochs().get(2).trainLoss() < result.epochs().get(0).trainLoss(), result.epochs().toString());
        double bestAccuracy = result.epochs().stream().mapToDouble(EpochRecord::valAccuracy).max().orElseThrow();
        assertTrue(bestAccuracy > 0.3, "chance is 0.1: " + result.epochs());
    }
}
