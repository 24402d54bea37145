package lrsweep.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import lrsweep.train.Objective;
import org.junit.jupiter.api.Test;

class RungBoardTest {

    @Test
    void keepsTheBestThirdOfTheReportsSoFar() {
        var board = new RungBoard(3, Objective.VAL_LOSS);
        assertTrue(board.promote("a", 0, 0.50), "the first report has no peers yet");
        assertFalse(board.promote("b", 0, 0.60), "cutoff of [0.5, 0.6] at 1/3 is 0.533");
        assertTrue(board.promote("c", 0, 0.40));
        assertFalse(board.promote("d", 0, 0.55), "cutoff of [0.4, 0.5, 0.55, 0.6] at 1/3 is 0.5");
        assertTrue(board.promote("f", 0, 0.45), "cutoff of [0.4, 0.45, 0.5, 0.55, 0.6] at 1/3 is 0.4667");
        assertTrue(board.promote("e", 1, 0.70), "rungs are judged apart");
    }

    @Test
    void withAccuracyTheHighestGoOn() {
        var board = new RungBoard(2, Objective.VAL_ACCURACY);
        assertTrue(board.promote("a", 0, 0.80));
        assertFalse(board.promote("b", 0, 0.60), "cutoff of [0.8, 0.6] at 1/2 is 0.7: lower accuracy stops");
        assertTrue(board.promote("c", 0, 0.90));
        assertFalse(board.promote("d", 0, Double.NaN), "no accuracy never goes on");
    }

    @Test
    void aRetriedTaskGetsTheSameAnswerAndIsCountedOnce() {
        var board = new RungBoard(2, Objective.VAL_LOSS);
        assertTrue(board.promote("a", 0, 0.5));
        assertFalse(board.promote("b", 0, 0.9));
        assertFalse(board.promote("b", 0, 0.1), "the same trial and rung: the first answer stands");
        assertTrue(board.promote("c", 0, 0.6), "cutoff of [0.5, 0.6, 0.9] at 1/2 is 0.6; b's retry did not count");
    }

    @Test
    void aNaNLossNeverGoesOn() {
        var board = new RungBoard(2, Objective.VAL_LOSS);
        assertFalse(board.promote("a", 0, Double.NaN));
    }

    @Test
    void gatesRungsAtMinEpochsTimesPowersOfEta() throws IOException {
        try (var server = new PromotionServer(new RungBoard(3, Objective.VAL_LOSS)::promote, "127.0.0.1")) {
            var gate = server.gate(1, 3);
            assertEquals(java.util.List.of(1, 3, 9), java.util.Arrays.stream(gate.rungs(27)).boxed().toList());
            assertEquals(java.util.List.of(2), java.util.Arrays.stream(server.gate(2, 3).rungs(5)).boxed().toList());
            // over HTTP, as an executor asks
            assertTrue(gate.promote("x", 0, 0.3));
            assertFalse(gate.promote("y", 0, 0.9));
        }
    }

    @Test
    void answersOnAnIpv6DriverHostToo() throws IOException {
        PromotionServer server;
        try {
            server = new PromotionServer(new RungBoard(3, Objective.VAL_LOSS)::promote, "::1");
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        try (server) {
            assertTrue(server.gate(1, 3).promote("x", 0, 0.3));
        }
    }

    @Test
    void aResumedSweepJudgesNewReportsAgainstTheFinishedTrials() {
        var board = new RungBoard(2, Objective.VAL_LOSS);
        var schedule = lrsweep.schedule.Schedules.parse(com.typesafe.config.ConfigFactory.parseString("type = constant"), "s");
        var train = new lrsweep.train.TrainConfig(4, 32, lrsweep.train.Optimizer.of(lrsweep.train.Optimizer.Type.SGD), 4, "fast", 0);
        var trial = new lrsweep.train.Trial("a", 0.1, schedule, 1, train, lrsweep.model.ModelConfig.mlp(java.util.List.of(8), "relu"));
        var epochs = java.util.List.of(new lrsweep.train.EpochRecord(0, 0.1, 1, 0.5, 0.8, 1), new lrsweep.train.EpochRecord(1, 0.1, 1, 0.4, 0.8, 1));
        // reported 0.5 at rung 0 (after 1 epoch) and 0.4 at rung 1 (after 2), pruned there
        board.recordFinished(new lrsweep.train.TrialResult(trial, lrsweep.train.TrialStatus.OK, epochs, null, 1, 1, true),
                RungBoard.rungs(1, 2, 4));
        assertFalse(board.promote("b", 0, 0.6), "cutoff of [0.5, 0.6] at 1/2 is 0.55: the finished trial counts");
        assertTrue(board.promote("a", 0, 9), "a's own earlier decision at rung 0 stands");
        assertFalse(board.promote("a", 1, 0.1), "and at rung 1");
        assertEquals(java.util.List.of(1, 2), java.util.Arrays.stream(RungBoard.rungs(1, 2, 4)).boxed().toList());
    }
}
