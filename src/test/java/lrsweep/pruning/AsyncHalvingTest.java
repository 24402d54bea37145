package lrsweep.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import lrsweep.config.Halving;
import lrsweep.train.TrainConfig;
import org.junit.jupiter.api.Test;

class AsyncHalvingTest {

    private static TrainConfig epochs(int n) {
        return lrsweep.config.ConfigLoader.fromConfig(com.typesafe.config.ConfigFactory.parseString("train.epochs = " + n), "t").train();
    }

    /** Random trial ids, as the digests are. */
    private static List<String> ids(int n) {
        Random random = new Random(7);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> {
            byte[] b = new byte[6];
            random.nextBytes(b);
            return HexFormat.of().formatHex(b);
        }).toList();
    }

    @Test
    void hyperbandBudgetsAreOptunas() {
        // HyperbandPruner(min_resource=1, max_resource=27, reduction_factor=3): 4 brackets, budgets 27, 12, 6, 4
        assertArrayEquals(new long[] {27, 39, 45, 49}, AsyncHalving.budgets(4, 3));
        assertArrayEquals(new long[] {4, 7, 10}, AsyncHalving.budgets(3, 2));
    }

    @Test
    void hyperbandSpreadsTrialsOverItsBracketsInProportion() {
        var hyperband = new AsyncHalving(new Halving(1, 3, true), epochs(27), 1);
        int[] counts = new int[4];
        ids(4900).forEach(id -> counts[hyperband.bracket(id)]++);
        int[] expected = {2700, 1200, 600, 400};
        for (int b = 0; b < 4; b++) {
            assertTrue(Math.abs(counts[b] - expected[b]) < 120, "bracket " + b + ": " + counts[b]);
        }
        var halving = new AsyncHalving(new Halving(1, 3), epochs(27), 1);
        assertTrue(ids(100).stream().allMatch(id -> halving.bracket(id) == 0), "plain halving judges every trial from the first rung");
    }

    @Test
    void aHyperbandTrialGoesPastTheRungsBelowItsBracketAndIsJudgedAgainstItsOwnBracket() throws Exception {
        var hyperband = new AsyncHalving(new Halving(1, 3, true), epochs(27), 1);
        List<String> ids = ids(400);
        String never = ids.stream().filter(id -> hyperband.bracket(id) == 3).findFirst().orElseThrow();
        List<String> zero = ids.stream().filter(id -> hyperband.bracket(id) == 0).limit(7).toList();
        String one = ids.stream().filter(id -> hyperband.bracket(id) == 1).findFirst().orElseThrow();
        var gate = hyperband.start("127.0.0.1", List.of());
        try (hyperband) {
            // the last bracket is never judged: it goes past every rung, however bad
            for (int rung = 0; rung < 3; rung++) {
                assertTrue(gate.promote(never, rung, 99.0));
            }
            // bracket 0 judges from the first rung: after six good reports a bad one stops
            zero.subList(0, 6).forEach(id -> assertTrue(gate.promote(id, 0, 0.4)));
            assertFalse(gate.promote(zero.get(6), 0, 0.9));
            // bracket 1 passes rung 0 whatever it reports, and at rung 1 faces its own bracket's
            // reports (none yet), not bracket 0's
            assertTrue(gate.promote(one, 0, 0.9));
            assertTrue(gate.promote(zero.get(0), 1, 0.3));
            assertTrue(gate.promote(zero.get(1), 1, 0.3));
            assertTrue(gate.promote(one, 1, 0.9));
        }
    }
}
