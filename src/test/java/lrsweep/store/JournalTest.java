package lrsweep.store;

import lrsweep.strategy.TrialKeys;
import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.strategy.TrialKeys;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --resume keeps of a journal: only entries it can prove are this config's trials on this data. */
class JournalTest {

    private static final lrsweep.config.SweepConfig CONFIG = ConfigLoader.fromConfig(
            ConfigFactory.parseString("sweep { learning-rates = [10, 1, 0.1, 0.01], schedules = [{type = cosine}] }"), "journal");
    private static final List<Trial> TRIALS = SearchStrategy.of(CONFIG).trials();
    private static final Function<Trial, String> KEY = t -> TrialKeys.key(CONFIG, t);

    @TempDir
    Path output;
    SweepStore store;

    @BeforeEach
    void open() throws IOException {
        store = SweepStore.open(output.resolve("j").toString(), "output.dir", SweepStore.Mode.NEW, new Configuration(),
                Duration.ofSeconds(60));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    private Journal journal(String data) {
        return new Journal(store, KEY, data, "run-" + data, System.nanoTime());
    }

    private static TrialResult result(Trial t, TrialStatus status, String error) {
        var epochs = status == TrialStatus.FAILED ? List.<EpochRecord>of()
                : List.of(new EpochRecord(0, t.learningRate(), 0.6, status == TrialStatus.OK ? 0.5 : Double.NaN, 0.8, 12));
        return new TrialResult(t, status, epochs, error, 12, -1, false);
    }

    private Path entry(Trial t) {
        return output.resolve("j/journal/" + t.id() + ".json");
    }

    @Test
    void aResumeKeepsOkAndDivergedTrialsAndTriesFailedAndUnreadableOnesAgain() throws IOException {
        var journal = journal("data-1");
        TrialResult diverged = result(TRIALS.get(0), TrialStatus.DIVERGED, null);
        TrialResult ok = result(TRIALS.get(2), TrialStatus.OK, null);
        journal.commit(diverged);
        journal.commit(result(TRIALS.get(1), TrialStatus.FAILED, "OutOfMemoryError: Java heap space"));
        journal.commit(ok);
        Files.writeString(entry(TRIALS.get(3)), "{\"trialId\": "); // cut short by a crash

        var recorded = journal("data-1").load(TRIALS, true);
        assertEquals(Map.of(TRIALS.get(0).id(), diverged, TRIALS.get(2).id(), ok), recorded.done());
        assertEquals(0, recorded.leftOut());
    }

    /** An entry written before regressions (no valMae) reads as a classifier's epoch: mean absolute error not measured. */
    @Test
    void anEntryFromBeforeRegressionsHasNoMeanAbsoluteError() throws IOException {
        var journal = journal("data-1");
        journal.commit(result(TRIALS.get(0), TrialStatus.OK, null));
        Path file = entry(TRIALS.get(0));
        String written = Files.readString(file);
        assertTrue(written.contains("\"valMae\":\"NaN\","), written);
        Files.writeString(file, written.replace("\"valMae\":\"NaN\",", ""));
        EpochRecord epoch = journal("data-1").load(TRIALS, true).done().get(TRIALS.get(0).id()).epochs().get(0);
        assertTrue(Double.isNaN(epoch.valMae()), epoch.toString());
        assertEquals(0.8, epoch.valAccuracy());
    }

    @Test
    void forgedEmptyAndStaleEntriesAreRetrained() throws IOException {
        var journal = journal("data-1");
        for (Trial t : TRIALS) {
            journal.commit(result(t, TrialStatus.OK, null));
        }
        // trial 0's entry copied over trial 1's; {} as trial 2's; trial 3's key edited
        Files.copy(entry(TRIALS.get(0)), entry(TRIALS.get(1)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(entry(TRIALS.get(2)), "{}");
        Files.writeString(entry(TRIALS.get(3)), Files.readString(entry(TRIALS.get(3))).replace("lr=0.01", "lr=0.02"));

        assertEquals(List.of(TRIALS.get(0).id()), List.copyOf(journal("data-1").load(TRIALS, true).done().keySet()));
        assertEquals(Map.of(), journal("data-2").load(TRIALS, true).done(), "the data changed: every trial trains again");
    }

    @Test
    void aJournalOfAnotherSweepIsRefusedAndTrialsLeftOutAreCounted() throws IOException {
        var journal = journal("data-1");
        journal.commit(result(TRIALS.get(0), TrialStatus.OK, null));
        journal.commit(result(TRIALS.get(1), TrialStatus.OK, null));
        var e = assertThrows(InputException.class, () -> journal("data-1").load(TRIALS.subList(2, 4), true));
        assertTrue(e.getMessage().endsWith("holds another sweep: none of its 2 journal entries is a trial of this config; "
                + "choose another sweep.name or --output, or pass --overwrite to replace it"), e.getMessage());
        var recorded = journal("data-1").load(TRIALS.subList(1, 4), true);
        assertEquals(List.of(TRIALS.get(1).id()), List.copyOf(recorded.done().keySet()));
        assertEquals(1, recorded.leftOut());
    }

    @Test
    void theWallTimeOfEarlierInvocationsAddsUp() throws IOException {
        long start = System.nanoTime() - 5_000_000_000L;
        new Journal(store, KEY, "d", "first", start).commit(result(TRIALS.get(0), TrialStatus.OK, null));
        new Journal(store, KEY, "d", "second", start - 2_000_000_000L).commit(result(TRIALS.get(1), TrialStatus.OK, null));
        long earlier = new Journal(store, KEY, "d", "third", System.nanoTime()).load(TRIALS, true).earlierMillis();
        assertTrue(earlier >= 12_000 && earlier < 13_000, "5 s + 7 s: " + earlier);
    }
}
