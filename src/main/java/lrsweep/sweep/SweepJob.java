package lrsweep.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataConfig;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.data.SparkTables;
import lrsweep.model.Networks;
import lrsweep.model.UserNetwork;
import lrsweep.output.ResultTables;
import lrsweep.output.RunFacts;
import lrsweep.output.Summary;
import lrsweep.pruning.Pruner;
import lrsweep.store.InputFiles;
import lrsweep.store.Journal;
import lrsweep.store.Locations;
import lrsweep.store.SweepStore;
import lrsweep.store.YarnAttempt;
import lrsweep.strategy.SearchStrategy;
import lrsweep.train.RungGate;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole sweep on the driver: load the data, open the sweep directory, start Spark, train what is
 * not done yet, and write the tables and the verdict.
 */
public final class SweepJob {

    private static final Logger LOG = LoggerFactory.getLogger(SweepJob.class);

    /** How a sweep ended, for the exit code. */
    public record Outcome(String directory, List<TrialResult> results) {
        public boolean anyFailed() {
            return results.stream().anyMatch(r -> r.status() == TrialStatus.FAILED);
        }
    }

    private SweepJob() {}

    /**
     * Runs the sweep on a Spark context of its own, stopped at the end. Bad input (unreadable
     * data, an existing sweep directory, an unwritable output dir, an unreachable master) is
     * reported before anything is written; a table only Spark can read is read right after Spark
     * starts, and if it is bad the sweep directory is left as it was.
     *
     * @param progressOut where the progress line goes; {@code terminal} redraws it in place
     */
    public static Outcome run(SweepConfig declared, SweepStore.Mode requested, PrintStream progressOut, boolean terminal)
            throws Exception {
        long startNanos = System.nanoTime();
        SweepStore.Mode mode = forAttempt(requested);
        SweepConfig config = withNetworkRead(declared);
        SearchStrategy search = SearchStrategy.of(config);
        Started started = start(config, config.outputLocation(), mode, config.name(), null, null, search);
        try (started) {
            return execute(started, config, search, mode, startNanos, progressOut, terminal);
        }
    }

    /** Runs the sweep on the given session, which stays open (notebooks, tests). */
    public static Outcome run(SparkSession spark, SweepConfig declared, SweepStore.Mode mode, PrintStream progressOut,
            boolean terminal) throws Exception {
        return run(spark, declared, null, mode, progressOut, terminal);
    }

    /**
     * Runs the sweep on the given session, which stays open, on the examples of {@code frames}
     * rather than the files {@code data.*} names ({@code lrsweep.LrSweep}).
     *
     * @param frames the DataFrames to take the examples from, or null to read {@code data.*}'s files
     */
    public static Outcome run(SparkSession spark, SweepConfig declared, Frames frames, SweepStore.Mode mode,
            PrintStream progressOut, boolean terminal) throws Exception {
        long startNanos = System.nanoTime();
        SweepConfig config = withNetworkRead(declared);
        SearchStrategy search = SearchStrategy.of(config);
        try (Started started = start(config, config.outputLocation(), mode, config.name(), spark, frames, search)) {
            return execute(started, config, search, mode, startNanos, progressOut, terminal);
        }
    }

    /**
     * A training and, optionally, a validation DataFrame, columns as in a Parquet table: the data of
     * a sweep started from code, whose {@code data.*} keys then select and shape the examples but
     * name no files.
     *
     * @param validation null to split the validation set off {@code train} ({@code data.validation-split})
     */
    public record Frames(org.apache.spark.sql.Dataset<Row> train, org.apache.spark.sql.Dataset<Row> validation) {
        public Frames {
            Objects.requireNonNull(train, "train");
        }
    }

    /**
     * The config with its user network ({@code model.type = dl4j}) read from {@code model.path}: done
     * first, as trial ids digest the network. A file that is missing or not a DL4J network stops the
     * run before anything is written.
     */
    public static SweepConfig withNetworkRead(SweepConfig config) {
        UserNetwork network = config.model().network();
        if (network == null || network.isRead()) {
            return config;
        }
        try (var in = InputFiles.open(network.path(), Locations.hadoopConf())) {
            return config.withModel(config.model().withNetwork(network.read(in.readAllBytes())));
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("model.path = " + network.path() + ": " + (e instanceof java.io.FileNotFoundException
                    ? "no such file" : e.getMessage()), e);
        }
    }

