package lrsweep.output;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet tables of a sweep, written by Spark: {@code histories/} (one row per trial per epoch)
 * and {@code trials/} (one row per trial). Each is written beside its final place and then renamed
 * into it, so a reader never sees a half-written table.
 */
public final class ResultTables {

    public static final String HISTORIES = "histories";
    public static final String TRIALS = "trials";

    private static final List<StructField> TRIAL_KEY = List.of(
            field("trial_id", DataTypes.StringType, false),
            field("learning_rate_base", DataTypes.DoubleType, false),
            field("schedule", DataTypes.StringType, false),
            field("schedule_spec", DataTypes.StringType, false),
            field("optimizer", DataTypes.StringType, false),
            field("optimizer_spec", DataTypes.StringType, false),
            field("seed", DataTypes.IntegerType, false));

    static final StructType HISTORY_SCHEMA = schema(
            field("epoch", DataTypes.IntegerType, false),
            field("learning_rate", DataTypes.DoubleType, false),
            field("train_loss", DataTypes.DoubleType, false),
            field("val_loss", DataTypes.DoubleType, false),
            field("val_accuracy", DataTypes.DoubleType, false),
            field("epoch_millis", DataTypes.LongType, false));

    static final StructType TRIAL_SCHEMA = schema(
            field("status", DataTypes.StringType, false),
            field("epochs_run", DataTypes.IntegerType, false),
            field("stopped_epoch", DataTypes.IntegerType, true),
            field("best_epoch", DataTypes.IntegerType, true),
            field("best_val_loss", DataTypes.DoubleType, true),
            field("final_val_loss", DataTypes.DoubleType, true),
            field("final_val_accuracy", DataTypes.DoubleType, true),
            field("train_millis", DataTypes.LongType, false),
            field("error", DataTypes.StringType, true),
            // successive halving only: the last rung reported at, and whether the trial went on from it
            field("rung", DataTypes.IntegerType, true),
            field("promoted", DataTypes.BooleanType, true));

    private ResultTables() {}

    /** Writes both tables for {@code results}, in the given order. */
    public static void write(SparkSession spark, SweepDirectory directory, List<TrialResult> results) throws IOException {
        List<Row> histories = new ArrayList<>();
        List<Row> trials = new ArrayList<>();
        for (TrialResult r : results) {
            for (EpochRecord e : r.epochs()) {
                histories.add(row(r.trial(), e.epoch(), e.learningRate(), e.trainLoss(), e.valLoss(), e.valAccuracy(), e.millis()));
            }
            var best = r.best();
            var last = r.last();
            trials.add(row(r.trial(), r.status().label(), r.epochs().size(), r.stoppedEpoch().orElse(null),
                    best.map(EpochRecord::epoch).orElse(null),
                    best.map(EpochRecord::valLoss).orElse(null),
                    last.map(EpochRecord::valLoss).orElse(null),
                    last.map(EpochRecord::valAccuracy).orElse(null),
                    r.trainMillis(), r.error(), r.rung() < 0 ? null : r.rung(), r.rung() < 0 ? null : !r.pruned()));
        }
        writeTable(spark, directory, HISTORIES, histories, HISTORY_SCHEMA);
        writeTable(spark, directory, TRIALS, trials, TRIAL_SCHEMA);
    }

    /**
     * Reads the results back from both tables, trials in table order (the order they were written
     * in). The tables hold each trial's key columns, its optimizer among them; what they do not
     * hold, the run's other train settings and the model, comes from the caller (the sweep's
     * {@code config.conf}).
     */
    public static List<TrialResult> read(SparkSession spark, SweepDirectory directory, TrainConfig train, ModelConfig model) {
        Map<String, List<EpochRecord>> epochs = new HashMap<>();
        for (Row h : spark.read().parquet(directory.resolve(HISTORIES).toString()).orderBy("trial_id", "epoch").collectAsList()) {
            epochs.computeIfAbsent(h.getAs("trial_id"), id -> new ArrayList<>()).add(new EpochRecord(h.getAs("epoch"),
                    h.getAs("learning_rate"), h.getAs("train_loss"), h.getAs("val_loss"), h.getAs("val_accuracy"), h.getAs("epoch_millis")));
        }
        List<TrialResult> results = new ArrayList<>();
        for (Row t : spark.read().parquet(directory.resolve(TRIALS).toString()).collectAsList()) {
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

    static void writeTable(SparkSession spark, SweepDirectory directory, String name, List<Row> rows, StructType schema)
            throws IOException {
        var tmp = directory.temporary(name);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(tmp.toUri().toString());
        directory.replace(tmp, name);
    }

    private static Row row(Trial t, Object... values) {
        Object[] all = new Object[TRIAL_KEY.size() + values.length];
        all[0] = t.id();
        all[1] = t.learningRate();
        all[2] = t.schedule().name();
        all[3] = t.schedule().spec();
        all[4] = t.train().optimizer().name();
        all[5] = t.train().optimizer().spec();
        all[6] = t.seed();
        System.arraycopy(values, 0, all, TRIAL_KEY.size(), values.length);
        return RowFactory.create(all);
    }

    private static StructType schema(StructField... fields) {
        List<StructField> all = new ArrayList<>(TRIAL_KEY);
        all.addAll(List.of(fields));
        return DataTypes.createStructType(all);
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
