package lrsweep.output;

import static lrsweep.store.ParquetTable.Type.BOOLEAN;
import static lrsweep.store.ParquetTable.Type.DOUBLE;
import static lrsweep.store.ParquetTable.Type.INT;
import static lrsweep.store.ParquetTable.Type.LONG;
import static lrsweep.store.ParquetTable.Type.STRING;
import static lrsweep.store.ParquetTable.nullable;
import static lrsweep.store.ParquetTable.required;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lrsweep.config.Optimizers;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.train.EpochRecord;
import lrsweep.train.Objective;
import lrsweep.train.Optimizer;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import lrsweep.store.ParquetTable;
import lrsweep.store.SweepStore;

/**
 * The Parquet tables of a sweep, written by the driver through the store: {@code histories/} (one
 * row per trial per epoch) and {@code trials/} (one row per trial), each replaced whole.
 */
public final class ResultTables {

    public static final String HISTORIES = "histories";
    public static final String TRIALS = "trials";

    private static final ParquetTable TRIAL_KEY = ParquetTable.of(
            required("trial_id", STRING),
            required("learning_rate_base", DOUBLE),
            required("schedule", STRING),
            required("schedule_spec", STRING),
            required("optimizer", STRING),
            required("optimizer_spec", STRING),
            required("seed", INT));

    public static final ParquetTable HISTORY = TRIAL_KEY.with(
            required("epoch", INT),
            required("learning_rate", DOUBLE),
            required("train_loss", DOUBLE),
            required("val_loss", DOUBLE),
            // classification has no mean absolute error, regression no accuracy: null
            nullable("val_accuracy", DOUBLE),
            nullable("val_mae", DOUBLE),
            required("epoch_millis", LONG),
            // population-based training only: at the first epoch after an exploit, the member whose state was copied
            nullable("exploited_from", STRING));

    public static final ParquetTable TRIAL = TRIAL_KEY.with(
            required("status", STRING),
            required("epochs_run", INT),
            nullable("stopped_epoch", INT),
            // the epoch best by sweep.objective (named in `objective`), its value and its val_loss
            required("objective", STRING),
            nullable("best_epoch", INT),
            nullable("best_value", DOUBLE),
            nullable("best_val_loss", DOUBLE),
            nullable("final_val_loss", DOUBLE),
            nullable("final_val_accuracy", DOUBLE),
            nullable("final_val_mae", DOUBLE),
            required("train_millis", LONG),
            nullable("error", STRING),
            // successive halving only: the last rung reported at, and whether the trial went on from it
            nullable("rung", INT),
            nullable("promoted", BOOLEAN),
            // final validation loss above sweep.unstable-factor × the best (null without a finite final loss)
            nullable("unstable", BOOLEAN));

    private ResultTables() {}

    /**
     * Writes both tables for {@code results}, in the given order, each row as it is made.
     *
     * @param unstableFactor {@code sweep.unstable-factor}, which the {@code unstable} column judges by
     */
    public static void write(SweepStore store, List<TrialResult> results, double unstableFactor) throws IOException {
        HISTORY.write(store, HISTORIES, historyRows(results).iterator());
        TRIAL.write(store, TRIALS, trialRows(results, unstableFactor).iterator());
    }

    /** The rows of {@code histories/} for {@code results}, in their order: values in {@link #HISTORY}'s column order. */
    public static Stream<Object[]> historyRows(List<TrialResult> results) {
        return results.stream().flatMap(r -> {
            Object[] key = key(r.trial()); // one key per trial, shared by its rows (the specs are built on each call)
            return r.epochs().stream().map(e ->
                    row(key, e.epoch(), e.learningRate(), e.trainLoss(), e.valLoss(), orNull(e.valAccuracy()), orNull(e.valMae()),
                            e.millis(), r.exploits().get(e.epoch())));
        });
    }

    /** The rows of {@code trials/} for {@code results}, in their order: values in {@link #TRIAL}'s column order. */
    public static Stream<Object[]> trialRows(List<TrialResult> results, double unstableFactor) {
        return results.stream().map(r -> {
            var best = r.best();
            var last = r.last();
            Objective objective = r.trial().train().objective();
            return row(key(r.trial()), r.status().label(), r.epochs().size(), r.stoppedEpoch().orElse(null),
                    objective.key(),
                    best.map(EpochRecord::epoch).orElse(null),
                    best.map(objective::value).orElse(null),
                    best.map(EpochRecord::valLoss).orElse(null),
                    last.map(EpochRecord::valLoss).orElse(null),
                    last.map(e -> orNull(e.valAccuracy())).orElse(null),
                    last.map(e -> orNull(e.valMae())).orElse(null),
                    r.trainMillis(), r.error(), r.rung() < 0 ? null : r.rung(), r.rung() < 0 ? null : !r.pruned(),
                    Verdict.unstable(r, unstableFactor));
        });
    }

