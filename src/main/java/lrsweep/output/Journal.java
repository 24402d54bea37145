package lrsweep.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trial results committed one by one as they finish ({@code journal/<trial id>.json}), so a crash
 * loses at most the trials in flight and {@code --resume} skips what is done.
 */
public final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String DIR = "journal";

    private final SweepDirectory directory;
    private final ObjectMapper json = new ObjectMapper();

    public Journal(SweepDirectory directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory.resolve(DIR));
    }

    /** What is stored of a result: its trial is known again from the config, by id. */
    record Entry(String trialId, TrialStatus status, String error, long trainMillis, List<EpochRecord> epochs, int rung,
            boolean pruned) {}

    public void commit(TrialResult result) throws IOException {
        var entry = new Entry(result.trial().id(), result.status(), result.error(), result.trainMillis(), result.epochs(),
                result.rung(), result.pruned());
        directory.writeAtomically(DIR + "/" + result.trial().id() + ".json", json.writeValueAsString(entry));
    }

    /** The committed results of those of {@code trials} that have one. */
    public Map<String, TrialResult> load(List<Trial> trials) throws IOException {
        Map<String, TrialResult> done = new HashMap<>();
        for (Trial trial : trials) {
            Path file = directory.resolve(DIR + "/" + trial.id() + ".json");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                Entry e = json.readValue(file.toFile(), Entry.class);
                if (e.status() == TrialStatus.FAILED) {
                    continue; // an error may not recur (a lost file system, memory): a resume tries again
                }
                done.put(trial.id(), new TrialResult(trial, e.status(), e.epochs(), e.error(), e.trainMillis(), e.rung(), e.pruned()));
            } catch (IOException e) {
                LOG.warn("ignoring unreadable journal entry {} ({}); the trial runs again", file, e.getMessage());
            }
        }
        return done;
    }
}
