package lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import lrsweep.testing.TestYarn;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep on a real YARN (MiniYARNCluster, 2 NodeManagers, containers as processes) with its
 * results on HDFS, submitted as the README says: {@code ./submit.sh run CONFIG --master yarn
 * [--deploy-mode cluster] --output hdfs://...}, HADOOP_CONF_DIR naming the cluster. Both deploy
 * modes give a local run's trials and losses; a killed executor loses and duplicates no trial; a
 * killed application master is started again by YARN, and its second attempt finishes the sweep
 * without retraining what the first had committed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnIT {

    /** Relative tolerance on validation losses: the same code on the same BLAS gives the same numbers. */
    private static final double LOSS_TOLERANCE = 1e-9;

    @TempDir
    static Path work;
    static TestYarn yarn;
    static FileSystem hdfs;
    static Launcher launcher;
    static Map<String, List<Double>> local;
    static SparkSession spark;

    @BeforeAll
    static void startYarn() throws Exception {
        Path config = Launcher.eightTrials(work);
        Launcher plain = new Launcher(work, config, Map.of("LRSWEEP_DRIVER_MEMORY", "2g"));
        long start = System.nanoTime();
        Launcher.Result r = plain.run("--output", work.resolve("local").toString());
        assertEquals(0, r.code(), r.output());
        log("the local[*] run", start);
        local = valLosses(FileSystem.getLocal(new Configuration()), work.resolve("local/it").toString());
        assertEquals(8, local.size());

        yarn = TestYarn.start(work.resolve("hadoop-conf"));
        hdfs = FileSystem.get(yarn.hdfs(), yarn.hdfsConf());
        launcher = plain.with(Map.of("HADOOP_CONF_DIR", yarn.confDir().toString()));
        System.setProperty("spark.master", "local[1]");
        spark = SparkSession.builder().appName("YarnIT reader").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopYarn() {
        if (spark != null) {
            spark.stop();
        }
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    @Order(1)
    void clusterModeGivesTheLocalResults() throws Exception {
        String output = hdfsDir("cluster-mode");
        Submitted run = submit("cluster", output, "--conf", "spark.yarn.maxAppAttempts=1");
        Launcher.Result r = run.await();
        assertEquals(0, r.code(), r.output());
        assertEquals(1, yarn.attempts(run.application()), "one attempt: the first succeeded");
        assertEquals("SUCCEEDED", yarn.finalStatus(run.application()));
        assertSameAsLocal(output);
    }

    @Test
    @Order(2)
    void clientModeGivesTheLocalResults() throws Exception {
        String output = hdfsDir("client-mode");
        Submitted run = submit("client", output);
        Launcher.Result r = run.await();
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("on Spark master yarn"), r.output());
        assertSameAsLocal(output);
    }

    @Test
    @Order(3)
    void aKilledExecutorLosesNoTrialAndDuplicatesNone() throws Exception {
        String output = hdfsDir("executor-killed");
        Submitted run = submit("client", output);
        Launcher.waitFor(() -> journal(output) >= 1, run.process(), run.log());
        List<ProcessHandle> executors = TestYarn.containerJvms(run.application(), "CoarseGrainedExecutorBackend");
        assertFalse(executors.isEmpty(), "an executor JVM of " + run.application());
        kill(executors.get(0));
        assertTrue(journal(output) < 8, "killed while trials were left to run");
        Launcher.Result r = run.await();
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("Lost executor") || r.output().contains("lost executor"), "Spark saw the executor go:\n" + r.output());
        assertSameAsLocal(output);
    }

    @Test
    @Order(4)
    void aKilledApplicationMasterIsRetriedAndFinishesTheSweep() throws Exception {
        String output = hdfsDir("am-killed");
        Submitted run = submit("cluster", output, "--conf", "spark.yarn.maxAppAttempts=2");
        Launcher.waitFor(() -> journal(output) >= 2, run.process(), run.log());
        List<ProcessHandle> masters = TestYarn.containerJvms(run.application(), "ApplicationMaster");
        assertEquals(1, masters.size(), "the application master's JVM (the driver's, in cluster mode)");
        kill(masters.get(0));
        // the driver is gone: what the journal holds now is what the first attempt committed
        Map<String, Entry> before = entries(output);
        assertTrue(before.size() >= 2 && before.size() < 8, "killed mid-sweep (" + before.size() + " of 8 done)");

        Launcher.Result r = run.await();
        assertEquals(0, r.code(), r.output());
        assertEquals(2, yarn.attempts(run.application()), "YARN started a second attempt");
        assertEquals("SUCCEEDED", yarn.finalStatus(run.application()));
        assertSameAsLocal(output);
        Map<String, Entry> after = entries(output);
        before.forEach((trial, entry) -> assertEquals(entry, after.get(trial), trial + ": not retrained"));
        assertTrue(after.values().stream().map(Entry::run).distinct().count() == 2,
                "the rest was trained by the second attempt's run");
    }

    // --- helpers ---

    /** A submission under way: submit.sh's process, its log, and the YARN application it made. */
    record Submitted(Process process, Path log, String application) {
        Launcher.Result await() throws Exception {
            assertTrue(process.waitFor(Launcher.RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "timed out");
            return new Launcher.Result(process.exitValue(), Files.readString(log));
        }
    }

    /** {@code ./submit.sh run CONFIG --master yarn --deploy-mode MODE --conf ... --output OUTPUT more...}, started. */
    private static Submitted submit(String deployMode, String output, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--master", "yarn", "--deploy-mode", deployMode));
        args.addAll(yarn.sparkConf(Launcher.PROJECT));
        args.addAll(Arrays.asList(more));
        args.addAll(List.of("--output", output));
        Set<String> known = yarn.applications();
        Path log = launcher.logFile();
        long start = System.nanoTime();
        Process p = launcher.start(launcher.runArgs(args.toArray(String[]::new)), log);
        String[] application = new String[1];
        Launcher.waitFor(() -> (application[0] = yarn.newApplication(known).orElse(null)) != null, p, log);
        log("submitted " + application[0] + " (" + deployMode + " mode)", start);
        return new Submitted(p, log, application[0]);
    }

    private static void kill(ProcessHandle jvm) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(jvm.pid())).inheritIO().start().waitFor(), "killed");
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The same trials as the local run, each once, with its validation losses, in the journal and in the tables. */
    private static void assertSameAsLocal(String output) throws IOException {
        String dir = output + "/it";
        Map<String, List<Double>> losses = valLosses(hdfs, dir);
        assertEquals(local.keySet(), losses.keySet(), "the same trial ids");
        local.forEach((id, expected) -> {
            List<Double> actual = losses.get(id);
            assertEquals(expected.size(), actual.size(), id + ": epochs");
            for (int e = 0; e < expected.size(); e++) {
                double tolerance = LOSS_TOLERANCE * Math.abs(expected.get(e));
                assertEquals(expected.get(e), actual.get(e), tolerance, id + " epoch " + e + " validation loss");
            }
        });
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path(dir + "/_complete.json")), "finished");
        var trials = spark.read().parquet(dir + "/trials");
        assertEquals(8, trials.count());
        assertEquals(8, trials.select("trial_id").distinct().count());
        var histories = spark.read().parquet(dir + "/histories");
        assertEquals(24, histories.count(), "8 trials × 3 epochs, no duplicate rows");
        assertEquals(24, histories.select("trial_id", "epoch").distinct().count());
    }

    /** A journal entry as committed: its bytes (run id, losses, times) and when it was written. */
    record Entry(String content, long modified, String run) {}

    private static Map<String, Entry> entries(String output) throws IOException {
        Map<String, Entry> byId = new TreeMap<>();
        for (FileStatus f : hdfs.listStatus(new org.apache.hadoop.fs.Path(output + "/it/journal"))) {
            if (f.getPath().getName().endsWith(".json")) {
                try (var in = hdfs.open(f.getPath())) {
                    String content = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    JsonNode entry = new ObjectMapper().readTree(content);
                    byId.put(entry.get("trialId").asText(), new Entry(content, f.getModificationTime(), entry.get("run").asText()));
                }
            }
        }
        return byId;
    }

    /** Each trial's validation loss per epoch, from its journal entry, by trial id. */
    private static Map<String, List<Double>> valLosses(FileSystem fs, String dir) throws IOException {
        Map<String, List<Double>> byId = new TreeMap<>();
        for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(dir + "/journal"))) {
            if (!f.getPath().getName().endsWith(".json")) {
                continue;
            }
            try (var in = fs.open(f.getPath())) {
                JsonNode entry = new ObjectMapper().readTree(in);
                List<Double> losses = new ArrayList<>();
                entry.get("epochs").forEach(epoch -> losses.add(epoch.get("valLoss").asDouble()));
                byId.put(entry.get("trialId").asText(), losses);
            }
        }
        return byId;
    }

    private static int journal(String output) throws IOException {
        try {
            return (int) Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(output + "/it/journal")))
                    .filter(f -> f.getPath().getName().endsWith(".json")).count();
        } catch (FileNotFoundException e) {
            return 0;
        }
    }

    private static String hdfsDir(String name) {
        return yarn.hdfs().resolve("/yarn-it/" + name).toString();
    }

    private static void log(String what, long startNanos) {
        System.err.printf("YarnIT: %s in %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
}
