package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore.Mode;
import lrsweep.schedule.Plateau;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.train.EpochRecord;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning rate recorded per epoch is the one the training engine applied at that epoch's
 * first minibatch, for an epoch schedule (cosine), a per-step one (one-cycle) and the reactive plateau.
 * 200 examples in batches of 50: 4 steps per epoch, 4 epochs.
 */
class SchedulesInTrainingTest {

    @TempDir
    static Path output;

    static List<TrialResult> results;

    @BeforeAll
    static void train() throws Exception {
        SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.1]
                sweep.schedules = [
                  {type = cosine}
                  {type = one-cycle, unit = step}
                  {type = plateau, factor = 0.5, patience = 0, threshold = 0.5}
                ]
                train { epochs = 4, batch-size = 50 }
                data { train-examples = 200, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(output.toString().replace("\\", "/"))), "schedules");
        results = SweepJob.run(SharedSpark.session(), config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false)
                .results();
        results.forEach(r -> assertEquals(TrialStatus.OK, r.status(), r.toString()));
    }

    private static TrialResult trial(String type) {
        return results.stream().filter(r -> r.trial().schedule().name().startsWith(type)).findFirst().orElseThrow();
    }

    @Test
    void cosineByEpoch() {
        for (EpochRecord e : trial("cosine").epochs()) {
            double expected = 0.1 * 0.5 * (1 + Math.cos(Math.PI * e.epoch() / 4));
            assertEquals(expected, e.learningRate(), 1e-12, "epoch " + e.epoch());
        }
    }

    @Test
    void oneCycleByStepIsSampledAtEachEpochsFirstStep() {
        TrialResult r = trial("one-cycle");
        ScheduleVariant v = r.trial().schedule();
        for (EpochRecord e : r.epochs()) {
            assertEquals(v.rate(0.1, e.epoch() * 4L, 16), e.learningRate(), 1e-12, "epoch " + e.epoch());
        }
        // warm-up from lr0/25, peak lr0 at 30% of 16 steps, annealed towards lr0/25/1e4
        assertEquals(0.1 / 25, r.epochs().get(0).learningRate(), 1e-12);
        assertTrue(r.epochs().get(1).learningRate() > 0.09);
        assertTrue(r.epochs().get(3).learningRate() < r.epochs().get(2).learningRate());
    }

    @Test
    void plateauFollowsTheValidationLosses() {
        TrialResult r = trial("plateau");
        Plateau.Tracker tracker = ((Plateau) r.trial().schedule().schedule()).tracker(0.1);
        assertEquals(0.1, r.epochs().get(0).learningRate(), 1e-12);
        for (int e = 1; e < r.epochs().size(); e++) {
            double expected = tracker.step(r.epochs().get(e - 1).valLoss());
            assertEquals(expected, r.epochs().get(e).learningRate(), 1e-12, "epoch " + e);
        }
        assertTrue(r.epochs().get(3).learningRate() < 0.1, "a 50% improvement threshold must cut the rate");
    }
}
