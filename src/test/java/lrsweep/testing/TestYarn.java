package lrsweep.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;

/**
 * A real YARN for tests, in this JVM: a {@link MiniYARNCluster} (one ResourceManager, 2
 * NodeManagers) beside the JVM's HDFS ({@link TestStores#hdfs()}), everything on 127.0.0.1, and a
 * minimal HADOOP_CONF_DIR that points {@code ./submit.sh --master yarn} at both. Containers are
 * real processes (their JVMs are found by command line, to be killed as a failing machine would
 * kill them); Spark's own jars reach them from {@code target/spark} on this disk
 * ({@code spark.yarn.jars=local:...}), not through HDFS.
 *
 * <p>Settings: FIELD-NOTES.md, "Spark on a real YARN from Maven Central jars". The NodeManagers
 * keep no container logs once an application ends (log retention and the deletion delay 0: stop
 * takes ~0.1 s instead of ~35 s).
 */
public final class TestYarn implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Pattern LEFT_BEHIND = Pattern.compile("yarn-(\\d+)");
    /** Where MiniYARNCluster puts its NodeManagers' directories (Hadoop's test.build.data). */
    private static final Path WORK = Path.of(System.getProperty("test.build.data", "target/test/data")).toAbsolutePath();

    private final MiniYARNCluster yarn;
    private final TestStores.Hdfs hdfs;
    private final Path confDir;
    private final Path workDir;

    private TestYarn(MiniYARNCluster yarn, TestStores.Hdfs hdfs, Path confDir, Path workDir) {
        this.yarn = yarn;
        this.hdfs = hdfs;
        this.confDir = confDir;
        this.workDir = workDir;
    }

    /**
     * Starts the cluster (HDFS first, if this JVM has none yet), waits until the ResourceManager
     * has its ports and both NodeManagers are registered, and writes {@code confDir}.
     */
    public static TestYarn start(Path confDir) throws IOException {
        TestStores.Hdfs hdfs = TestStores.hdfs();
        long start = System.nanoTime();
        // MiniYARNCluster works in target/test/data/<name>/ (relative to the working directory: the project's)
        String name = "yarn-" + ProcessHandle.current().pid();
        removeLeftBehind();
        Configuration conf = new YarnConfiguration();
        // every server listens on 127.0.0.1 only; MiniYARNCluster names the NodeManagers "localhost"
        conf.set("yarn.resourcemanager.hostname", LOOPBACK);
        conf.set("yarn.resourcemanager.bind-host", LOOPBACK);
        conf.set("yarn.nodemanager.bind-host", LOOPBACK);
        conf.setBoolean("yarn.timeline-service.enabled", false);
        // room for a cluster-mode driver (its container is the application master's) and 2 executors
        conf.setInt("yarn.nodemanager.resource.memory-mb", 6144);
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", 6144); // what MiniYARNCluster reads
        conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        conf.setInt("yarn.scheduler.maximum-allocation-mb", 6144);
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.set("yarn.nodemanager.admin-env", nodeEnvironment());
        // the jar ships no capacity-scheduler.xml: one queue, as Spark's BaseYarnClusterSuite sets it
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
        // a fast stop: no container logs kept once an application ends
        conf.setInt("yarn.nodemanager.log.retain-seconds", 0);
        conf.setInt("yarn.nodemanager.delete.debug-delay-sec", 0);

        MiniYARNCluster yarn = new MiniYARNCluster(name, 2, 1, 1);
        Path workDir = WORK.resolve(name);
        try {
            yarn.init(conf);
            yarn.start();
            Configuration started = awaitReady(yarn);
            writeConfDir(confDir, hdfs.root(), started);
        } catch (IOException | RuntimeException | Error e) {
            yarn.stop();
            TestStores.deleteTree(workDir);
            throw e;
        }
        System.err.printf("TestYarn: MiniYARNCluster (2 NodeManagers) ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return new TestYarn(yarn, hdfs, confDir, workDir);
    }

    /** The HDFS applications write to: {@code hdfs://127.0.0.1:<port>/}. */
    public URI hdfs() {
        return hdfs.root();
    }

    /** A client configuration of that HDFS. */
    public Configuration hdfsConf() {
        return hdfs.conf();
    }

    /** The HADOOP_CONF_DIR for submitters: core-site.xml and yarn-site.xml. */
    public Path confDir() {
        return confDir;
    }

    /**
     * The Spark settings a submission needs here, as {@code --conf} arguments: Spark's jars from
     * {@code project/target/spark} on this machine, and every driver, application master and
     * executor on 127.0.0.1.
     */
    public List<String> sparkConf(Path project) {
        Map<String, String> settings = new LinkedHashMap<>();
        // all of Spark's classpath (target/spark is exactly it), on this disk: nothing to upload
        settings.put("spark.yarn.jars", "local:" + project.resolve("target/spark") + "/*");
        settings.put("spark.driver.host", LOOPBACK);
        settings.put("spark.yarn.appMasterEnv.SPARK_LOCAL_IP", LOOPBACK);
        settings.put("spark.executorEnv.SPARK_LOCAL_IP", LOOPBACK);
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        return args;
    }

    /** The ids of the applications the ResourceManager knows, in any state. */
    public Set<String> applications() {
        return rmApps().keySet().stream().map(ApplicationId::toString).collect(Collectors.toSet());
    }

    /** An application the ResourceManager knows that is not one of {@code known}, if any. */
    public Optional<String> newApplication(Set<String> known) {
        return applications().stream().filter(id -> !known.contains(id)).findFirst();
    }

    /** How many attempts YARN has started of {@code application}. */
    public int attempts(String application) {
        return app(application).getAppAttempts().size();
    }

    /** The application's final status as the ResourceManager recorded it (UNDEFINED while it runs). */
    public String finalStatus(String application) {
        return app(application).getFinalApplicationStatus().toString();
    }

    /**
     * The container JVMs of {@code application} whose command line names {@code mainClass} (e.g.
     * {@code CoarseGrainedExecutorBackend}, {@code ApplicationMaster}): the java processes
     * themselves, not the shells that launched them.
     */
    public static List<ProcessHandle> containerJvms(String application, String mainClass) {
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                List<String> argv = commandLine(proc);
                if (!argv.isEmpty() && argv.get(0).endsWith("/java") && argv.stream().anyMatch(a -> a.contains(mainClass))
                        && argv.stream().anyMatch(a -> a.contains(application))) {
                    ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Stops YARN (not the JVM's HDFS, which others share) and removes its files. */
    @Override
    public void close() {
        long start = System.nanoTime();
        yarn.stop();
        TestStores.deleteTree(workDir);
        System.err.printf("TestYarn: MiniYARNCluster stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private Map<ApplicationId, RMApp> rmApps() {
        return yarn.getResourceManager().getRMContext().getRMApps();
    }

    private RMApp app(String application) {
        RMApp app = rmApps().get(ApplicationId.fromString(application));
        if (app == null) {
            throw new IllegalArgumentException("no application " + application);
        }
        return app;
    }

    /** Until the ResourceManager's addresses have real ports and both NodeManagers are registered. */
    private static Configuration awaitReady(MiniYARNCluster yarn) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            Configuration conf = yarn.getConfig();
            String rm = conf.get(YarnConfiguration.RM_ADDRESS, "");
            boolean bound = !rm.isEmpty() && !rm.endsWith(":0");
            if (bound && yarn.getResourceManager().getRMContext().getRMNodes().size() == 2) {
                return conf;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("MiniYARNCluster not ready after " + READY + ": ResourceManager at '" + rm + "', "
                        + yarn.getResourceManager().getRMContext().getRMNodes().size() + " of 2 NodeManagers registered");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Only what a submitter needs: the whole cluster Configuration would carry MiniDFSCluster's
     * test-only settings (its topology class) into the containers, where they are not found.
     */
    private static void writeConfDir(Path dir, URI hdfs, Configuration started) throws IOException {
        Map<String, String> core = new LinkedHashMap<>();
        core.put("fs.defaultFS", hdfs.toString());
        core.put("dfs.replication", "1");
        TestStores.writeHadoopConfDir(dir, core);
        Configuration site = new Configuration(false);
        site.set("yarn.resourcemanager.hostname", LOOPBACK);
        for (String key : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
                YarnConfiguration.RM_WEBAPP_ADDRESS)) {
            String address = started.get(key);
            site.set(key, LOOPBACK + address.substring(address.lastIndexOf(':')));
        }
        for (String key : List.of("yarn.scheduler.minimum-allocation-mb", "yarn.scheduler.maximum-allocation-mb")) {
            site.set(key, started.get(key));
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("yarn-site.xml"))) {
            site.writeXml(out);
        }
    }

    private static List<String> commandLine(Path proc) {
        try {
            String raw = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of(); // ended, or not ours to read
        }
    }

    /**
     * What the NodeManagers give every container: {@code JAVA_HOME} (containers run
     * {@code $JAVA_HOME/bin/java}), this JVM's Java, as a node's administrator would set it; and this
     * machine's OpenBLAS settings ({@code OPENBLAS_CORETYPE}, ...), which a local run inherits from
     * the shell: without them the executors' OpenBLAS picks other kernels, whose float rounding
     * differs from the local run's (validation losses ~1e-8 apart).
     */
    static String nodeEnvironment() {
        List<String> env = new ArrayList<>(List.of("JAVA_HOME=" + System.getProperty("java.home")));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("OPENBLAS_") && !v.contains(",")) {
                env.add(k + "=" + v);
            }
        });
        return String.join(",", env);
    }

    /** What JVMs no longer running left in target/test/data (a killed test JVM stops nothing). */
    private static void removeLeftBehind() throws IOException {
        if (!Files.isDirectory(WORK)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(WORK)) {
            dirs.filter(d -> {
                Matcher m = LEFT_BEHIND.matcher(d.getFileName().toString());
                return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
            }).forEach(TestStores::deleteTree);
        }
    }
}
