package lrsweep.sweep;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import lrsweep.output.TrialText;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * One progress line for the user: trials done/total (a population: its epoch), running, failed,
 * diverged, best validation loss so far and its config, elapsed and ETA. On a terminal it is redrawn in place every second;
 * otherwise (CI, cluster logs) it is printed as a plain line every {@code plainEverySeconds}.
 */
public final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private int done;
    private final int skipped;
    private int running;
    private int failed;
    private int diverged;
    private TrialResult best;
    private Standing population;
    private boolean closed;

    /** A population under way, as it stood after its last interval; {@code from}: the epoch this run started at. */
    private record Standing(int from, int epoch, int epochs, List<TrialResult> members) {}

    /** @param resumed the trials a resumed sweep finished before: they count towards every figure but the ETA */
    public Progress(PrintStream out, boolean terminal, int total, Collection<TrialResult> resumed, int plainEverySeconds) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.skipped = resumed.size();
        resumed.forEach(this::count);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        int period = terminal ? 1 : plainEverySeconds;
        ticker.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
    }

    public synchronized void running(int tasks) {
        running = Math.max(0, tasks);
    }

    public synchronized void finished(TrialResult r) {
        count(r);
        if (terminal) {
            print();
        }
    }

    /**
     * A population's members as they stand at {@code epoch} of {@code epochs}: until they are
     * committed, at the end, the line counts epochs rather than trials.
     */
    public synchronized void population(int epoch, int epochs, List<TrialResult> members) {
        population = new Standing(population == null ? epoch : population.from(), epoch, epochs, List.copyOf(members));
        if (terminal) {
            print();
        }
    }

    private void count(TrialResult r) {
        done++;
        switch (r.status()) {
            case FAILED -> failed++;
            case DIVERGED -> diverged++;
            case OK -> {
                if (best == null || r.bestCost() < best.bestCost()) {
                    best = r;
                }
            }
        }
    }

    public synchronized String line() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        int doneHere = done - skipped;
        if (population != null && doneHere == 0) {
            return populationLine(population, elapsed);
        }
        String eta = doneHere == 0 ? "?" : clock(elapsed / doneHere * (total - done));
        return String.format(Locale.ROOT, "trials %d/%d · running %d · failed %d · diverged %d · best %s · %s elapsed · ETA %s",
                done, total, running, failed, diverged, text(best), clock(elapsed), eta);
    }

    private String populationLine(Standing p, double elapsed) {
        int trained = p.epoch() - p.from();
        String eta = trained == 0 ? "?" : clock(elapsed / trained * (p.epochs() - p.epoch()));
        TrialResult leader = p.members().stream().filter(r -> Double.isFinite(r.bestCost()))
                .min(Comparator.comparingDouble(TrialResult::bestCost)).orElse(null);
        return String.format(Locale.ROOT, "population %d · epoch %d/%d · running %d · failed %d · diverged %d · best %s · %s elapsed · ETA %s",
                p.members().size(), p.epoch(), p.epochs(), running, count(p, TrialStatus.FAILED), count(p, TrialStatus.DIVERGED),
                text(leader), clock(elapsed), eta);
    }

    private static long count(Standing p, TrialStatus status) {
        return p.members().stream().filter(r -> r.status() == status).count();
    }

    /** The best so far: its objective and configuration. */
    private static String text(TrialResult best) {
        return best == null ? "–" : String.format(Locale.ROOT, "%s %.4f (%s)", best.trial().train().objective().key(),
                best.trial().train().objective().value(best.best().orElseThrow()), TrialText.of(best.trial()));
    }

    private synchronized void print() {
        if (closed) {
            return; // a tick that waited for the lock while close() ran
        }
        if (terminal) {
            out.print("\r\033[K" + line());
        } else {
            out.println(line());
        }
        out.flush();
    }

    /** Stops refreshing and leaves the final line on the screen. */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        print();
        closed = true;
        if (terminal) {
            out.println();
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