    /**
     * Reads the results back from both tables, trials in table order (the order they were written
     * in). The tables hold each trial's key columns, its optimizer among them; what they do not
     * hold, the run's other train settings and the model, comes from the caller (the sweep's
     * {@code config.conf}).
     *
     * @param trialIds the ids of the recorded config's trials, or null when they are not known
     * @throws IOException naming the file: a part file that is not Parquet, a trial id twice, a
     *                     trial the config does not have
     */
    public static List<TrialResult> read(SweepStore store, TrainConfig train, ModelConfig model, Set<String> trialIds)
            throws IOException {
        Map<String, List<EpochRecord>> epochs = new HashMap<>();
        Map<String, Map<Integer, String>> exploits = new HashMap<>();
        for (ParquetTable.Part part : ParquetTable.read(store, HISTORIES)) {
            for (Map<String, Object> h : part.rows()) {
                if (h.get("exploited_from") instanceof String donor) {
                    exploits.computeIfAbsent((String) h.get("trial_id"), id -> new HashMap<>()).put(((Number) h.get("epoch")).intValue(), donor);
                }
                epochs.computeIfAbsent((String) h.get("trial_id"), id -> new ArrayList<>()).add(new EpochRecord(
                        ((Number) h.get("epoch")).intValue(), number(h, "learning_rate"), number(h, "train_loss"),
                        number(h, "val_loss"), number(h, "val_accuracy"), number(h, "val_mae"),
                        ((Number) h.get("epoch_millis")).longValue()));
            }
        }
        epochs.values().forEach(list -> list.sort(Comparator.comparingInt(EpochRecord::epoch)));
        List<TrialResult> results = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ParquetTable.Part part : ParquetTable.read(store, TRIALS)) {
            for (Map<String, Object> t : part.rows()) {
                String id = (String) t.get("trial_id");
                String before = seen.put(id, part.file());
                if (before != null) {
                    throw new IOException(part.file() + ": trial " + id + " again (also in " + before + ")");
                }
                if (trialIds != null && !trialIds.contains(id)) {
                    throw new IOException(part.file() + ": trial " + id + " is not a trial of the sweep's config.conf");
                }
                results.add(result(t, id, epochs.getOrDefault(id, List.of()), exploits.getOrDefault(id, Map.of()), train, model));
            }
        }
        return results;
    }

    private static TrialResult result(Map<String, Object> t, String id, List<EpochRecord> epochs, Map<Integer, String> exploits,
            TrainConfig train, ModelConfig model) {
        // the spec leaves out a configured name; the name column has it
        ScheduleVariant parsed = Schedules.parse(ConfigFactory.parseString((String) t.get("schedule_spec")), "schedule_spec of trial " + id);
        var schedule = new ScheduleVariant((String) t.get("schedule"), parsed.spec(), parsed.unit(), parsed.offset(), parsed.schedule());
        Optimizer optimizer = Optimizers.parse(ConfigFactory.parseString("o = " + t.get("optimizer_spec")).getValue("o"),
                "optimizer_spec of trial " + id);
        var trial = new Trial(id, number(t, "learning_rate_base"), schedule, ((Number) t.get("seed")).intValue(),
                train.withOptimizer(optimizer), model);
        var status = TrialStatus.valueOf(((String) t.get("status")).toUpperCase(Locale.ROOT));
        // tables from before successive halving have no rung column
        boolean halving = t.get("rung") != null;
        return new TrialResult(trial, status, epochs, (String) t.get("error"), ((Number) t.get("train_millis")).longValue(),
                halving ? ((Number) t.get("rung")).intValue() : -1, halving && !(Boolean) t.get("promoted"), exploits);
    }

    /** A column's value; NaN for null or a column older tables lack (val_mae). */
    private static double number(Map<String, Object> row, String column) {
        return row.get(column) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The metrics a task does not measure are NaN in an {@link EpochRecord}, null in the tables. */
    private static Double orNull(double metric) {
        return Double.isNaN(metric) ? null : metric;
    }

    private static Object[] key(Trial t) {
        return new Object[] {t.id(), t.learningRate(), t.schedule().name(), t.schedule().spec(), t.train().optimizer().name(),
                t.train().optimizer().spec(), t.seed()};
    }

    private static Object[] row(Object[] key, Object... values) {
        Object[] all = Arrays.copyOf(key, key.length + values.length);
        System.arraycopy(values, 0, all, key.length, values.length);
        return all;
    }
}
