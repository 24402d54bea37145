package lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lrsweep.testing.TestStores;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep directory's promises through {@code ./submit.sh}, with real processes: a driver killed
 * mid-sweep on HDFS and on S3 and resumed there, a second run and an --overwrite refused while a
 * run holds the directory, Ctrl-C as a clean stop that --resume finishes.
 */
class StoresIT {

    private static final Duration RUN_TIMEOUT = Launcher.RUN_TIMEOUT;

    @TempDir
    static Path work;
    static Path config;
    static Launcher launcher;
    static Map<String, JsonNode> clean;
    static SparkSession spark;

    @BeforeAll
    static void cleanRun() throws Exception {
        config = Launcher.eightTrials(work);
        launcher = new Launcher(work, config, Map.of("LRSWEEP_DRIVER_MEMORY", "2g"));
        Launcher.Result r = launcher.run("--output", work.resolve("clean").toString());
        assertEquals(0, r.code(), r.output());
        clean = histories(FileSystem.getLocal(new Configuration()), work.resolve("clean/it").toString());
        assertEquals(8, clean.size());
        System.setProperty("spark.master", "local[1]");
        spark = SparkSession.builder().appName("StoresIT reader").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void aDriverKilledMidSweepOnHdfsIsResumedThere() throws Exception {
        var hdfs = TestStores.hdfs();
        killedAndResumed(FileSystem.get(hdfs.root(), hdfs.conf()), hdfs.root().resolve("/killed").toString(), launcher);
        // Spark, as a notebook would, reads the tables on HDFS
        var trials = spark.read().parquet(hdfs.root().resolve("/killed/it/trials").toString());
        assertEquals(8, trials.count());
        assertEquals(8, trials.select("trial_id").distinct().count());
        assertEquals(24, spark.read().parquet(hdfs.root().resolve("/killed/it/histories").toString()).count());
    }

    @Test
    void aDriverKilledMidSweepOnS3IsResumedThere() throws Exception {
        var s3 = TestStores.s3();
        // the documented way: the S3A settings in HADOOP_CONF_DIR's core-site.xml
        Path confDir = TestStores.writeHadoopConfDir(work.resolve("hadoop-conf"), s3.settings());
        killedAndResumed(FileSystem.get(s3.root(), s3.conf()), "s3a://" + TestStores.BUCKET + "/killed",
                launcher.with(Map.of("HADOOP_CONF_DIR", confDir.toString())));
    }

    /**
     * A TPE search whose driver is killed: the resume rebuilds the sampler from what finished and
     * proposes on to the budget, every trial once.
     */
    @Test
    void aTpeSearchKilledMidwayContinuesToItsBudget() throws Exception {
        Path tpe = Files.writeString(work.resolve("tpe.conf"), """
                sweep { name = it, search = tpe, trials = 8, search-seed = 3, tpe.startup-trials = 3 }
                sweep.learning-rates = {log-uniform = [0.01, 0.5]}
                sweep.schedules = [{type = constant}, {type = cosine}]
                train.epochs = 3
                data { train-examples = 2000, validation-examples = 500 }
                """);
        Launcher tpeLauncher = new Launcher(work, tpe, Map.of("LRSWEEP_DRIVER_MEMORY", "2g"));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        String output = work.resolve("tpe-killed").toString();
        String dir = output + "/it";
        Path log = tpeLauncher.logFile();
        Process driver = tpeLauncher.start(tpeLauncher.runArgs("--output", output), log);
        Launcher.waitFor(() -> journal(fs, dir) >= 2, driver, log);
        driver.destroyForcibly().waitFor();
        int finished = journal(fs, dir);
        assertTrue(finished < 8, "killed before the end (" + finished + " of 8 done)");

        Launcher.Result resumed = tpeLauncher.run("--output", output, "--resume");
        assertEquals(0, resumed.code(), resumed.output());
        Matcher skipped = Pattern.compile("resume: (\\d+) of 8 trials already finished").matcher(resumed.output());
        assertTrue(skipped.find(), resumed.output());
        assertTrue(Integer.parseInt(skipped.group(1)) >= finished, resumed.output());
        assertEquals(8, journal(fs, dir), "the budget, each trial once");
        var trials = spark.read().parquet(dir + "/trials");
        assertEquals(8, trials.count());
        assertEquals(8, trials.select("trial_id").distinct().count());
        assertEquals(8, trials.where("status = 'ok'").count());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(dir + "/_complete.json")));
    }

    /**
     * Population-based training whose driver is killed (-9) once an interval is stored: the resumed
     * run continues from the last interval stored, not from scratch, and ends with every member
     * trained every epoch once, as an uninterrupted run of the same seed does.
     */
    @Test
    void aPopulationKilledMidwayContinuesFromItsLastInterval() throws Exception {
        Path pbt = Files.writeString(work.resolve("pbt.conf"), """
                sweep { name = it, search = pbt, search-seed = 2 }
                sweep.learning-rates = {log-uniform = [0.01, 0.5]}
                sweep.schedules = [{type = constant}]
                sweep.pbt { population = 4, interval = 2 }
                # DL4J's engine, slower per epoch than the fast one: the kill lands well before the end
                train { epochs = 12, engine = dl4j }
                data { train-examples = 4000, validation-examples = 500 }
                """);
        Launcher pbtLauncher = new Launcher(work, pbt, Map.of("LRSWEEP_DRIVER_MEMORY", "2g"));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        String output = work.resolve("pbt-killed").toString();
        String dir = output + "/it";
        var population = new org.apache.hadoop.fs.Path(dir + "/pbt/population.json");
        Path log = pbtLauncher.logFile();
        Process driver = pbtLauncher.start(pbtLauncher.runArgs("--output", output), log);
        Launcher.waitFor(() -> fs.exists(population), driver, log);
        driver.destroyForcibly().waitFor();
        assertEquals(0, journal(fs, dir), "members are committed only once trained: killed before the end");

        Launcher.Result resumed = pbtLauncher.run("--output", output, "--resume");
        assertEquals(0, resumed.code(), resumed.output());
        Matcher from = Pattern.compile("resume: the population continues from epoch (\\d+) of 12").matcher(resumed.output());
        assertTrue(from.find(), resumed.output());
        assertTrue(Integer.parseInt(from.group(1)) >= 2, resumed.output());
        assertEquals(4, journal(fs, dir));
        Launcher.Result clean = pbtLauncher.run("--output", work.resolve("pbt-clean").toString());
        assertEquals(0, clean.code(), clean.output());
        assertEquals(histories(fs, work.resolve("pbt-clean") + "/it"), histories(fs, dir), "the same members, epochs and losses");
    }

    /** Kills the driver once 2 trials are in the journal, resumes, checks the results and the report. */
    private static void killedAndResumed(FileSystem fs, String output, Launcher launcher) throws Exception {
        String dir = output + "/it";
        Path log = launcher.logFile();
        Process driver = launcher.start(launcher.runArgs("--output", output), log);
        Launcher.waitFor(() -> journal(fs, dir) >= 2, driver, log);
        driver.destroyForcibly().waitFor(); // submit.sh execs the JVM: this is SIGKILL to the driver itself
        int finished = journal(fs, dir);
        assertTrue(finished < 8, "killed before the end (" + finished + " of 8 done)");
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(dir + "/_complete.json")));

        Launcher.Result resumed = launcher.run("--output", output, "--resume");
        assertEquals(0, resumed.code(), resumed.output());
        assertTrue(resumed.output().contains("taking over the stale lease"), resumed.output());
        Matcher skipped = Pattern.compile("resume: (\\d+) of 8 trials already finished").matcher(resumed.output());
        assertTrue(skipped.find(), resumed.output());
        assertTrue(Integer.parseInt(skipped.group(1)) >= finished, resumed.output());
        assertEquals(clean, histories(fs, dir), "every trial once, with a clean run's results");
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(dir + "/_complete.json")));

        Launcher.Result report = launcher.submit("report", dir);
        assertEquals(0, report.code(), report.output());
        assertTrue(report.output().contains("rebuilt report.html, report.md and best.json of 8 trials in " + dir), report.output());
    }

    @Test
    void aSecondRunAndAnOverwriteAreRefusedWhileARunHoldsTheDirectory() throws Exception {
        Path output = work.resolve("held");
        Path log = launcher.logFile();
        // long enough (~15 s) to be running while the others start and end
        Process first = launcher.start(launcher.runArgs("--output", output.toString(), "train.epochs=40", "data.train-examples=10000"), log);
        Launcher.waitFor(() -> journal(FileSystem.getLocal(new Configuration()), output.resolve("it").toString()) >= 1, first, log);

        // all three at once: each is refused within its JVM's start-up
        List<Process> others = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (List<String> args : List.of(List.of("sweep.learning-rates=[0.5]"), List.of("--overwrite"), List.of("--resume"))) {
            List<String> command = launcher.runArgs("--output", output.toString());
            command.addAll(args);
            logs.add(launcher.logFile());
            others.add(launcher.start(command, logs.get(logs.size() - 1)));
        }
        for (int i = 0; i < others.size(); i++) {
            assertTrue(others.get(i).waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            String out = Files.readString(logs.get(i));
            assertEquals(2, others.get(i).exitValue(), out);
            assertTrue(out.contains(output.resolve("it") + " is in use by another run (host "), out);
            assertTrue(first.isAlive(), "refused while the first ran");
        }
        assertTrue(first.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(log));
        var histories = histories(FileSystem.getLocal(new Configuration()), output.resolve("it").toString());
        assertEquals(8, histories.size(), "the first run's trials, whole and alone");
        histories.values().forEach(epochs -> assertEquals(40, epochs.size()));
    }

    @Test
    void ctrlCStopsCleanlyAndResumeFinishes() throws Exception {
        Path output = work.resolve("interrupted");
        FileSystem local = FileSystem.getLocal(new Configuration());
        Path log = launcher.logFile();
        Process driver = launcher.start(launcher.runArgs("--output", output.toString()), log);
        Launcher.waitFor(() -> journal(local, output.resolve("it").toString()) >= 2, driver, log);
        long signalled = System.nanoTime();
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(driver.pid())).start().waitFor());
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "stopped");
        double seconds = (System.nanoTime() - signalled) / 1e9;
        String out = Files.readString(log);
        assertEquals(130, driver.exitValue(), out);
        assertTrue(seconds < 5, "stopped within seconds: " + seconds);
        Matcher line = Pattern.compile("lr-sweep: interrupted after (\\d) of 8 trials; `(.*) --resume` continues").matcher(out);
        assertTrue(line.find(), out);
        assertEquals(Launcher.PROJECT.resolve("submit.sh") + " run " + config + " --output " + output, line.group(2));
        assertEquals(Integer.parseInt(line.group(1)), journal(local, output.resolve("it").toString()), "every finished trial kept");
        assertFalse(out.contains("Exception") || out.contains("\tat "), "no stack trace:\n" + out);
        assertFalse(Files.list(output.resolve("it")).anyMatch(p -> p.getFileName().toString().startsWith("_lease")), "lease released");

        Launcher.Result partial = launcher.submit("report", output.resolve("it").toString());
        assertEquals(0, partial.code(), partial.output());
        assertTrue(partial.output().contains("(partial: " + line.group(1) + " of 8 trials;"), partial.output());

        Launcher.Result resumed = launcher.run("--output", output.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.output());
        assertEquals(clean, histories(local, output.resolve("it").toString()));
    }

    // --- helpers ---

    private static int journal(FileSystem fs, String dir) throws IOException {
        try {
            return (int) List.of(fs.listStatus(new org.apache.hadoop.fs.Path(dir + "/journal"))).stream()
                    .filter(f -> f.getPath().getName().endsWith(".json")).count();
        } catch (java.io.FileNotFoundException e) {
            return 0;
        }
    }

    /** Each trial's epochs (from its journal entry) without their wall times, by trial id. */
    private static Map<String, JsonNode> histories(FileSystem fs, String dir) throws IOException {
        Map<String, JsonNode> byId = new TreeMap<>();
        for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(dir + "/journal"))) {
            try (var in = fs.open(f.getPath())) {
                JsonNode entry = new ObjectMapper().readTree(in);
                entry.get("epochs").forEach(epoch -> ((ObjectNode) epoch).remove("millis"));
                byId.put(entry.get("trialId").asText(), entry.get("epochs"));
            }
        }
        return byId;
    }
}
