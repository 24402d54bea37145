package lrsweep.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lrsweep.config.InputException;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.apache.hadoop.fs.FileStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trial results committed one by one as they finish ({@code journal/<trial id>.json}), so a crash
 * loses at most the trials in flight and {@code --resume} skips what is done. An entry records what
 * it is the result of: the trial's full key and a fingerprint of the input data; a resume keeps an
 * entry only when both still hold, and says why it does not.
 */
public final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    public static final String FOLDER = "journal";
    /** How many rejected entries are named one by one before the rest are counted. */
    private static final int NAMED = 10;

    private final SweepStore store;
    private final Function<Trial, String> keyOf;
    private final String data;
    private final String run;
    private final long startNanos;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param keyOf      a trial's full key: what makes the trial (its id is a digest of it)
     * @param data       the input data's fingerprint
     * @param run        this invocation's id
     * @param startNanos when this invocation started, for the sweep's total wall time
     */
    public Journal(SweepStore store, Function<Trial, String> keyOf, String data, String run, long startNanos) {
        this.store = store;
        this.keyOf = keyOf;
        this.data = data;
        this.run = run;
        this.startNanos = startNanos;
    }

    /**
     * What is stored of a result: its trial is known again from the config, by id.
     *
     * @param elapsedMillis how long the invocation {@code run} had been running when it committed this
     * @param exploits      a population member's exploits (null in entries from before population-based training)
     */
    record Entry(String trialId, String key, String data, String run, long elapsedMillis, TrialStatus status, String error,
            long trainMillis, List<EpochRecord> epochs, int rung, boolean pruned, Map<Integer, String> exploits) {}

    public void commit(TrialResult result) throws IOException {
        var entry = new Entry(result.trial().id(), keyOf.apply(result.trial()), data, run,
                (System.nanoTime() - startNanos) / 1_000_000, result.status(), result.error(), result.trainMillis(),
                result.epochs(), result.rung(), result.pruned(), result.exploits());
        store.write(FOLDER + "/" + result.trial().id() + ".json", json.writeValueAsBytes(entry));
    }

    /**
     * What a resume finds.
     *
     * @param done          the trials of the config with a valid ok or diverged result
     * @param leftOut       valid entries of trials this config does not have (they stay in the journal)
     * @param earlierMillis the wall time of the earlier invocations, up to each one's last commit
     */
    public record Recorded(Map<String, TrialResult> done, int leftOut, long earlierMillis) {}

    /**
     * Reads and checks every entry against {@code trials}; an entry that fails a check is named
     * with its reason, and its trial trains again.
     *
     * @param refuseForeign whether a journal that shares no trial with {@code trials} is refused
     * @throws InputException when {@code refuseForeign} and the journal has entries but none is a
     *                        trial of {@code trials}: the directory holds another sweep
     */
    public Recorded load(List<Trial> trials, boolean refuseForeign) throws IOException {
        Map<String, Trial> byId = new HashMap<>();
        trials.forEach(t -> byId.put(t.id(), t));
        Map<String, TrialResult> done = new HashMap<>();
        Map<String, Long> runMillis = new HashMap<>();
        List<String> rejected = new ArrayList<>();
        int entries = 0;
        int ours = 0;
        int leftOut = 0;
        for (FileStatus file : store.list(FOLDER)) {
            String name = file.getPath().getName();
            if (!name.endsWith(".json")) {
                continue;
            }
            entries++;
            Entry e;
            try {
                e = entry(store.read(FOLDER + "/" + name));
            } catch (IOException ex) {
                rejected.add(name + ": unreadable (" + Locations.firstLine(ex) + ")");
                continue;
            }
            Trial trial = e.trialId() == null ? null : byId.get(e.trialId());
            String problem = problem(name, e, trial);
            if (trial != null) {
                ours++;
            }
            if (problem != null) {
                rejected.add(name + ": " + problem);
                continue;
            }
            runMillis.merge(e.run(), e.elapsedMillis(), Math::max);
            if (trial == null) {
                leftOut++;
            } else if (e.status() != TrialStatus.FAILED) { // an error may not recur (a lost file system, memory): try again
                done.put(trial.id(), new TrialResult(trial, e.status(), e.epochs(), e.error(), e.trainMillis(), e.rung(), e.pruned(),
                        e.exploits() == null ? Map.of() : e.exploits()));
            }
        }
        if (refuseForeign && entries > 0 && ours == 0) {
            throw new InputException(store.location() + " holds another sweep: none of its " + entries
                    + " journal entries is a trial of this config; choose another sweep.name or --output, or pass --overwrite to replace it");
        }
        for (int i = 0; i < rejected.size(); i++) {
            if (i == NAMED) {
                LOG.warn("... and {} more journal entries rejected; their trials train again", rejected.size() - NAMED);
                break;
            }
            LOG.warn("journal/{}; the trial trains again", rejected.get(i));
        }
        if (leftOut > 0) {
            LOG.info("resume: {} recorded trials are not in this config: they stay in the journal, left out of the results", leftOut);
        }
        runMillis.remove(run);
        return new Recorded(done, leftOut, runMillis.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Why an entry cannot be trusted, or null. {@code trial}: the config's trial of the entry's id, if any. */
    /**
     * Reads one entry. Entries from before regressions have no {@code valMae}: it is NaN (not
     * measured), where Jackson would give a missing double 0.
     */
    private Entry entry(byte[] bytes) throws IOException {
        JsonNode tree = json.readTree(bytes);
        for (JsonNode epoch : tree.path("epochs")) {
            if (epoch instanceof ObjectNode o && !o.has("valMae")) {
                o.put("valMae", Double.NaN);
            }
        }
        return json.treeToValue(tree, Entry.class);
    }

    private String problem(String name, Entry e, Trial trial) {
        if (e.trialId() == null || e.key() == null || e.data() == null || e.run() == null || e.status() == null
                || e.epochs() == null) {
            return "not a complete journal entry (an older lr-sweep's, or damaged)";
        }
        if (!name.equals(e.trialId() + ".json")) {
            return "it records trial " + e.trialId() + ", not the trial its name says";
        }
        if (trial != null && !e.key().equals(keyOf.apply(trial))) {
            return "its trial settings are not this config's";
        }
        if (!e.data().equals(data)) {
            return "it was trained on other data (the input files, or the DataFrames given to LrSweep, changed since)";
        }
        if (e.elapsedMillis() < 0 || e.trainMillis() < 0 || e.rung() < -1) {
            return "negative times or rung";
        }
        if (e.status() != TrialStatus.FAILED && e.epochs().isEmpty()) {
            return "a " + e.status().label() + " trial without epochs";
        }
        for (int i = 0; i < e.epochs().size(); i++) {
            EpochRecord epoch = e.epochs().get(i);
            if (epoch == null || epoch.epoch() != i || !(epoch.learningRate() >= 0) || epoch.millis() < 0) {
                return "epoch " + i + " is malformed";
            }
        }
        return null;
    }
}
