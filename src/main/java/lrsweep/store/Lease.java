package lrsweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import lrsweep.config.InputException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's claim on a sweep directory: a file {@code _lease.<run id>.json} naming its host,
 * process and start, rewritten every {@code timeout / 6} as a heartbeat. A claim is made by writing
 * one's own lease and then listing the others, so it needs no atomic create and works on every
 * store; two runs that claim at the same moment both see the other and both give up, which loses
 * nothing. Ages are measured on the store's clock (modification times), never against a local one.
 * A lease is stale, and is taken over with a warning, when its heartbeat is older than
 * {@code timeout}, or at once when it names a process of this host that no longer runs, or an
 * earlier attempt of this run's YARN application (YARN starts the next attempt once it has ended).
 */
final class Lease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
    static final String PREFIX = "_lease.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a lease file says.
     *
     * @param application the YARN application the run is an attempt of, or null outside YARN
     */
    record Holder(String runId, String host, long pid, String started, String application) {
        String describe() {
            return "host " + host + ", process " + pid + ", started " + started;
        }
    }

    private final FileSystem fs;
    private final Path file;
    private final byte[] content;
    private final ScheduledExecutorService heartbeat;

    private Lease(FileSystem fs, Path file, byte[] content, Duration timeout) {
        this.fs = fs;
        this.file = file;
        this.content = content;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lr-sweep lease heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, timeout.toMillis() / 6);
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    static boolean isLease(String name) {
        return name.startsWith(PREFIX);
    }

    /**
     * Claims {@code root} (which exists) for this run.
     *
     * @throws InputException naming the holder, when another run holds a live lease
     */
    static Lease acquire(FileSystem fs, Path root, Duration timeout) throws IOException {
        var me = new Holder(UUID.randomUUID().toString(), host(), ProcessHandle.current().pid(), Instant.now().toString(),
                YarnAttempt.current().map(YarnAttempt::application).orElse(null));
        Path mine = new Path(root, PREFIX + me.runId() + ".json");
        byte[] content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(me);
        write(fs, mine, content);
        long now = fs.getFileStatus(mine).getModificationTime();
        for (FileStatus other : fs.listStatus(root, p -> isLease(p.getName()) && !p.equals(mine))) {
            Holder holder = settled(fs, other.getPath());
            long age = now - other.getModificationTime();
            boolean dead = holder != null && holder.host().equals(me.host()) && ProcessHandle.of(holder.pid()).isEmpty();
            // YARN starts an application's next attempt only once the last one has ended
            boolean earlierAttempt = holder != null && me.application() != null && me.application().equals(holder.application());
            if (dead || earlierAttempt || age > timeout.toMillis()) {
                LOG.warn("taking over the stale lease of {} ({})", holder == null ? other.getPath().getName() : holder.describe(),
                        dead ? "that process has ended" : earlierAttempt ? "an earlier attempt of this YARN application"
                                : "no heartbeat for " + age / 1000 + " s");
                fs.delete(other.getPath(), false);
                continue;
            }
            fs.delete(mine, false);
            throw new InputException(Locations.shown(root) + " is in use by another run (" + (holder == null ? other.getPath().getName()
                    : holder.describe()) + ", heartbeat " + Math.max(0, age / 1000) + " s ago); wait for it to end, or stop it. "
                    + "A lease without a heartbeat for " + timeout.toSeconds() + " s (output.lease-timeout) is taken over");
        }
        return new Lease(fs, mine, content, timeout);
    }

    private void beat() {
        try {
            write(fs, file, content);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot renew the lease {}: {}", file, e.toString());
        }
    }

    /** Stops the heartbeat and removes the lease. */
    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fs.delete(file, false);
    }

    private static void write(FileSystem fs, Path file, byte[] content) throws IOException {
        try (var out = fs.create(file, true)) {
            out.write(content);
        }
    }

    /**
     * The holder of a lease, read again for a moment while it reads as nothing: a heartbeat rewrites
     * the file in place, and a reader that lands in the rewrite sees it empty.
     */
    private static Holder settled(FileSystem fs, Path file) throws IOException {
        Holder holder = read(fs, file);
        for (int tries = 0; holder == null && tries < 10 && fs.exists(file); tries++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the lease " + file);
            }
            holder = read(fs, file);
        }
        return holder;
    }

    private static Holder read(FileSystem fs, Path file) {
        try (var in = fs.open(file)) {
            return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Holder.class);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // being rewritten, or not ours: its age alone decides
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
