package lrsweep.sweep;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import lrsweep.data.DataSplit;
import lrsweep.strategy.PbtSearch;
import lrsweep.strategy.PbtSearch.Done;
import lrsweep.strategy.PbtSearch.Work;
import lrsweep.train.MemberState;
import lrsweep.train.Trainer;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * A population trained in one Spark job, one task per member for the whole run, when every member
 * has a task slot: the same synchronous intervals as a job each, with the same decisions. A task
 * trains its member's segment, reports it to the driver and waits for the driver's decision (which
 * needs every member's report): its next segment, or the end. A member that keeps its own state
 * trains on with the network its task holds, so neither that state nor a network is rebuilt; an
 * exploited one loads its donor's state. Reports and decisions travel through a small HTTP server
 * on the driver, as halving's rung reports do (executors reach the driver's host anyway).
 *
 * <p>A lost task costs its member's interval at most: Spark runs it again, and the new attempt asks
 * the driver for the member's current work (the latest decided) rather than starting from the
 * job's. The first report of a member for an interval counts; a later one (from another attempt)
 * gets the decision already made. Members wait for each other, so every one must hold a slot:
 * once there are fewer slots than members (an executor lost and not replaced), the members waiting
 * would keep a retried one from ever starting, and the run goes on a job per interval ({@link #run}).
 */
final class LivePopulation implements AutoCloseable {

    /** How long a request for the next work waits on the driver before the task asks again; twice that, a task gives up on the driver. */
    private static final long WAIT_MILLIS = 30_000;
    /** How long members may wait while a member has no running task before the run goes on a job per interval ({@link #stalled}). */
    private static final long STALL_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(LivePopulation.class);
    /** The classes of a report: the driver deserializes nothing else from whoever reaches its port. */
    private static final ObjectInputFilter REPORT = ObjectInputFilter.Config.createFilter(
            "maxdepth=8;lrsweep.strategy.PbtSearch$Done;lrsweep.train.EpochRecord;java.util.*;java.lang.*;!*");

    /** The driver's answer to a member's task: its next work, or null when the run is over. */
    record Next(Work work, boolean ownState) implements Serializable {}

    private final HttpServer server;
    private final ExecutorService handlers;
    final String url;
    private final int size;
    // the members' work for the interval in training, and their reports of it so far
    private final Map<String, Work> current = new HashMap<>();
    private final Map<String, Done> reports = new HashMap<>();
    /** Since when fewer of the job's tasks have run than there are members while some member waits; 0: not so now. */
    private long shortSince;
    /** The last decided interval's reports and the work they trained: whether a member's next work is its own state. */
    private Map<String, Done> decidedReports = Map.of();
    private Map<String, Work> decidedWork = Map.of();
    /** The end of the interval in training. */
    private int to;
    private boolean finished;
    private boolean closed;
    /** Requests being answered: {@link #close} lets them finish. */
    private final AtomicInteger answering = new AtomicInteger();

    LivePopulation(List<Work> first, String driverHost) throws IOException {
        size = first.size();
        first.forEach(w -> current.put(w.trial().id(), w));
        to = first.get(0).to();
        server = HttpServer.create(new InetSocketAddress(driverHost, 0), 0);
        server.createContext("/report", exchange -> answer(exchange, () -> {
            report(exchange.getRequestURI().getRawQuery(), (Done) read(exchange.getRequestBody(), REPORT));
            return null;
        }));
        server.createContext("/next", exchange -> answer(exchange, () -> next(exchange.getRequestURI().getRawQuery())));
        // every member's task waits in a handler at once, and a retried task's attempt may too
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pbt-population");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.start();
        // an IPv6 literal goes in brackets in a URL
        String host = driverHost.contains(":") && !driverHost.startsWith("[") ? "[" + driverHost + "]" : driverHost;
        url = "http://" + host + ":" + server.getAddress().getPort();
    }

    /**
     * Trains the population from {@code first}, {@code decision} deciding each interval on this (the
     * driver's) thread, to the end; or, once there are fewer {@code slots} than members (an executor
     * lost and not replaced), through the interval in training, the members yet to report it trained
     * as a job of their own. Returns the work left then (none at the end), to go on a job per
     * interval: tasks waiting in every slot would keep a member's retried task from ever starting.
     * Cancels the job if it ends otherwise, so that no task is left waiting.
     */
    static List<Work> run(JavaSparkContext jsc, Broadcast<DataSplit> data, List<Work> first, PbtSearch.Decision decision,
            IntSupplier slots) throws Exception {
        List<Done> received;
        List<Work> missing;
        try (var population = new LivePopulation(first, jsc.getConf().get("spark.driver.host"))) {
            String url = population.url;
            List<String> members = first.stream().map(w -> w.trial().id()).toList();
            String group = "lr-sweep-" + UUID.randomUUID();
            jsc.setJobGroup(group, "lr-sweep: a population of " + members.size() + ", a task per member", true);
            SimpleFutureAction<BoxedUnit> job;
            try {
                job = SweepRunner.submit(jsc, members, SweepRunner.perTask((String member, DataSplit d) -> train(url, member, d), data),
                        member -> {});
            } finally {
                jsc.clearJobGroup();
            }
            boolean complete = false;
            try {
                if (population.decide(decision, () -> job.isCompleted() || slots.getAsInt() < members.size()
                        || population.stalled(running(jsc, job)))) {
                    job.get(); // the tasks end once told so; a failure here is Spark giving up
                    complete = true;
                    return List.of();
                }
                if (job.isCompleted()) {
                    throw SweepRunner.failure(job, "not every member's report of an interval");
                }
                received = population.received();
                missing = population.missing();
                LOG.warn("pbt: not every member has a task slot ({} counted for {} members): {} members' segments to epoch {} as a job, "
                        + "then a job per interval", slots.getAsInt(), members.size(), missing.size(), missing.get(0).to());
            } finally {
                if (!complete) {
                    jsc.cancelJobGroup(group);
                }
            }
        } // the server stopped: the cancelled tasks still waiting fail at once, and free their slots
        List<Done> done = new ArrayList<>(received);
        done.addAll(SweepRunner.run(jsc, missing, data, SweepRunner::segment, missing.size() + " members' segments", d -> {}));
        return decision.next(done);
    }

    /** Decides each interval once every member has reported it, to the end (true), or until {@code stop} says so (false). */
    boolean decide(PbtSearch.Decision decision, BooleanSupplier stop) throws Exception {
        while (!finished()) {
            var reports = reports(stop);
            if (reports.isEmpty()) {
                return false;
            }
            decided(decision.next(reports.get()));
        }
        return true;
    }

    private synchronized boolean finished() {
        return finished;
    }

    /** Every member's report of the interval in training; none if {@code stop} says so first. */
    synchronized Optional<List<Done>> reports(BooleanSupplier stop) throws InterruptedException {
        while (reports.size() < size) {
            if (stop.getAsBoolean()) {
                return Optional.empty();
            }
            wait(100);
        }
        return Optional.of(new ArrayList<>(reports.values()));
    }

    /**
     * Whether members have waited {@link #STALL_MILLIS} while only {@code running} of the job's
     * tasks ran, fewer than the members: a member's task waits for a slot that the waiting tasks
     * hold. The slots were fewer than counted (a {@code spark.default.parallelism} set above the
     * cores; a standalone cluster counts at least 2), or an executor was lost and its task waits to
     * run again.
     */
    synchronized boolean stalled(int running) {
        if (running >= size || reports.isEmpty()) {
            shortSince = 0;
            return false;
        }
        long now = System.currentTimeMillis();
        if (shortSince == 0) {
            shortSince = now;
        }
        return now - shortSince > STALL_MILLIS;
    }

    /** The tasks of {@code job} running now, as Spark's status tracker knows them. */
    private static int running(JavaSparkContext jsc, SimpleFutureAction<BoxedUnit> job) {
        int running = 0;
        for (Object id : CollectionConverters.asJava(job.jobIds())) {
            SparkJobInfo info = jsc.statusTracker().getJobInfo((Integer) id);
            for (int stage : info == null ? new int[0] : info.stageIds()) {
                SparkStageInfo stageInfo = jsc.statusTracker().getStageInfo(stage);
                running += stageInfo == null ? 0 : stageInfo.numActiveTasks();
            }
        }
        return running;
    }

    private synchronized List<Done> received() {
        return new ArrayList<>(reports.values());
    }

    /** The work of the members yet to report the interval in training. */
    private synchronized List<Work> missing() {
        return current.values().stream().filter(w -> !reports.containsKey(w.trial().id())).toList();
    }

    /** The next interval's work (none: the end), for the tasks waiting for it. */
    synchronized void decided(List<Work> next) {
        decidedReports = Map.copyOf(reports);
        decidedWork = Map.copyOf(current);
        reports.clear();
        if (next.isEmpty()) {
            finished = true;
        } else {
            next.forEach(w -> current.put(w.trial().id(), w));
            to = next.get(0).to();
        }
        notifyAll();
    }

    /** {@code member=...&to=...}: its first report of the interval in training counts. */
    private synchronized void report(String query, Done done) {
        Map<String, String> q = query(query);
        if (Integer.parseInt(q.get("to")) == to && !finished && current.containsKey(done.member())) {
            reports.putIfAbsent(done.member(), done);
            notifyAll();
        }
    }

    /**
     * {@code member=...&to=...}: the member's work after the interval ending at {@code to} once
     * decided ({@code to=-1}: its current work, for a task's first request), null if that is not
     * decided within {@link #WAIT_MILLIS}. The state is left out where it is the one the member
     * reported and still trains with: its task holds that network.
     */
    private synchronized Next next(String query) throws InterruptedException {
        Map<String, String> q = query(query);
        String member = q.get("member");
        int after = Integer.parseInt(q.get("to"));
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!closed && !finished && after >= to && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        if (closed || finished) {
            // closed: the run ended otherwise or goes on a job per interval, and the job is cancelled;
            // its tasks end quietly rather than fail with errors in the log
            return new Next(null, false);
        }
        if (after >= to) {
            return null;
        }
        Work work = current.get(member);
        Done reported = decidedReports.get(member);
        Work trained = decidedWork.get(member);
        boolean own = reported != null && trained.to() == after && reported.error() == null && !reported.diverged()
                && work.trial().equals(trained.trial()) && Arrays.equals(work.start(), reported.end());
        return own ? new Next(new Work(work.trial(), null, work.to()), true) : new Next(work, false);
    }

    /** Tells the tasks still waiting to end, and stops the server once they are answered (a second at most). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        // not HttpServer.stop(1): it waits out the whole second while the tasks' keep-alive connections stay open
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (answering.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000); // not a sleep: close() may run on an interrupted thread
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    /** The handler's answer: 200 with the serialized result, 204 for none yet, 500 with the error. */
    private interface Handler {
        Serializable handle() throws Exception;
    }

    private void answer(HttpExchange exchange, Handler handler) throws IOException {
        answering.incrementAndGet();
        try (exchange) {
            byte[] body;
            int status;
            try {
                Serializable result = handler.handle();
                body = result == null ? new byte[0] : bytes(result);
                status = result == null ? 204 : 200;
            } catch (Exception e) {
                body = e.toString().getBytes(StandardCharsets.UTF_8);
                status = 500;
            }
            exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
            if (status != 204) {
                exchange.getResponseBody().write(body);
            }
        } finally {
            answering.decrementAndGet();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        for (String pair : String.valueOf(raw).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!q.containsKey("member") || !q.containsKey("to")) {
            throw new IllegalArgumentException("a request names its member and interval: " + raw);
        }
        return q;
    }

    /**
     * A member's task: asks for its current work, then trains, reports and asks again until the
     * driver says the run is over. A failed or diverged segment drops the network held, as the
     * driver will not let the member train on from it.
     */
    static String train(String url, String member, DataSplit data) throws IOException, ClassNotFoundException {
        Trainer.Segments[] held = {null};
        Next next = next(url, member, -1);
        while (next.work() != null) {
            Work work = next.work();
            boolean own = next.ownState();
            // a segment that fails reports the state it started from: none when it trained on in memory,
            // and the driver keeps the member's state (the same)
            Done done = SweepRunner.segment(work, () -> {
                if (!own) {
                    held[0] = new Trainer.Segments(work.trial(), data,
                            work.start() == null ? null : MemberState.fromBytes(work.start()));
                }
                return held[0].next(work.to());
            });
            if (done.error() != null || done.diverged()) {
                held[0] = null;
            }
            report(url, work.to(), done);
            next = next(url, member, work.to());
        }
        return member;
    }

    /** A member's segment through epoch {@code to}, to the driver. */
    static void report(String url, int to, Done done) throws IOException {
        request(url + "/report?" + params(done.member(), to), bytes(done));
    }

    /** The member's work after the interval ending at {@code to}, asking again while it is undecided. */
    static Next next(String url, String member, int to) throws IOException, ClassNotFoundException {
        while (true) {
            byte[] answer = request(url + "/next?" + params(member, to), null);
            if (answer != null) {
                return (Next) read(new ByteArrayInputStream(answer), null);
            }
            // a cancelled job's task ends here rather than waiting on (a socket read ignores the interrupt)
            TaskContext task = TaskContext.get();
            if (task != null) {
                task.killTaskIfInterrupted();
            }
        }
    }

    private static String params(String member, int to) {
        return "member=" + URLEncoder.encode(member, StandardCharsets.UTF_8) + "&to=" + to;
    }

    /** A GET, or a POST of {@code body}; the answer, null for 204. An unreachable driver fails the task (Spark's to retry). */
    private static byte[] request(String address, byte[] body) throws IOException {
        var connection = (HttpURLConnection) URI.create(address).toURL().openConnection();
        connection.setConnectTimeout(30_000);
        connection.setReadTimeout((int) WAIT_MILLIS * 2);
        if (body != null) {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (var out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        if (status == 204) {
            return null;
        }
        if (status != 200) {
            throw new IOException("the driver's population server answered HTTP " + status + " to " + address);
        }
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(Serializable value) {
        var out = new ByteArrayOutputStream();
        try (var objects = new ObjectOutputStream(out)) {
            objects.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An object of {@code in}, of the classes {@code filter} allows (null: any, for the driver's answers). */
    private static Object read(InputStream in, ObjectInputFilter filter) throws IOException, ClassNotFoundException {
        try (var objects = new ObjectInputStream(in)) {
            if (filter != null) {
                objects.setObjectInputFilter(filter);
            }
            return objects.readObject();
        }
    }
}
