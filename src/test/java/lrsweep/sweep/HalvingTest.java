package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.output.SweepDirectory.Mode;
import lrsweep.train.TrialResult;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Successive halving on a real local Spark session: pruned trials stop at a rung, the rest go on where they were. */
class HalvingTest {

    @TempDir
    Path output;

    private SweepJob.Outcome sweep(String name, String extra) throws Exception {
        SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3]
                train.epochs = 4
                data { train-examples = 400, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(output) + extra), name);
        return SweepJob.run(SharedSpark.session(), config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false);
    }

    @Test
    void prunedTrialsStopAtARungAndPromotedOnesGoOnWhereTheyWere() throws Exception {
        var halving = sweep("halving", "sweep.search = halving\nhalving { min-epochs = 1, eta = 2 }");
        var grid = sweep("grid", "");
        // ids differ (they digest the halving settings): match the trials by learning rate
        Map<Double, TrialResult> full = grid.results().stream().collect(Collectors.toMap(r -> r.trial().learningRate(), Function.identity()));

        List<TrialResult> pruned = halving.results().stream().filter(TrialResult::pruned).toList();
        assertTrue(!pruned.isEmpty() && pruned.size() < 6, "some, not all, are pruned: " + pruned.size());
        for (TrialResult r : halving.results()) {
            assertTrue(r.rung() >= 0, "rungs at 1 and 2 epochs: every trial reported at least once");
            assertEquals(r.pruned() ? List.of(1, 2).get(r.rung()) : 4, r.epochs().size(), r.trial().learningRate() + " " + r);
            // the same epochs as the same trial trained without pruning: it went on, it did not start again
            var unpruned = full.get(r.trial().learningRate()).epochs();
            for (int e = 0; e < r.epochs().size(); e++) {
                assertEquals(unpruned.get(e).valLoss(), r.epochs().get(e).valLoss(), 1e-9, "epoch " + e);
            }
        }
        var trials = SharedSpark.session().read().parquet(output.resolve("halving/trials").toString());
        assertEquals(pruned.size(), trials.where("promoted = false").count());
        long epochs = SharedSpark.session().read().parquet(output.resolve("halving/histories").toString()).count();
        assertEquals(halving.results().stream().mapToLong(r -> r.epochs().size()).sum(), epochs, "one history row per trained epoch");
        Row best = trials.where("status = 'ok'").orderBy("best_val_loss").first();
        assertEquals(4, best.<Integer>getAs("epochs_run"), "the winner trained all epochs");
        assertTrue(Files.readString(output.resolve("halving/report.md")).contains("Successive halving: rung 0: 6 reported"));
    }
}
