package lrsweep.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lrsweep.config.ConfigLoader;
import lrsweep.sweep.TrialGrid;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static final List<Trial> TRIALS = TrialGrid.of(ConfigLoader.fromConfig(
            ConfigFactory.parseString("sweep { learning-rates = [10, 1, 0.1, 0.01], schedules = [{type = cosine}] }"), "journal"));

    @TempDir
    Path output;

    private static TrialResult result(Trial t, TrialStatus status, String error) {
        var epochs = status == TrialStatus.FAILED ? List.<EpochRecord>of()
                : List.of(new EpochRecord(0, t.learningRate(), 0.6, status == TrialStatus.OK ? 0.5 : Double.NaN, 0.8, 12));
        return new TrialResult(t, status, epochs, error, 12, -1, false);
    }

    @Test
    void aResumeKeepsOkAndDivergedTrialsAndTriesFailedAndUnreadableOnesAgain() throws IOException {
        var directory = SweepDirectory.open(output.resolve("j"), SweepDirectory.Mode.NEW);
        var journal = new Journal(directory);
        TrialResult diverged = result(TRIALS.get(0), TrialStatus.DIVERGED, null);
        TrialResult ok = result(TRIALS.get(2), TrialStatus.OK, null);
        journal.commit(diverged);
        journal.commit(result(TRIALS.get(1), TrialStatus.FAILED, "OutOfMemoryError: Java heap space"));
        journal.commit(ok);
        Files.writeString(directory.resolve("journal/" + TRIALS.get(3).id() + ".json"), "{\"trialId\": "); // cut short by a crash

        Map<String, TrialResult> loaded = new Journal(directory).load(TRIALS);
        assertEquals(Map.of(TRIALS.get(0).id(), diverged, TRIALS.get(2).id(), ok), loaded);
    }
}