    /**
     * A run under way: its Spark context (stopped at the end unless it was given), its data and the
     * data's fingerprint, its store (holding its lease and config.conf), and for a resume what the
     * journal holds (null if not read yet).
     */
    record Started(JavaSparkContext jsc, boolean ownContext, DataSplit data, String fingerprint, SweepStore store,
            String runId, Journal.Recorded recorded) implements AutoCloseable {
        /** Releases the lease first: the context's stop may wait for tasks being cancelled. */
        @Override
        public void close() throws IOException {
            try {
                store.close();
            } finally {
                if (ownContext) {
                    awaitTasks(jsc);
                    jsc.stop();
                }
            }
        }
    }

    /**
     * Waits, 3 s at most, for tasks still running (cancelled ones after a stop on request) to end:
     * a context stopped under them logs their late status updates as errors with stack traces.
     */
    private static void awaitTasks(JavaSparkContext jsc) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline
                && Arrays.stream(jsc.sc().statusTracker().getExecutorInfos()).mapToInt(SparkExecutorInfo::numRunningTasks).sum() > 0) {
            LockSupport.parkNanos(10_000_000); // not a sleep: after a stop on request the thread is interrupted
        }
    }

    /**
     * Everything a run (sweep or range test) does before its real work, in the order that keeps
     * bad input from touching the disk: master reachable, data readable (IDX read, other inputs
     * found and fingerprinted), directory writable and free (its lease taken), a resumed journal
     * consistent with the config; then Spark starts and reads a Spark-only table. Only once all that
     * worked does the directory change (its completion marker and, with --overwrite, its old content
     * go; config.conf is written); if anything failed, it is as it was.
     *
     * <p>Trials need only the Spark context; a SQL session (about half a second of a core to start)
     * starts only if the data is a table that Spark SQL reads.
     *
     * @param given   a running session to use, or null to start a Spark context (and stop it if the
     *                start fails)
     * @param frames  DataFrames to take the examples from (with {@code given}), or null to read {@code data.*}'s files
     * @param search  the sweep's search, whose trials known so far a resumed journal is checked against
     *                before anything changes; null for a range test alone
     */
    static Started start(SweepConfig config, String location, SweepStore.Mode mode, String appName, SparkSession given,
            Frames frames, SearchStrategy search) throws IOException {
        SparkConf conf = conf(appName);
        if (given == null) {
            checkReachable(conf.get("spark.master"));
            checkOutputOutlivesDriver(conf, config);
        }
        Configuration hadoop = Locations.hadoopConf();
        Loaded loaded = frames != null ? loadFrames(config, frames) : loadData(config, hadoop);
        SweepStore store = openStore(location, mode, config, hadoop);
        String runId = UUID.randomUUID().toString();
        SparkContext context = null;
        try {
            Journal.Recorded recorded = null;
            if (mode == SweepStore.Mode.RESUME && search != null) {
                List<Trial> known = search.known(store, loaded.fingerprint()).orElse(null);
                if (known != null) {
                    recorded = journal(store, search, loaded.fingerprint(), runId, System.nanoTime()).load(known, true);
                }
            }
            context = given != null ? given.sparkContext() : SparkContext.getOrCreate(conf);
            SparkContext sc = context;
            DataSplit data = loaded.read().apply(() -> given != null ? given : SparkSession.builder().sparkContext(sc).getOrCreate());
            store.commit();
            store.writeString("config.conf", config.resolved());
            return new Started(JavaSparkContext.fromSparkContext(context), given == null, data, loaded.fingerprint(), store, runId,
                    recorded);
        } catch (Exception | Error e) { // Spark's own exceptions too, checked ones thrown from Scala
            if (given == null && context != null) {
                context.stop();
            }
            store.abandon();
            throw e;
        }
    }

    /** A sweep's journal, its entries checked against this search's trials' keys and this data. */
    public static Journal journal(SweepStore store, SearchStrategy search, String fingerprint, String runId, long startNanos) {
        return new Journal(store, search::key, fingerprint, runId, startNanos);
    }

    /**
     * For --dry-run: the data's files exist (IDX's four, or what data.train-path and
     * data.validation-path name), checked as a run would, without reading them.
     */
    public static void findData(SweepConfig config, Configuration hadoop) {
        try {
            DataLoader.fingerprint(config.data(), hadoop);
        } catch (IOException e) {
            throw unreadable(config.data(), e.getMessage().lines().findFirst().orElse(e.toString()), e);
        }
    }

    /** The data's fingerprint, and the data, or how to read it once Spark runs. */
    record Loaded(String fingerprint, Function<Supplier<SparkSession>, DataSplit> read) {}

    /**
     * The data, or how to read it once Spark runs. IDX files are read now, without Spark, so a bad
     * file stops the run before anything is written; CSV, LibSVM and Parquet are read by Spark on
     * the driver, and only found and fingerprinted now.
     */
    static Loaded loadData(SweepConfig config, Configuration hadoop) {
        DataConfig d = config.data();
        String fingerprint;
        DataSplit idx = null;
        try {
            fingerprint = DataLoader.fingerprint(d, hadoop);
            if (d.format() == DataConfig.Format.IDX) {
                idx = DataLoader.load(d, hadoop);
            }
        } catch (IOException | InputException e) {
            throw unreadable(d, e.getMessage().lines().findFirst().orElse(e.toString()), e);
        }
        if (idx != null) {
            DataSplit data = checked(config, idx);
            return new Loaded(fingerprint, spark -> data);
        }
        return new Loaded(fingerprint, spark -> {
            DataSplit data;
            try {
                data = SparkTables.load(spark.get(), d);
            } catch (Exception e) {
                // Spark reports unreadable files as its own exceptions, some of them checked: bad input all the same
                throw unreadable(d, reason(e), e);
            }
            return checked(config, data);
        });
    }

    /**
     * The examples of DataFrames, collected now, as IDX files are read now: a bad DataFrame stops the
     * run before anything is written. Having no files, they are fingerprinted by their content.
     */
    static Loaded loadFrames(SweepConfig config, Frames frames) {
        DataSplit data;
        try {
            data = SparkTables.load(config.data(), frames.train(), frames.validation());
        } catch (Exception e) {
            // as with files, Spark's own exceptions (some of them checked) are bad input all the same
            throw new InputException("cannot read the DataFrames given: " + reason(e), e);
        }
        DataSplit checked = checked(config, data);
        return new Loaded(checked.fingerprint(), spark -> checked);
    }

    /** Logs what was read, and checks that the network (a CNN's image shape, a user's network) fits it. */
    private static DataSplit checked(SweepConfig config, DataSplit data) {
        LOG.info("data: {} training and {} validation examples, {} features, {}", data.train().size(),
                data.validation().size(), data.train().featureCount(),
                data.train().regression() ? "a value to predict" : data.train().classes() + " classes");
        UserNetwork network = config.model().network();
        if (network != null) {
            try {
                network.check(data.train().featureCount(), config.data().task(), data.train().outputs());
            } catch (IllegalArgumentException e) {
                throw new InputException("model.path = " + network.path() + " does not fit the data: " + e.getMessage(), e);
            }
        }
        if (config.model().type().equals("cnn")) {
            try {
                Networks.imageShape(config.model().imageShape(), data.train().featureCount());
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage(), e);
            }
        }
        return data;
    }

    private static InputException unreadable(DataConfig d, String reason, Exception e) {
        String where = d.format() == DataConfig.Format.IDX ? "data.dir = " + d.dir()
                : "data.format = " + d.format().name().toLowerCase(Locale.ROOT) + ", data.train-path = " + d.trainPath()
                        + (d.validationPath() == null ? "" : ", data.validation-path = " + d.validationPath());
        return new InputException("cannot read the data (" + where + "): " + reason, e);
    }

    /**
     * What went wrong, in a line: Spark wraps a bad file's error in a job failure whose first line
     * names stages and tasks, so the innermost cause that names something is the one to show.
     */
    static String reason(Throwable e) {
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                String line = t.getMessage().lines().findFirst().orElse("").trim();
                if (!line.startsWith("Job aborted due to stage failure")) {
                    reason = line;
                }
            }
        }
        return reason != null ? reason : e.toString();
    }

    static SweepStore openStore(String location, SweepStore.Mode mode, SweepConfig config, Configuration hadoop)
            throws IOException {
        return SweepStore.open(location, "output.dir", mode, hadoop, config.leaseTimeout());
    }

    private static Outcome execute(Started started, SweepConfig config, SearchStrategy search, SweepStore.Mode mode,
            long startNanos, PrintStream progressOut, boolean terminal) throws Exception {
        DataSplit data = started.data();
        SweepStore store = started.store();
        var jsc = started.jsc();
        boolean resume = mode == SweepStore.Mode.RESUME;
        List<Trial> trials = search.open(new SearchStrategy.Context(store, resume, started.fingerprint(),
                c -> FinderJob.auto(jsc, c, data, started.fingerprint(), store)));
        Journal journal = journal(store, search, started.fingerprint(), started.runId(), startNanos);
        // a resumed auto sweep whose range test ran again has new trials: its old journal is not "another sweep"
        Journal.Recorded recorded = started.recorded() != null ? started.recorded()
                : resume ? journal.load(trials, false) : new Journal.Recorded(Map.of(), 0, 0);
        Map<String, TrialResult> finished = recorded.done();
        search.resume(trials.stream().map(t -> finished.get(t.id())).filter(Objects::nonNull).toList());
        int total = search.total();
        if (resume) {
            LOG.info("resume: {} of {} trials already finished, skipped (failed ones run again)", finished.size(), total);
        }
        LOG.info("{} trials to train on Spark master {} ({} task slots)", Math.max(total - finished.size(), 0), jsc.master(),
                jsc.defaultParallelism());
        List<TrialResult> fresh;
        var committed = new AtomicInteger();
        var running = new RunningTasks();
        jsc.sc().addSparkListener(running);
        try (var progress = new Progress(progressOut, terminal, total, finished.values(), 5); var pruner = Pruner.of(config)) {
            running.progress = progress;
            RungGate gate = pruner.start(jsc.getConf().get("spark.driver.host"), finished.values());
            SweepRunner.Listener<TrialResult> commit = result -> {
                journal.commit(result);
                committed.incrementAndGet();
                progress.finished(result);
            };
            try (var training = new SparkTraining(jsc, pruner, gate, data, commit, progress)) {
                fresh = search.train(training);
            }
        } catch (Exception e) {
            if (interruption(e)) {
                throw new Interrupted(finished.size() + committed.get(), total);
            }
            throw e;
        } finally {
            jsc.sc().removeSparkListener(running);
        }
        List<TrialResult> all = inOrder(search.trials(), finished, fresh);
        // the best trial is retrained on the driver while the tables are written: both are latency
        var judging = config.judging();
        var bestModel = CompletableFuture.runAsync(() -> {
            try {
                BestModel.write(store, all, data, judging.rankBy());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            ResultTables.write(store, all, judging.unstableFactor());
            long wall = recorded.earlierMillis() + (System.nanoTime() - startNanos) / 1_000_000;
            var execution = new RunFacts.Execution(wall, jsc.master(), jsc.defaultParallelism());
            Summary.write(store, all, new RunFacts(config.name(), config.resolved(), execution, null, config.judging()));
        } catch (Exception | Error e) {
            // the retraining must not outlive a failed run: it would be writing while the process exits
            bestModel.exceptionally(t -> null).join();
            throw e;
        }
        try {
            bestModel.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : e;
        }
        store.markComplete(started.runId());
        return new Outcome(config.outputLocation(), all);
    }

    /**
     * Whether {@code e} is a stop on request: an interrupt reaches the waiting driver as an
     * InterruptedException, or, if it lands in a journal write, as an interrupted I/O.
     */
    private static boolean interruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** The results of {@code trials} that have one (a tpe search's earlier runs may have left proposals untrained). */
    private static List<TrialResult> inOrder(List<Trial> trials, Map<String, TrialResult> finished, List<TrialResult> fresh) {
        Map<String, TrialResult> byId = new HashMap<>(finished);
        fresh.forEach(r -> byId.put(r.trial().id(), r));
        return trials.stream().map(t -> byId.get(t.id())).filter(Objects::nonNull).toList();
    }

    /**
     * What a sweep needs of Spark: no UI; as many nd4j/OpenMP threads per task as it has cores
     * ({@code spark.task.cpus}, 1 by default), so that concurrent trials neither oversubscribe the
     * cores nor leave them idle; and room beside each executor's heap for ND4J, which keeps its
     * arrays off-heap (Spark's default overhead, 10% of the heap and at least 384 MB, is below what
     * a few concurrent trials' native buffers and BLAS workspaces take). Settings given to
     * spark-submit win over these defaults.
     */
    static SparkConf conf(String sweepName) {
        SparkConf conf = new SparkConf()
                .setIfMissing("spark.master", "local[*]")
                .setIfMissing("spark.app.name", "lr-sweep " + sweepName)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.executor.memoryOverhead", "1g");
        return conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
    }

    /**
     * In YARN's cluster mode, YARN starts the application master again when it dies
     * ({@code spark.yarn.maxAppAttempts} > 1): that attempt's driver continues the sweep from its
     * journal, as --resume would, rather than refusing the directory or starting over.
     */
    static SweepStore.Mode forAttempt(SweepStore.Mode mode) {
        var attempt = YarnAttempt.current().filter(a -> a.attempt() > 1);
        if (attempt.isPresent() && mode != SweepStore.Mode.RESUME) {
            LOG.info("YARN application attempt {} of {}: continuing the sweep from its journal, as --resume would",
                    attempt.get().attempt(), attempt.get().application());
            return SweepStore.Mode.RESUME;
        }
        return mode;
    }

    /**
     * In cluster deploy mode the driver runs in a container of the cluster, whose local files go
     * when it ends: the results must go to a file system the cluster keeps.
     */
    static void checkOutputOutlivesDriver(SparkConf conf, SweepConfig config) {
        if (conf.get("spark.submit.deployMode", "client").equals("cluster") && !config.outputDir().matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            throw new InputException("output.dir = " + config.outputDir() + " is a path on the driver's machine, but in cluster deploy "
                    + "mode the driver runs in a container whose files go when it ends: give a file system the cluster keeps, "
                    + "e.g. --output hdfs:///user/me/sweeps or s3a://bucket/sweeps");
        }
    }

    /**
     * Spark retries an unreachable standalone master for a minute before giving up with a stack
     * trace; a quick connect says the same in a line.
     */
    static void checkReachable(String master) {
        if (!master.matches("local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[.*]|spark://.+|yarn|k8s://.+")) {
            throw new InputException("unknown Spark master '" + master + "': local[*], local[N], spark://host:port, yarn or k8s://...");
        }
        if (!master.startsWith("spark://")) {
            return;
        }
        String reason = "no address";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            try (var socket = new Socket()) {
                // a standalone master listens on 7077 unless told otherwise
                int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
                socket.connect(new InetSocketAddress(host, port), 3000);
                return;
            } catch (IOException | RuntimeException e) {
                reason = e.getMessage();
            }
        }
        throw new InputException("cannot reach the Spark master " + master + " (" + reason
                + "); is the cluster up? ./submit.sh cluster start starts one on this machine");
    }

    /** Counts the tasks running right now, for the progress line. */
    private static final class RunningTasks extends SparkListener {
        private final AtomicInteger running = new AtomicInteger();
        private volatile Progress progress;

        @Override
        public void onTaskStart(SparkListenerTaskStart taskStart) {
            report(running.incrementAndGet());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            report(running.decrementAndGet());
        }

        private void report(int tasks) {
            if (progress != null) {
                progress.running(tasks);
            }
        }
    }
}
