package lrsweep.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lrsweep.config.InputException;
import lrsweep.store.SweepStore.Mode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep directory as a store, on the local file system: whole writes, one owner, nothing left behind. */
class SweepStoreTest {

    private static final Duration LEASE = Duration.ofSeconds(60);

    @TempDir
    Path output;

    private SweepStore open(String name, Mode mode) throws IOException {
        return SweepStore.open(output.resolve(name).toString(), "output.dir", mode, new Configuration(), LEASE);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void filesAndFoldersAreReplacedWholeAndNoTemporaryIsLeft() throws IOException {
        try (var store = open("s", Mode.NEW)) {
            store.writeString("best.json", "old");
            store.writeString("best.json", "new");
            store.writeFolder("table", Map.of("part-0", new byte[] {1}));
            store.writeFolder("table", Map.of("part-1", new byte[] {2}));
            store.writeString("journal/a.json", "{}");
            assertEquals("new", store.readString("best.json"));
            assertArrayEquals(new byte[] {2}, store.read("table/part-1"));
        }
        assertEquals(List.of("best.json", "journal", "table"), names(output.resolve("s")), "no lease, no .tmp, no .crc");
        assertEquals(List.of("part-1"), names(output.resolve("s/table")));
    }

    @Test
    void aSecondRunIsRefusedWhileTheFirstHoldsTheLeaseInEveryMode() throws IOException {
        try (var first = open("s", Mode.NEW)) {
            first.writeString("config.conf", "a");
            for (Mode mode : Mode.values()) {
                var e = assertThrows(InputException.class, () -> open("s", mode), mode.toString());
                assertTrue(e.getMessage().contains("is in use by another run (host "), e.getMessage());
                assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
            }
            assertEquals("a", first.readString("config.conf"), "the refused runs changed nothing");
            assertEquals(1, names(output.resolve("s")).stream().filter(n -> n.startsWith("_lease.")).count());
        }
        try (var after = open("s", Mode.RESUME)) {
            assertEquals("a", after.readString("config.conf"));
        }
    }

    @Test
    void aLeaseCaughtInItsHeartbeatsRewriteIsReadAgainAndItsHolderNamed() throws Exception {
        try (var first = open("s", Mode.NEW)) {
            Path lease;
            try (var files = Files.list(output.resolve("s"))) {
                lease = files.filter(f -> f.getFileName().toString().startsWith("_lease.")).findFirst().orElseThrow();
            }
            byte[] content = Files.readAllBytes(lease);
            // as a heartbeat's rewrite looks to a reader: empty for a moment, then whole again
            Files.write(lease, new byte[0]);
            var restore = new Thread(() -> {
                try {
                    Thread.sleep(60);
                    Files.write(lease, content);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restore.start();
            var e = assertThrows(InputException.class, () -> open("s", Mode.RESUME));
            restore.join();
            assertTrue(e.getMessage().contains("is in use by another run (host "), e.getMessage());
        }
    }

    @Test
    void aLeaseOfAnEndedProcessOnThisHostIsTakenOver() throws Exception {
        Files.createDirectories(output.resolve("s"));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Files.writeString(output.resolve("s/_lease.dead.json"), """
                {"runId": "dead", "host": "%s", "pid": %d, "started": "2026-01-01T00:00:00Z"}
                """.formatted(host, ended.pid()));
        Files.writeString(output.resolve("s/config.conf"), "kept");
        try (var store = open("s", Mode.RESUME)) {
            assertEquals("kept", store.readString("config.conf"));
            assertFalse(Files.exists(output.resolve("s/_lease.dead.json")));
        }
    }

    @Test
    void aLeaseOfALiveProcessIsKeptUntilItsHeartbeatIsOlderThanTheTimeout() throws Exception {
        Files.createDirectories(output.resolve("s"));
        Path lease = Files.writeString(output.resolve("s/_lease.other.json"), """
                {"runId": "other", "host": "another-host", "pid": 1, "started": "2026-01-01T00:00:00Z"}
                """);
        assertThrows(InputException.class, () -> open("s", Mode.RESUME));
        Files.setLastModifiedTime(lease, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 61_000));
        try (var store = open("s", Mode.RESUME)) {
            assertFalse(Files.exists(lease), "taken over");
        }
    }

    @Test
    void aRunThatCannotStartLeavesTheDirectoryAsItWas() throws IOException {
        var fresh = open("new", Mode.NEW);
        fresh.writeString("config.conf", "x");
        fresh.abandon();
        assertFalse(Files.exists(output.resolve("new")), "a directory the run made is gone again");

        Files.createDirectories(output.resolve("old"));
        Files.writeString(output.resolve("old/best.json"), "old results");
        var overwrite = open("old", Mode.OVERWRITE);
        overwrite.abandon();
        assertEquals(List.of("best.json"), names(output.resolve("old")));
        assertEquals("old results", Files.readString(output.resolve("old/best.json")));
    }

    @Test
    void overwriteReplacesTheOldContentOnlyOnceTheRunIsUnderWay() throws IOException {
        Files.createDirectories(output.resolve("old/trials"));
        Files.writeString(output.resolve("old/best.json"), "old results");
        try (var store = open("old", Mode.OVERWRITE)) {
            assertEquals("old results", store.readString("best.json"));
            store.commit();
            assertFalse(store.exists("best.json"));
            assertFalse(store.exists("trials"));
        }
    }

    @Test
    void newRefusesAnExistingSweepAndCompletionIsMarkedLast() throws IOException {
        try (var store = open("s", Mode.NEW)) {
            store.commit();
            store.writeString("best.json", "{}");
            store.writeString("journal/abc.json", "{}");
            assertFalse(store.isComplete());
            store.markComplete("run-1");
            assertTrue(store.isComplete());
            String marker = store.readString(SweepStore.COMPLETE);
            assertTrue(marker.contains("\"name\" : \"best.json\"") && marker.contains("\"journal_entries\" : 1"), marker);
        }
        var e = assertThrows(InputException.class, () -> open("s", Mode.NEW));
        assertTrue(e.getMessage().contains("already exists; pass --overwrite"), e.getMessage());
        try (var resumed = open("s", Mode.RESUME)) {
            assertTrue(resumed.isComplete(), "opening changes nothing");
            resumed.commit();
            assertFalse(resumed.isComplete(), "a run under way is not complete");
        }
    }

    @Test
    void anUnknownSchemeAndAFileInThePlaceOfTheDirectoryAreOneLine() throws IOException {
        var scheme = assertThrows(InputException.class,
                () -> SweepStore.open("nosuchfs://host/x", "output.dir", Mode.NEW, new Configuration(), LEASE));
        assertTrue(scheme.getMessage().startsWith("output.dir = nosuchfs://host/x: no Hadoop file system for the scheme 'nosuchfs'"),
                scheme.getMessage());
        Files.writeString(output.resolve("file"), "not a directory");
        var file = assertThrows(InputException.class, () -> open("file", Mode.NEW));
        assertTrue(file.getMessage().endsWith("(output.dir) exists and is not a directory"), file.getMessage());
    }

    @Test
    void anUnreachableHdfsIsOneLineWithinSeconds() {
        long start = System.nanoTime();
        // a port nothing listens on, on the loopback address
        var e = assertThrows(InputException.class,
                () -> SweepStore.open("hdfs://127.0.0.1:1/sweeps/s", "output.dir", Mode.NEW, new Configuration(), LEASE));
        assertTrue(e.getMessage().startsWith("output.dir = hdfs://127.0.0.1:1/sweeps/s: cannot reach its file system ("),
                e.getMessage());
        assertTrue(System.nanoTime() - start < 20e9, "no minutes of retries");
    }
}
