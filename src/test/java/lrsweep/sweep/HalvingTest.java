package lrsweep.sweep;

import lrsweep.pruning.RungBoard;
import lrsweep.strategy.SearchStrategy;
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
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.Objective;
import lrsweep.train.RungGate;
import lrsweep.train.Trainer;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
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

        // which trials are pruned depends on the order reports arrive in (asynchronous): check what holds in any order
        List<TrialResult> pruned = halving.results().stream().filter(TrialResult::pruned).toList();
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
        assertTrue(Files.readString(output.resolve("halving/report.md")).contains("Successive halving: rung 0: 6 reported"));
    }

    @Test
    void inAFixedOrderTheWorseReportsArePruned() throws Exception {
        // in this order (training is seeded, so the losses are fixed): after 1 epoch lr 0.1 edges out
        // 0.3 and goes on, then loses to it at the second rung; every smaller rate is behind at once
        SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.3, 0.1, 0.03, 0.01, 0.003, 0.001]
                train.epochs = 4
                data { train-examples = 400, validation-examples = 100 }
                """), "order");
        var data = lrsweep.data.DataLoader.load(config.data(), new org.apache.hadoop.conf.Configuration());
        var board = new RungBoard(2, Objective.VAL_LOSS);
        RungGate gate = gate(board::promote);
        List<TrialResult> results = SearchStrategy.of(config).trials().stream().map(t -> Trainer.train(t, data, gate)).toList();
        assertEquals(List.of(false, true, true, true, true, true), results.stream().map(TrialResult::pruned).toList());
        assertEquals(List.of(4, 2, 1, 1, 1, 1), results.stream().map(r -> r.epochs().size()).toList());
        assertEquals(List.of(1, 1, 0, 0, 0, 0), results.stream().map(TrialResult::rung).toList());
        assertEquals(1, results.get(0).rung(), "the best went past both rungs");
    }

    @Test
    void aReportThatFailsLeavesTheTrialFailedAtItsLastDecidedRung() throws Exception {
        SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.1]
                train.epochs = 4
                data { train-examples = 200, validation-examples = 50 }
                """), "unreachable");
        var data = lrsweep.data.DataLoader.load(config.data(), new org.apache.hadoop.conf.Configuration());
        RungGate gate = gate((trialId, rung, valLoss) -> {
            if (rung == 1) {
                throw new IllegalStateException("the driver is gone");
            }
            return true;
        });
        TrialResult result = Trainer.train(SearchStrategy.of(config).trials().get(0), data, gate);
        assertEquals(TrialStatus.FAILED, result.status());
        assertEquals(0, result.rung(), "rung 1 was never decided");
        assertEquals(2, result.epochs().size());
        assertTrue(result.error().contains("the driver is gone"), result.error());
    }

    /** How a gate in these tests decides. */
    interface Decision {
        boolean promote(String trialId, int rung, double value);
    }

    /** A gate in this JVM with rungs after 1, 2, 4, ... epochs (min-epochs 1, eta 2); RegressionTest's too. */
    static RungGate gate(Decision decision) {
        return new RungGate() {
            @Override
            public int[] rungs(int epochs) {
                return RungBoard.rungs(1, 2, epochs);
            }

            @Override
            public boolean promote(String trialId, int rung, double valLoss) {
                return decision.promote(trialId, rung, valLoss);
            }
        };
    }
}
