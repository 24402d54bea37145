package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore.Mode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job on a tiny slice of the bundled data: a local Spark session, DL4J training, Parquet
 * read back. 2 learning rates (one sane, one absurd) × 2 schedules × 3 epochs.
 */
class SweepEndToEndTest {

    @TempDir
    static Path temp;
    /** With a space and a non-ASCII letter, which a file: URL would have to escape. */
    static Path output;

    static SparkSession spark;
    static SweepConfig config;
    static SweepJob.Outcome outcome;
    static Path dir;

    @BeforeAll
    static void runSweep() throws Exception {
        spark = SharedSpark.session();
        output = temp.resolve("sweeps ü");
        config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.1, 10000]
                sweep.schedules = [{type = exponential, k = 0.5}, {type = step, every = 1, factor = 0.5}]
                train { epochs = 3, batch-size = 32 }
                data { train-examples = 300, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(output.toString().replace("\\", "/"))), "e2e");
        outcome = SweepJob.run(spark, config, Mode.NEW, quiet(), false);
        dir = output.resolve("e2e");
    }

    @Test
    void writesOneTrialRowPerTrialAndOneHistoryRowPerTrainedEpoch() {
        List<Row> trials = spark.read().parquet(dir.resolve("trials").toString()).collectAsList();
        assertEquals(4, trials.size());
        assertEquals(4, trials.stream().map(r -> r.getAs("trial_id")).distinct().count());

        var histories = spark.read().parquet(dir.resolve("histories").toString());
        for (Row t : trials) {
            long rows = histories.where(histories.col("trial_id").equalTo(t.<String>getAs("trial_id"))).count();
            assertEquals(t.<Integer>getAs("epochs_run").longValue(), rows);
            if (t.<String>getAs("status").equals("ok")) {
                assertEquals(3, rows);
            }
        }
    }

    @Test
    void theTablesHaveTheDocumentedColumnsTypesAndNulls() {
        String key = "trial_id:string,learning_rate_base:double,schedule:string,schedule_spec:string,optimizer:string,"
                + "optimizer_spec:string,seed:int,";
        assertEquals(key + "epoch:int,learning_rate:double,train_loss:double,val_loss:double,val_accuracy:double,val_mae:double,"
                + "epoch_millis:bigint,exploited_from:string",
                columns(spark.read().parquet(dir.resolve("histories").toString()).schema()));
        var trials = spark.read().parquet(dir.resolve("trials").toString());
        assertEquals(key + "status:string,epochs_run:int,stopped_epoch:int,objective:string,best_epoch:int,best_value:double,"
                + "best_val_loss:double,final_val_loss:double,final_val_accuracy:double,final_val_mae:double,train_millis:bigint,"
                + "error:string,rung:int,promoted:boolean,unstable:boolean", columns(trials.schema()));
        var histories = spark.read().parquet(dir.resolve("histories").toString());
        assertEquals(0, histories.where("val_mae is not null or val_accuracy is null").count(), "a classifier has no mean absolute error");
        assertEquals(0, histories.where("exploited_from is not null").count(), "no population: no exploits");
        for (Row t : trials.collectAsList()) {
            assertTrue(t.isNullAt(t.fieldIndex("error")) && t.isNullAt(t.fieldIndex("rung")) && t.isNullAt(t.fieldIndex("promoted")));
            assertTrue(t.isNullAt(t.fieldIndex("final_val_mae")));
            assertEquals("val_loss", t.<String>getAs("objective"));
            if (t.<String>getAs("status").equals("ok")) {
                Row lowest = histories.where(histories.col("trial_id").equalTo(t.<String>getAs("trial_id")))
                        .orderBy("val_loss").first();
                assertEquals(lowest.<Integer>getAs("epoch"), t.<Integer>getAs("best_epoch"), t.toString());
                assertEquals(lowest.<Double>getAs("val_loss"), t.<Double>getAs("best_val_loss"), t.toString());
                assertEquals(lowest.<Double>getAs("val_loss"), t.<Double>getAs("best_value"), t.toString());
            }
        }
    }

    @Test
    void duckDbReadsTheTablesAsSparkDoes() throws Exception {
        DuckDb.assumeInstalled();
        JsonNode duck = DuckDb.read(dir);
        var trials = spark.read().parquet(dir.resolve("trials").toString());
        var histories = spark.read().parquet(dir.resolve("histories").toString());
        assertEquals(duckColumns(trials.schema()), strings(duck.get("trialColumns")));
        assertEquals(duckColumns(histories.schema()), strings(duck.get("historyColumns")));

        List<Row> sparkTrials = trials.orderBy("trial_id").collectAsList();
        assertEquals(sparkTrials.size(), duck.get("trials").size());
        for (int i = 0; i < sparkTrials.size(); i++) {
            Row s = sparkTrials.get(i);
            JsonNode d = duck.get("trials").get(i);
            assertEquals(s.<String>getAs("trial_id"), d.get("trial_id").asText());
            assertEquals(s.<String>getAs("status"), d.get("status").asText());
            assertEquals(s.<Integer>getAs("epochs_run").intValue(), d.get("epochs_run").asInt());
            if (s.<String>getAs("status").equals("ok")) {
                assertEquals(s.<Integer>getAs("best_epoch").intValue(), d.get("best_epoch").asInt());
                assertEquals(s.<Double>getAs("best_val_loss"), d.get("best_val_loss").asDouble(), 0);
            }
            assertTrue(d.get("error").isNull());
        }
        List<Row> sparkHistories = histories.where("isnan(val_loss) = false and abs(val_loss) < 'Infinity'")
                .orderBy("trial_id", "epoch").collectAsList();
        assertEquals(sparkHistories.size(), duck.get("histories").size());
        for (int i = 0; i < sparkHistories.size(); i++) {
            JsonNode d = duck.get("histories").get(i);
            assertEquals(sparkHistories.get(i).<String>getAs("trial_id"), d.get("trial_id").asText());
            assertEquals(sparkHistories.get(i).<Integer>getAs("epoch").intValue(), d.get("epoch").asInt());
            assertEquals(sparkHistories.get(i).<Double>getAs("val_loss"), d.get("val_loss").asDouble(), 0);
        }
    }

    /** Spark's column types as DuckDB names them. */
    private static List<String> duckColumns(StructType schema) {
        Map<String, String> types = Map.of("string", "VARCHAR", "double", "DOUBLE", "int", "INTEGER", "bigint", "BIGINT",
                "boolean", "BOOLEAN");
        return Arrays.stream(schema.fields()).map(f -> f.name() + ":" + types.get(f.dataType().simpleString())).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String columns(StructType schema) {
        return Arrays.stream(schema.fields()).map(f -> f.name() + ":" + f.dataType().simpleString())
                .collect(Collectors.joining(","));
    }

    @Test
    void recordsTheLearningRateEachScheduleGaveTheEngine() {
        var rows = spark.read().parquet(dir.resolve("histories").toString())
                .where("learning_rate_base = 0.1").collectAsList();
        assertEquals(6, rows.size());
        for (Row r : rows) {
            int epoch = r.getAs("epoch");
            String schedule = r.getAs("schedule");
            double expected = schedule.startsWith("exponential") ? 0.1 * Math.exp(-0.5 * epoch) : 0.1 * Math.pow(0.5, epoch);
            assertEquals(expected, r.<Double>getAs("learning_rate"), 1e-12 * expected, schedule + " epoch " + epoch);
        }
    }

    @Test
    void lossesFallForASaneLearningRate() {
        var rows = spark.read().parquet(dir.resolve("histories").toString())
                .where("learning_rate_base = 0.1").orderBy("schedule", "epoch").collectAsList();
        Map<String, List<Row>> bySchedule = rows.stream().collect(Collectors.groupingBy(r -> r.getAs("schedule"), TreeMap::new, Collectors.toList()));
        assertEquals(2, bySchedule.size());
        for (List<Row> history : bySchedule.values()) {
            double first = history.get(0).getAs("train_loss");
            double last = history.get(2).getAs("train_loss");
            assertTrue(last < first * 0.9, "train loss " + first + " -> " + last);
            assertTrue(history.get(2).<Double>getAs("val_loss") < history.get(0).<Double>getAs("val_loss"), "val loss " + history);
            assertTrue(history.get(2).<Double>getAs("val_accuracy") > 0.3, "accuracy (chance is 0.1) " + history.get(2).<Double>getAs("val_accuracy"));
        }
    }

    @Test
    void reportsAnAbsurdLearningRateAsDiverged() {
        var trials = spark.read().parquet(dir.resolve("trials").toString()).where("learning_rate_base = 10000").collectAsList();
        assertEquals(2, trials.size());
        for (Row t : trials) {
            assertEquals("diverged", t.getAs("status"));
            // the first minibatches at such a rate blow the loss past 4x the untrained one: the first epoch ends it
            assertEquals(1, t.<Integer>getAs("epochs_run"), t.toString());
        }
    }

    @Test
    void bestJsonNamesTheOkTrialWithTheLowestValidationLoss() throws IOException {
        Row lowest = spark.read().parquet(dir.resolve("trials").toString())
                .where("status = 'ok'").orderBy("best_val_loss").first();
        JsonNode best = new ObjectMapper().readTree(dir.resolve("best.json").toFile());
        assertEquals(lowest.<String>getAs("trial_id"), best.get("best").get("trial_id").asText());
        assertEquals(lowest.<Double>getAs("best_val_loss"), best.get("best").get("best_val_loss").asDouble(), 1e-12);
        assertEquals(4, best.get("ranking").size());
        assertEquals("diverged", best.get("ranking").get(3).get("status").asText());
        assertEquals(0.1, best.get("best").get("config").get("learning-rate").asDouble());
        assertNotNull(best.get("best").get("config").get("schedule").get("type"));
        assertEquals(32, best.get("best").get("config").get("train").get("batch-size").asInt());
        // 0.1 won against 10000: the optimum may lie below it
        assertTrue(best.get("warnings").get(0).asText().startsWith("sgd: the best learning rate, 0.1, is the smallest of the 2 swept"),
                best.get("warnings").toString());

        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains(lowest.<String>getAs("trial_id")), report);
        assertTrue(report.contains("2 ok, 2 diverged, 0 failed"), report);
        assertTrue(report.contains("at the grid's edge: widen it"), report);
        var resolved = ConfigFactory.parseFile(dir.resolve("config.conf").toFile());
        assertEquals("e2e", resolved.getString("sweep.name"));
        assertEquals(3, resolved.getInt("train.epochs"));
    }

    @Test
    void refusesToOverwriteAnExistingSweepAndChangesNothing() throws Exception {
        Map<Path, Long> before = snapshot(dir);
        var e = assertThrows(InputException.class, () -> SweepJob.run(spark, config, Mode.NEW, quiet(), false));
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("--resume"), e.getMessage());
        assertEquals(before, snapshot(dir));
    }

    @Test
    void resumeKeepsFinishedTrialsWithoutTrainingThemAgain() throws Exception {
        Map<Path, Long> journal = snapshot(dir.resolve("journal"));
        var resumed = SweepJob.run(spark, config, Mode.RESUME, quiet(), false);
        assertEquals(journal, snapshot(dir.resolve("journal")), "no journal entry was rewritten");
        assertEquals(outcome.results(), resumed.results());
        assertEquals(4, spark.read().parquet(dir.resolve("trials").toString()).count());
    }

    private static Map<Path, Long> snapshot(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder())
                    .collect(Collectors.toMap(p -> p, p -> p.toFile().lastModified() ^ p.toFile().length(), (a, b) -> a, TreeMap::new));
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
