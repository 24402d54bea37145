package lrsweep.output;

import static lrsweep.output.ParquetTable.Type.BOOLEAN;
import static lrsweep.output.ParquetTable.Type.DOUBLE;
import static lrsweep.output.ParquetTable.Type.INT;
import static lrsweep.output.ParquetTable.Type.LONG;
import static lrsweep.output.ParquetTable.Type.STRING;
import static lrsweep.output.ParquetTable.nullable;
import static lrsweep.output.ParquetTable.required;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import lrsweep.config.Optimizers;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.train.EpochRecord;
import lrsweep.train.Optimizer;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Parquet tables of a sweep, written by Spark: {@code histories/} (one row per trial per epoch)
 * and {@code trials/} (one row per trial). Each is written beside its final place and then renamed
 * into it, so a reader never sees a half-written table.
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

    static final ParquetTable HISTORY = TRIAL_KEY.with(
            required("epoch", INT),
            required("learning_rate", DOUBLE),
            required("train_loss", DOUBLE),
            required("val_loss", DOUBLE),
            required("val_accuracy", DOUBLE),
            required("epoch_millis", LONG));

    static final ParquetTable TRIAL = TRIAL_KEY.with(
            required("status", STRING),
            required("epochs_run", INT),
            nullable("stopped_epoch", INT),
            nullable("best_epoch", INT),
            nullable("best_val_loss", DOUBLE),
            nullable("final_val_loss", DOUBLE),
            nullable("final_val_accuracy", DOUBLE),
            required("train_millis", LONG),
            nullable("error", STRING),
            // successive halving only: the last rung reported at, and whether the trial went on from it
            nullable("rung", INT),
            nullable("promoted", BOOLEAN));

    private ResultTables() {}

    /** Writes both tables for {@code results}, in the given order. */
    public static void write(JavaSparkContext jsc, SweepDirectory directory, List<TrialResult> results) throws IOException {
        List<Object[]> histories = new ArrayList<>();
        List<Object[]> trials = new ArrayList<>();
        for (TrialResult r : results) {
            // one key per trial, shared by its rows (the specs are built on each call)
            Object[] key = key(r.trial());
            for (EpochRecord e : r.epochs()) {
                histories.add(row(key, e.epoch(), e.learningRate(), e.trainLoss(), e.valLoss(), e.valAccuracy(), e.millis()));
            }
            var best = r.best();
            var last = r.last();
            trials.add(row(key, r.status().label(), r.epochs().size(), r.stoppedEpoch().orElse(null),
                    best.map(EpochRecord::epoch).orElse(null),
                    best.map(EpochRecord::valLoss).orElse(null),
                    last.map(EpochRecord::valLoss).orElse(null),
                    last.map(EpochRecord::valAccuracy).orElse(null),
                    r.trainMillis(), r.error(), r.rung() < 0 ? null : r.rung(), r.rung() < 0 ? null : !r.pruned()));
        }
        HISTORY.write(jsc, directory, HISTORIES, histories);
        TRIAL.write(jsc, directory, TRIALS, trials);
    }

    /**
     * Reads the results back from both tables, trials in table order (the order they were written
     * in). The tables hold each trial's key columns, its optimizer among them; what they do not
     * hold, the run's other train settings and the model, comes from the caller (the sweep's
     * {@code config.conf}).
     */
    public static List<TrialResult> read(SparkSession spark, SweepDirectory directory, TrainConfig train, ModelConfig model)
            throws IOException {
        Map<String, List<EpochRecord>> epochs = new HashMap<>();
        for (Row h : spark.read().parquet(directory.resolve(HISTORIES).toString()).orderBy("trial_id", "epoch").collectAsList()) {
            epochs.computeIfAbsent(h.getAs("trial_id"), id -> new ArrayList<>()).add(new EpochRecord(h.getAs("epoch"),
                    h.getAs("learning_rate"), h.getAs("train_loss"), h.getAs("val_loss"), h.getAs("val_accuracy"), h.getAs("epoch_millis")));
        }
        List<TrialResult> results = new ArrayList<>();
        for (Row t : inWrittenOrder(spark, directory.resolve(TRIALS))) {
            String id = t.getAs("trial_id");
            // the spec leaves out a configured name; the name column has it
            ScheduleVariant parsed = Schedules.parse(ConfigFactory.parseString(t.getAs("schedule_spec")), "schedule_spec of trial " + id);
            var schedule = new ScheduleVariant(t.getAs("schedule"), parsed.spec(), parsed.unit(), parsed.offset(), parsed.schedule());
            Optimizer optimizer = Optimizers.parse(ConfigFactory.parseString("o = " + t.getAs("optimizer_spec")).getValue("o"),
                    "optimizer_spec of trial " + id);
            var trial = new Trial(id, t.getAs("learning_rate_base"), schedule, t.getAs("seed"), train.withOptimizer(optimizer), model);
            var status = TrialStatus.valueOf(t.<String>getAs("status").toUpperCase(Locale.ROOT));
            // tables from before successive halving have no rung column
            boolean halving = t.schema().getFieldIndex("rung").isDefined() && !t.isNullAt(t.fieldIndex("rung"));
            results.add(new TrialResult(trial, status, epochs.getOrDefault(id, List.of()), t.getAs("error"), t.getAs("train_millis"),
                    halving ? t.<Integer>getAs("rung") : -1, halving && !t.<Boolean>getAs("promoted")));
        }
        return results;
    }

    /**
     * A table's rows in the order they were written: its part files one by one, in name order.
     * Spark's reader would order them by size, so a table of several files came back shuffled.
     */
    private static List<Row> inWrittenOrder(SparkSession spark, Path table) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(table)) {
            // Spark's own rule: names starting with "_" or "." are not data
            for (Path part : files.filter(f -> !f.getFileName().toString().matches("[_.].*")).sorted().toList()) {
                rows.addAll(spark.read().parquet(part.toString()).collectAsList());
            }
        }
        return rows;
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
