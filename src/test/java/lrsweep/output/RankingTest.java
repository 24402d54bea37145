package lrsweep.output;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.config.Judging;
import lrsweep.config.SweepConfig;
import lrsweep.strategy.TrialKeys;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;

/** sweep.objective decides: trials and epochs whose loss and accuracy disagree rank by the one asked for. */
class RankingTest {

    private static List<TrialResult> results(String objective) {
        SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { learning-rates = [0.1, 0.01], objective = %s }
                train.epochs = 2
                """.formatted(objective)), "ranking");
        return SearchStrategy.of(config).trials().stream().map(RankingTest::result).toList();
    }

    /**
     * lr 0.1: the lowest loss (0.40, epoch 0) but the lower accuracy (0.80); lr 0.01: loss 0.45 and
     * accuracy 0.85 at epoch 1, whose loss (0.50) is above its epoch 0's (0.48).
     */
    private static TrialResult result(Trial t) {
        List<EpochRecord> epochs = t.learningRate() == 0.1
                ? List.of(new EpochRecord(0, 0.1, 1, 0.40, 0.78, 1), new EpochRecord(1, 0.1, 1, 0.42, 0.80, 1))
                : List.of(new EpochRecord(0, 0.01, 1, 0.48, 0.70, 1), new EpochRecord(1, 0.01, 1, 0.50, 0.85, 1));
        return new TrialResult(t, TrialStatus.OK, epochs, null, 1);
    }

    @Test
    void byLossTheLowestLossWins() {
        TrialResult best = Ranking.best(results("val_loss"), Judging.RankBy.BEST).orElseThrow();
        assertEquals(0.1, best.trial().learningRate());
        assertEquals(0, best.best().orElseThrow().epoch());
        assertEquals(0.1, Configurations.rank(results("val_loss"), Judging.RankBy.BEST).get(0).learningRate());
    }

    @Test
    void byAccuracyTheHighestAccuracyWins() {
        List<TrialResult> results = results("val_accuracy");
        assertEquals(List.of(0.01, 0.1), Ranking.rank(results, Judging.RankBy.BEST).stream().map(r -> r.trial().learningRate()).toList());
        TrialResult best = Ranking.best(results, Judging.RankBy.BEST).orElseThrow();
        assertEquals(1, best.best().orElseThrow().epoch(), "the epoch of the highest accuracy, not of the lowest loss");
        var configurations = Configurations.rank(results, Judging.RankBy.BEST);
        assertEquals(0.01, configurations.get(0).learningRate());
        assertEquals(0.85, configurations.get(0).mean(), 1e-12);
    }
}
