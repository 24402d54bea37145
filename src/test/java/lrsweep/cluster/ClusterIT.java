package lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark standalone cluster (Master + 2 Workers started by {@code ./submit.sh
 * cluster start}, executors in their own JVMs), through {@code ./submit.sh run}, with faults: a
 * failing and a diverging trial, a killed driver resumed, halving, a TPE search, a killed worker (in
 * a grid and in population-based training, a job per interval or one job).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration RUN_TIMEOUT = Launcher.RUN_TIMEOUT;

    @TempDir
    static Path work;

    static String master;
    static Path clusterDir;
    static Path config;
    static Launcher launcher;
    static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        clusterDir = Launcher.PROJECT.resolve("target/it-cluster");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        config = Launcher.eightTrials(work);
        launcher = new Launcher(work, config, Map.of("LRSWEEP_CLUSTER_DIR", clusterDir.toString(), "LRSWEEP_DRIVER_MEMORY", "2g"));
        Runtime.getRuntime().addShutdownHook(new Thread(ClusterIT::stopQuietly));
        Launcher.Result started = launcher.submit("cluster", "start", "--workers", "2", "--cores", "1", "--port", Integer.toString(port));
        assertEquals(0, started.code(), started.output());
        System.setProperty("spark.master", "local[1]");
        spark = SparkSession.builder().appName("ClusterIT reader").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopCluster() {
        stopQuietly();
        spark.stop();
    }

    private static void stopQuietly() {
        try {
            launcher.submit("cluster", "stop");
        } catch (Exception e) {
            System.err.println("cluster stop: " + e);
        }
    }

    @Test
    @Order(1)
    void sameResultsAsLocalMode() throws Exception {
        Launcher.Result onCluster = launcher.run("--master", master, "--output", out("on-cluster").toString());
        assertEquals(0, onCluster.code(), onCluster.output());
        assertTrue(onCluster.output().contains("on Spark master " + master), onCluster.output());
        Launcher.Result local = launcher.run("--output", out("local").toString());
        assertEquals(0, local.code(), local.output());

        Map<String, JsonNode> clusterHistories = histories(out("on-cluster"));
        assertEquals(8, clusterHistories.size());
        assertEquals(clusterHistories.keySet(), histories(out("local")).keySet());
        clusterHistories.forEach((id, epochs) -> {
            JsonNode localEpochs = histories(out("local")).get(id);
            assertEquals(epochs.size(), localEpochs.size(), id);
            for (int e = 0; e < epochs.size(); e++) {
                for (String field : List.of("learningRate", "trainLoss", "valLoss", "valAccuracy")) {
                    assertEquals(localEpochs.get(e).get(field).asDouble(), epochs.get(e).get(field).asDouble(), 1e-6,
                            id + " epoch " + e + " " + field);
                }
            }
        });
    }

    @Test
    @Order(2)
    void failedAndDivergedTrialsAreRecordedAndTheRestFinish() throws Exception {
        Launcher.Result r = launcher.run("--master", master, "--output", out("faults").toString(),
                "sweep.learning-rates=[0.1,100]",
                "sweep.schedules=[{type=constant},{type=constant,factor=1e307,name=overflow}]",
                "train.epochs=2");
        assertEquals(3, r.code(), "some trials failed: exit 3\n" + r.output());
        var trials = spark.read().parquet(out("faults").resolve("it/trials").toString());
        assertEquals(4, trials.count());
        assertEquals(1, trials.where("status = 'ok'").count());
        assertEquals(1, trials.where("status = 'failed'").count());
        String error = trials.where("status = 'failed'").first().getAs("error");
        assertTrue(error.contains("schedule overflow gave learning rate Infinity"), error);
        assertEquals(2, trials.where("status = 'diverged'").count());
        // caught inside the task: Spark saw no task failure, so nothing was retried
        assertFalse(r.output().contains("Lost task"), r.output());
        String report = Files.readString(out("faults").resolve("it/report.md"));
        assertTrue(report.contains("1 ok, 2 diverged, 1 failed") && report.contains("failed: IllegalStateException"), report);
    }

    @Test
    @Order(3)
    void aKilledDriverResumesWithoutRedoingFinishedTrials() throws Exception {
        Path output = out("resume");
        Path journal = output.resolve("it/journal");
        Path log = launcher.logFile();
        Process driver = launcher.start(launcher.runArgs("--master", master, "--output", output.toString()), log);
        Launcher.waitFor(() -> count(journal) >= 2, driver, log);
        driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int finished = count(journal);
        assertTrue(finished < 8, "the driver died before the end (" + finished + " of 8 done)");
        assertFalse(Files.exists(output.resolve("it/trials")), "no final table yet");

        Launcher.Result again = launcher.run("--master", master, "--output", output.toString());
        assertEquals(2, again.code(), "an existing sweep is not overwritten without --resume\n" + again.output());
        assertTrue(again.output().contains("--resume"), again.output());

        Launcher.Result resumed = launcher.run("--master", master, "--output", output.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.output());
        assertTrue(resumed.output().contains("resume: " + finished + " of 8 trials already finished, skipped"), resumed.output());
        assertEquals(histories(out("local")), histories(output), "same results as a clean run");
        assertEquals(8, spark.read().parquet(output.resolve("it/trials").toString()).count());
    }

    @Test
    @Order(4)
    void successiveHalvingPrunesOnTheCluster() throws Exception {
        // executors in their own JVMs ask the driver's rung board over the network
        Launcher.Result r = launcher.run("--master", master, "--output", out("halving").toString(), "sweep.search=halving", "halving.min-epochs=1",
                "halving.eta=3");
        assertEquals(0, r.code(), r.output());
        var trials = spark.read().parquet(out("halving").resolve("it/trials").toString());
        assertEquals(8, trials.count());
        // every trial's report was answered over the network; who is pruned depends on arrival order
        assertEquals(8, trials.where("rung = 0").count(), "one rung, after 1 of 3 epochs");
        long pruned = trials.where("promoted = false").count();
        assertEquals(pruned, trials.where("promoted = false and epochs_run = 1").count());
        assertEquals(8 - pruned, trials.where("promoted = true and epochs_run = 3").count());
        assertTrue(pruned < 8, "the best report at a rung always goes on");
    }

    @Test
    @Order(5)
    void aTpeSearchWithHalvingRunsOnTheExecutors() throws Exception {
        Path output = out("tpe");
        // Spark's own record of the run says where each task ran: the driver logs too little to tell
        Path events = Files.createDirectories(out("tpe-events"));
        Launcher.Result r = launcher.run("--master", master, "--output", output.toString(),
                "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
                "--conf", "spark.eventLog.compress=false", "--conf", "spark.eventLog.rolling.enabled=false",
                "sweep.search=tpe", "sweep.trials=6", "sweep.tpe.startup-trials=3", "sweep.learning-rates={log-uniform=[0.01,0.5]}",
                "sweep.pruning=halving", "halving.min-epochs=1", "halving.eta=3");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("on Spark master " + master), r.output());

        var trials = spark.read().parquet(output.resolve("it/trials").toString());
        assertEquals(6, trials.count(), "the budget: 6 configurations × 1 seed");
        Set<String> ids = new TreeSet<>(trials.select("trial_id").as(Encoders.STRING()).collectAsList());
        assertEquals(6, ids.size(), "each trial once");
        assertEquals(6, trials.where("status = 'ok'").count());
        // one rung, after 1 of 3 epochs; who is pruned depends on arrival order
        assertEquals(6, trials.where("rung = 0 and promoted is not null").count());
        long pruned = trials.where("promoted = false").count();
        assertEquals(pruned, trials.where("promoted = false and epochs_run = 1").count());
        assertEquals(6 - pruned, trials.where("promoted = true and epochs_run = 3").count());
        assertEquals(ids, names(output.resolve("it/search")), "one stored proposal per trial");
        assertEquals(ids, names(output.resolve("it/journal")));

        // every trial is a Spark job of its own, described by its id: its task ran on an executor
        Map<String, String> executorByTrial = trialExecutors(events);
        assertEquals(ids, executorByTrial.keySet(), "one successful task per trial");
        assertFalse(executorByTrial.containsValue("driver"), executorByTrial.toString());
        // 2 one-core workers and a trial more in flight than slots: neither executor is left idle
        assertEquals(2, Set.copyOf(executorByTrial.values()).size(), "both workers' executors trained: " + executorByTrial);
    }

    @Test
    @Order(6)
    void aKilledWorkerLosesNoTrialAndDuplicatesNone() throws Exception {
        Path output = out("worker-killed");
        Path log = launcher.logFile();
        Process driver = launcher.start(launcher.runArgs("--master", master, "--output", output.toString()), log);
        Launcher.waitFor(() -> count(output.resolve("it/journal")) >= 1, driver, log);
        long worker = Long.parseLong(Files.readString(clusterDir.resolve("worker-1.pid")).trim());
        // the worker's process group holds its executor: both go, as when a machine dies
        assertEquals(0, new ProcessBuilder("kill", "-KILL", "--", "-" + worker).inheritIO().start().waitFor(), "killed");
        assertTrue(count(output.resolve("it/journal")) < 8, "killed while trials were left to run");
        assertTrue(driver.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the sweep finished");
        String driverLog = Files.readString(log);
        assertEquals(0, driver.exitValue(), driverLog);
        assertTrue(driverLog.contains("Lost executor"), "Spark saw the executor go:\n" + driverLog);

        var trials = spark.read().parquet(output.resolve("it/trials").toString());
        assertEquals(8, trials.count());
        assertEquals(8, trials.select("trial_id").distinct().count());
        var histories = spark.read().parquet(output.resolve("it/histories").toString());
        assertEquals(24, histories.count(), "8 trials × 3 epochs, no duplicate rows from retried tasks");
        assertEquals(24, histories.select("trial_id", "epoch").distinct().count());
        assertEquals(histories(out("local")), histories(output), "the same results as a clean run");
    }

    /**
     * A population that fits the slots (on a restarted cluster: the test before killed a worker):
     * one job, a task per member on the executors, waiting on the driver between intervals; the
     * same histories as in local mode.
     */
    @Test
    @Order(7)
    void aPopulationThatFitsTheSlotsTrainsATaskPerMemberOnTheExecutors() throws Exception {
        restartCluster();
        Path pbt = Files.writeString(work.resolve("pbt-live.conf"), """
                sweep { name = it, search = pbt, learning-rates = {log-uniform = [0.01, 0.3]}, schedules = [{type = constant}] }
                sweep.pbt { population = 2, interval = 2 }
                train.epochs = 6
                data { train-examples = 2000, validation-examples = 500 }
                """);
        Launcher live = new Launcher(work, pbt, Map.of("LRSWEEP_CLUSTER_DIR", clusterDir.toString(), "LRSWEEP_DRIVER_MEMORY", "2g"));
        Launcher.Result onCluster = live.run("--master", master, "--output", out("pbt-live").toString());
        assertEquals(0, onCluster.code(), onCluster.output());
        assertTrue(onCluster.output().contains("2 members in 2 task slots: one job, a task per member"), onCluster.output());
        Launcher.Result local = live.run("--output", out("pbt-live-local").toString());
        assertEquals(0, local.code(), local.output());
        var histories = histories(out("pbt-live"));
        assertEquals(2, histories.size());
        histories.values().forEach(epochs -> assertEquals(6, epochs.size()));
        assertEquals(histories(out("pbt-live-local")), histories, "the same members, epoch for epoch, as in local mode");
    }

    /**
     * Population-based training whose worker dies mid-run: Spark runs the lost members' segments
     * again from the state their task carried, so the run ends with every member trained every
     * epoch once.
     */
    @Test
    @Order(8)
    void aKilledWorkerCostsAPopulationNoMoreThanItsInterval() throws Exception {
        Path output = out("pbt-worker-killed");
        String driverLog = populationLosingAWorker(4, output);
        assertTrue(driverLog.contains("Lost executor"), "Spark saw the executor go:\n" + driverLog);
        var histories = spark.read().parquet(output.resolve("it/histories").toString());
        assertEquals(4, histories.select("trial_id").distinct().count());
        assertEquals(histories.count(), histories.select("trial_id", "epoch").distinct().count(), "no epoch twice from a retried segment");
        assertEquals(4, histories.where("exploited_from is not null").count(), "one member replaced at each of the 4 interval ends");
        assertEquals(40, histories.count(), "every member every epoch (rates up to 0.3 do not diverge here)");
    }

    /**
     * A population in one job (2 members, 2 slots; on a restarted cluster) whose worker dies mid-run:
     * one slot is left, so the driver cancels the job, trains the members yet to report as a job
     * of their own and goes on a job per interval; every member still trains every epoch once.
     */
    @Test
    @Order(9)
    void aKilledWorkerSendsAOneJobPopulationToAJobPerInterval() throws Exception {
        restartCluster();
        Path output = out("pbt-live-killed");
        String driverLog = populationLosingAWorker(2, output);
        assertTrue(driverLog.contains("2 members in 2 task slots: one job, a task per member"), driverLog);
        assertTrue(driverLog.contains("not every member has a task slot"), "went on a job per interval:\n" + driverLog);
        var histories = spark.read().parquet(output.resolve("it/histories").toString());
        assertEquals(20, histories.count(), "every member every epoch");
        assertEquals(20, histories.select("trial_id", "epoch").distinct().count(), "no epoch twice");
        assertEquals(4, histories.where("exploited_from is not null").count(), "one member replaced at each of the 4 interval ends");
    }

    // --- helpers ---

    /** Stops the cluster and starts it again on the same port with 2 one-core workers (a test before killed one). */
    private static void restartCluster() throws Exception {
        stopQuietly();
        int port = Integer.parseInt(master.substring(master.lastIndexOf(':') + 1));
        Launcher.Result restarted = launcher.submit("cluster", "start", "--workers", "2", "--cores", "1", "--port", Integer.toString(port));
        assertEquals(0, restarted.code(), restarted.output());
    }

    /**
     * A population of {@code members} on the cluster, into {@code output}, whose second worker is
     * killed (with its executor) once the first interval is stored; the run's log, once it ended ok.
     */
    private static String populationLosingAWorker(int members, Path output) throws Exception {
        Path pbt = Files.writeString(work.resolve("pbt-" + members + ".conf"), """
                sweep { name = it, search = pbt, learning-rates = {log-uniform = [0.01, 0.3]}, schedules = [{type = constant}] }
                sweep.pbt { population = %d, interval = 2 }
                # DL4J's engine, slower per epoch than the fast one: the kill lands well before the end
                train { epochs = 10, engine = dl4j }
                data { train-examples = 4000, validation-examples = 500 }
                """.formatted(members));
        Launcher pbtLauncher = new Launcher(work, pbt, Map.of("LRSWEEP_CLUSTER_DIR", clusterDir.toString(), "LRSWEEP_DRIVER_MEMORY", "2g"));
        Path log = pbtLauncher.logFile();
        Process driver = pbtLauncher.start(pbtLauncher.runArgs("--master", master, "--output", output.toString()), log);
        Launcher.waitFor(() -> Files.exists(output.resolve("it/pbt/population.json")), driver, log);
        long worker = Long.parseLong(Files.readString(clusterDir.resolve("worker-1.pid")).trim());
        assertEquals(0, new ProcessBuilder("kill", "-KILL", "--", "-" + worker).inheritIO().start().waitFor(), "killed");
        assertTrue(driver.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the sweep finished");
        String driverLog = Files.readString(log);
        assertEquals(0, driver.exitValue(), driverLog);
        return driverLog;
    }

    private static Path out(String name) {
        return work.resolve(name);
    }

    /** Each trial's epochs (from its journal entry) without their wall times, by trial id. */
    private static Map<String, JsonNode> histories(Path output) {
        Map<String, JsonNode> byId = new TreeMap<>();
        try (Stream<Path> files = Files.list(output.resolve("it/journal"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode entry = new ObjectMapper().readTree(f.toFile());
                entry.get("epochs").forEach(epoch -> ((ObjectNode) epoch).remove("millis"));
                byId.put(entry.get("trialId").asText(), entry.get("epochs"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return byId;
    }

    /** The names of a folder's JSON files, without ".json": trial ids in journal/ and search/. */
    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** From the one event log in {@code events}: the executor id of each trial's successful task, by trial id. */
    private static Map<String, String> trialExecutors(Path events) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(events)) {
            logs = files.toList();
        }
        assertEquals(1, logs.size(), logs.toString());
        ObjectMapper json = new ObjectMapper();
        Map<Integer, String> trialByStage = new HashMap<>();
        Map<String, String> executorByTrial = new TreeMap<>();
        String trialJob = "lr-sweep: trial ";
        for (String line : Files.readAllLines(logs.get(0))) {
            JsonNode event = json.readTree(line);
            String description = event.path("Properties").path("spark.job.description").asText("");
            if (event.path("Event").asText().equals("SparkListenerJobStart") && description.startsWith(trialJob)) {
                event.get("Stage IDs").forEach(stage -> trialByStage.put(stage.asInt(), description.substring(trialJob.length())));
            } else if (event.path("Event").asText().equals("SparkListenerTaskEnd")
                    && event.path("Task End Reason").path("Reason").asText().equals("Success")
                    && trialByStage.containsKey(event.path("Stage ID").asInt())) {
                String previous = executorByTrial.put(trialByStage.get(event.get("Stage ID").asInt()),
                        event.path("Task Info").path("Executor ID").asText());
                assertNull(previous, "a trial trained twice: " + line);
            }
        }
        return executorByTrial;
    }

    private static int count(Path journal) {
        try (Stream<Path> files = Files.list(journal)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
