package lrsweep.sweep;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final List<Trial> TRIALS = SearchStrategy.of(ConfigLoader.fromConfig(
            ConfigFactory.parseString("sweep { learning-rates = [10, 0.1, 0.01], schedules = [{type = constant}] }"), "progress")).trials();

    private static TrialResult result(Trial t, TrialStatus status, double valLoss) {
        return new TrialResult(t, status, List.of(new EpochRecord(0, t.learningRate(), valLoss, valLoss, 0.5, 10)), null, 10);
    }

    @Test
    void aResumedSweepCountsWhatFinishedBefore() {
        var resumed = List.of(result(TRIALS.get(0), TrialStatus.DIVERGED, Double.NaN), result(TRIALS.get(1), TrialStatus.OK, 0.4));
        try (var progress = new Progress(new PrintStream(new ByteArrayOutputStream()), false, 3, resumed, 60)) {
            String line = progress.line();
            assertTrue(line.startsWith("trials 2/3 · running 0 · failed 0 · diverged 1 · best val_loss 0.4000 (lr 0.1, constant"), line);
            assertTrue(line.endsWith("ETA ?"), line);
            progress.finished(result(TRIALS.get(2), TrialStatus.OK, 0.5));
            line = progress.line();
            assertTrue(line.startsWith("trials 3/3 · running 0 · failed 0 · diverged 1 · best val_loss 0.4000 (lr 0.1,"), line);
        }
    }

    @Test
    void onATerminalEachResultRedrawsTheLineAndCloseLeavesTheLast() {
        var bytes = new ByteArrayOutputStream();
        try (var progress = new Progress(new PrintStream(bytes), true, 2, List.of(), 60)) {
            progress.running(2);
            progress.finished(result(TRIALS.get(1), TrialStatus.OK, 0.4));
            progress.running(1);
            progress.finished(result(TRIALS.get(0), TrialStatus.FAILED, Double.NaN));
            progress.running(0);
        }
        String out = bytes.toString();
        String[] draws = out.split("\r\u001b\\[K", -1);
        assertEquals(4, draws.length, out); // nothing before the first redraw, two results, close
        assertTrue(draws[1].startsWith("trials 1/2 · running 2 · failed 0"), draws[1]);
        assertTrue(draws[2].startsWith("trials 2/2 · running 1 · failed 1"), draws[2]);
        assertTrue(draws[3].startsWith("trials 2/2 · running 0 · failed 1") && draws[3].endsWith("\n"), draws[3]);
    }

    @Test
    void offATerminalCloseLeavesOnePlainLine() {
        var bytes = new ByteArrayOutputStream();
        try (var progress = new Progress(new PrintStream(bytes), false, 1, List.of(), 60)) {
            progress.finished(result(TRIALS.get(1), TrialStatus.OK, 0.4));
        }
        String out = bytes.toString();
        assertTrue(out.startsWith("trials 1/1 · running 0 · failed 0 · diverged 0 · best val_loss 0.4000") && out.endsWith("\n")
                && out.lines().count() == 1, out);
    }
    @Test
    void aPopulationCountsEpochsUntilItsMembersAreCommitted() {
        try (var progress = new Progress(new PrintStream(new ByteArrayOutputStream()), false, 3, List.of(), 60)) {
            progress.population(6, 18, List.of(result(TRIALS.get(0), TrialStatus.DIVERGED, Double.NaN),
                    result(TRIALS.get(1), TrialStatus.OK, 0.5), result(TRIALS.get(2), TrialStatus.OK, 0.4)));
            String line = progress.line();
            assertTrue(line.startsWith("population 3 · epoch 6/18 · running 0 · failed 0 · diverged 1 · best val_loss 0.4000 (lr 0.01,"),
                    line);
            assertTrue(line.endsWith("ETA ?"), "no epoch trained yet in this run: " + line);
            progress.population(9, 18, List.of(result(TRIALS.get(0), TrialStatus.OK, 0.45),
                    result(TRIALS.get(1), TrialStatus.OK, 0.3), result(TRIALS.get(2), TrialStatus.OK, 0.4)));
            line = progress.line();
            assertTrue(line.startsWith("population 3 · epoch 9/18 · running 0 · failed 0 · diverged 0 · best val_loss 0.3000 (lr 0.1,"),
                    line);
            assertTrue(line.matches(".* ETA \\d\\d:\\d\\d"), "3 of 12 epochs left trained in this run: " + line);
            TRIALS.forEach(t -> progress.finished(result(t, TrialStatus.OK, 0.4)));
            assertTrue(progress.line().startsWith("trials 3/3 ·"), progress.line());
        }
    }
}
