package lrsweep.output;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.strategy.TrialKeys;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;

class ConfigurationsTest {

    static final SweepConfig CONFIG = ConfigLoader.fromConfig(ConfigFactory.parseString("""
            sweep { learning-rates = [0.3, 0.1, 0.03], schedules = [{type = constant}], seeds = [1, 2, 3] }
            """), "repeats");

    /** Best validation losses per learning rate, one per seed; NaN: the run diverged. */
    static final Map<Double, double[]> LOSSES = Map.of(
            0.3, new double[] {0.50, 0.52, 0.54},
            0.1, new double[] {0.53, 0.55, 0.57},
            0.03, new double[] {0.70, 0.71, Double.NaN});

    static TrialResult result(Trial t) {
        double loss = LOSSES.get(t.learningRate())[t.seed() - 1];
        return Double.isNaN(loss)
                ? new TrialResult(t, TrialStatus.DIVERGED, List.of(new EpochRecord(0, 0.03, Double.NaN, Double.NaN, 0, 1)), null, 1)
                : new TrialResult(t, TrialStatus.OK, List.of(new EpochRecord(0, t.learningRate(), 1, loss, 0.8, 1)), null, 1);
    }

    @Test
    void meanAndStdOverTheOkRunsBestFirst() {
        var ranked = Configurations.rank(SearchStrategy.of(CONFIG).trials().stream().map(ConfigurationsTest::result).toList(), CONFIG.judging().rankBy());
        assertEquals(List.of(0.3, 0.1, 0.03), ranked.stream().map(Configurations.Configuration::learningRate).toList());
        assertEquals(0.52, ranked.get(0).mean(), 1e-12);
        assertEquals(0.02, ranked.get(0).std(), 1e-12);
        assertEquals(3, ranked.get(0).runs().size());
        assertEquals(2, ranked.get(2).ok(), "the diverged run does not count");
        assertEquals(0.705, ranked.get(2).mean(), 1e-12);
    }

    @Test
    void aDifferenceWithinTheCombinedSpreadIsATie() {
        var ranked = Configurations.rank(SearchStrategy.of(CONFIG).trials().stream().map(ConfigurationsTest::result).toList(), CONFIG.judging().rankBy());
        // 0.55 − 0.52 = 0.03 ≤ hypot(0.02, 0.02) = 0.028? no: not a tie
        assertFalse(ranked.get(1).tiedWith(ranked.get(0)));
        assertFalse(ranked.get(2).tiedWith(ranked.get(0)));
        assertFalse(ranked.get(0).tiedWith(ranked.get(0)));
        var closer = new Configurations.Configuration("x", 0.2, "constant", "sgd", List.of(), 3, 0.54, 0.02);
        assertTrue(closer.tiedWith(ranked.get(0)), "0.02 ≤ 0.028");
        var single = new Configurations.Configuration("y", 0.2, "constant", "sgd", List.of(), 1, 0.52, 0);
        assertFalse(single.tiedWith(ranked.get(0)), "one run says nothing about noise");
    }
}
