package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import lrsweep.data.DataSplit;
import lrsweep.data.Dataset;
import org.junit.jupiter.api.Test;

/** The fan-out on a real local Spark: one job, results streamed to the driver as tasks end. */
class SweepRunnerTest {

    private static final DataSplit DATA = new DataSplit(new Dataset(new float[] {1, 2}, new int[] {0, 1}, 1, 2),
            new Dataset(new float[] {3}, new int[] {1}, 1, 2));

    /** Tasks of this JVM (local mode) that ran to their end. */
    private static final AtomicInteger COMPLETED = new AtomicInteger();

    @Test
    void everyItemRunsOnceAndEachResultReachesTheListenerBeforeRunReturns() throws Exception {
        List<Integer> heard = new ArrayList<>();
        List<Integer> results = SweepRunner.run(SharedSpark.context(), List.of(1, 2, 3, 4, 5, 6), DATA,
                (item, data) -> item * 10 + data.train().size(), "test", heard::add);
        assertEquals(Set.of(12, 22, 32, 42, 52, 62), Set.copyOf(results));
        assertEquals(6, results.size());
        assertEquals(results, heard, "the listener hears each result, in the order run returns them");
    }

    @Test
    void whenSparkGivesUpRunThrowsRatherThanWaiting() {
        // a task that throws is Spark's to retry; local mode gives up after one failure
        Exception e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(Exception.class,
                () -> SweepRunner.run(SharedSpark.context(), List.of(1, 2, 3), DATA, (item, data) -> {
                    if (item == 2) {
                        throw new IllegalStateException("lost executor, say");
                    }
                    return item;
                }, "test", r -> {})));
        assertTrue(String.valueOf(e.getMessage()).contains("lost executor, say"), e.toString());
    }

    @Test
    void aFailingListenerCancelsTheTasksStillToRun() throws Exception {
        COMPLETED.set(0);
        var e = assertThrows(IllegalStateException.class, () -> SweepRunner.run(SharedSpark.context(), List.of(0, 1, 2, 3, 4, 5), DATA,
                (item, data) -> {
                    if (item > 0) {
                        Thread.sleep(3_000); // interrupted when the job is cancelled
                    }
                    COMPLETED.incrementAndGet();
                    return item;
                }, "test", r -> {
                    throw new IllegalStateException("journal unwritable");
                }));
        assertEquals("journal unwritable", e.getMessage());
        Thread.sleep(4_000); // long enough for the two running tasks to end, had they not been cancelled
        assertEquals(1, COMPLETED.get(), "only the task whose result was refused ran to its end");
    }
}
