package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lrsweep.cli.ReportCommand;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep directory is protected from, on the real job: a journal that lies, data changed or a
 * config swapped under --resume, bad data that only Spark finds, and a report of tables that are
 * not the sweep's.
 */
class SweepSafetyTest {

    @TempDir
    Path output;

    private SweepConfig config(String hocon) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString(hocon + """

                train { epochs = 2, batch-size = 32 }
                data { train-examples = 200, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(output.toString().replace("\\", "/"))), "safe");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    private static SweepJob.Outcome run(SweepConfig config, Mode mode) throws Exception {
        return SweepJob.run(SharedSpark.session(), config, mode, quiet(), false);
    }

    private static Map<String, List<Double>> losses(List<TrialResult> results) {
        return results.stream().collect(java.util.stream.Collectors.toMap(r -> r.trial().id(),
                r -> r.epochs().stream().map(e -> e.valLoss()).toList()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aResumeRetrainsForgedEntriesAndKeepsTheRest() throws Exception {
        var config = config("sweep { learning-rates = [0.1, 0.03], schedules = [{type = constant}] }");
        var first = run(config, Mode.NEW);
        String a = first.results().get(0).trial().id();
        String b = first.results().get(1).trial().id();
        Path journal = output.resolve("safe/journal");
        // b's entry replaced by a's, as a copy would: b must not come back with a's losses
        Files.copy(journal.resolve(a + ".json"), journal.resolve(b + ".json"), StandardCopyOption.REPLACE_EXISTING);
        long aModified = Files.getLastModifiedTime(journal.resolve(a + ".json")).toMillis();

        var resumed = run(config, Mode.RESUME);

        assertEquals(losses(first.results()), losses(resumed.results()), "b trained again to its own losses");
        assertEquals(aModified, Files.getLastModifiedTime(journal.resolve(a + ".json")).toMillis(), "a was kept, not retrained");
        assertTrue(Files.readString(journal.resolve(b + ".json")).contains("\"trialId\":\"" + b + "\""));
    }

    @Test
    void aResumeRetrainsEverythingWhenTheDataChanged() throws Exception {
        Path data = Files.createDirectories(output.resolve("data"));
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            try (var in = getClass().getResourceAsStream("/fashion-mnist/" + name)) {
                Files.copy(in, data.resolve(name));
            }
        }
        var config = config("sweep.learning-rates = [0.1]\ndata.dir = \"" + data + "\"");
        run(config, Mode.NEW);
        Path entry;
        try (var entries = Files.list(output.resolve("safe/journal"))) {
            entry = entries.findFirst().orElseThrow();
        }
        long trained = Files.getLastModifiedTime(entry).toMillis();
        // the same files, touched: a changed modification time is a changed file
        Files.setLastModifiedTime(data.resolve("t10k-labels-idx1-ubyte.gz"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        run(config, Mode.RESUME);

        assertTrue(Files.getLastModifiedTime(entry).toMillis() > trained, "the trial trained again");
    }

    @Test
    void aResumeOfAnotherSweepIsRefusedAndChangesNothing() throws Exception {
        run(config("sweep.learning-rates = [0.1]"), Mode.NEW);
        Path dir = output.resolve("safe");
        List<String> before = names(dir);
        String report = Files.readString(dir.resolve("report.md"));

        var e = assertThrows(InputException.class, () -> run(config("sweep.learning-rates = [0.5]"), Mode.RESUME));

        assertTrue(e.getMessage().contains("holds another sweep: none of its 1 journal entries is a trial of this config"),
                e.getMessage());
        assertEquals(before, names(dir));
        assertEquals(report, Files.readString(dir.resolve("report.md")));
        assertTrue(Files.exists(dir.resolve("_complete.json")), "still a finished sweep");
    }

    @Test
    void badDataThatOnlySparkFindsIsOneLineAndLeavesNothing() throws Exception {
        Path csv = Files.writeString(output.resolve("table.csv"), "label,a\n1,2\n0,3\n");
        var bad = config("data { format = parquet, train-path = \"%s\", validation-split = 0.5 }".formatted(csv));
        var e = assertThrows(InputException.class, () -> run(bad, Mode.NEW));
        assertTrue(e.getMessage().startsWith("cannot read the data (data.format = parquet, data.train-path = " + csv + "): "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(output.resolve("safe")), "no sweep directory left");

        var glob = config("data { format = csv, train-path = \"%s/*.nothing\", validation-split = 0.5 }".formatted(output));
        var g = assertThrows(InputException.class, () -> run(glob, Mode.NEW));
        assertTrue(g.getMessage().endsWith("*.nothing matches no file"), g.getMessage());

        run(config("sweep.learning-rates = [0.1]"), Mode.NEW);
        String report = Files.readString(output.resolve("safe/report.md"));
        assertThrows(InputException.class, () -> run(bad, Mode.OVERWRITE));
        assertEquals(report, Files.readString(output.resolve("safe/report.md")), "--overwrite kept the old sweep");
        assertEquals(List.of("_complete.json", "best-model.zip", "best.json", "config.conf", "histories", "journal", "report.html",
                "report.md", "trials"), names(output.resolve("safe")), "nothing hidden moved aside, nothing left over");

        var replacement = config("sweep.learning-rates = [0.03]");
        run(replacement, Mode.OVERWRITE);
        assertEquals(replacement.resolved(), Files.readString(output.resolve("safe/config.conf")), "the new sweep's config");
        try (var entries = Files.list(output.resolve("safe/journal"))) {
            assertEquals(1, entries.count(), "only the new sweep's trial");
        }
    }

    @Test
    void reportRefusesDuplicatedForeignAndTruncatedPartFiles() throws Exception {
        var config = config("sweep.learning-rates = [0.1, 0.03]");
        run(config, Mode.NEW);
        Path trials = output.resolve("safe/trials");
        Path part = trials.resolve("part-00000.snappy.parquet");

        Files.copy(part, trials.resolve("part-00001.snappy.parquet"));
        var duplicate = assertThrows(InputException.class, () -> ReportCommand.rebuild(output.resolve("safe").toString()));
        assertTrue(duplicate.getMessage().contains("part-00001.snappy.parquet: trial ") && duplicate.getMessage().contains(" again"),
                duplicate.getMessage());
        Files.delete(trials.resolve("part-00001.snappy.parquet"));

        Files.write(trials.resolve("part-00001.snappy.parquet"), Arrays.copyOf(Files.readAllBytes(part), 100));
        var truncated = assertThrows(InputException.class, () -> ReportCommand.rebuild(output.resolve("safe").toString()));
        assertTrue(truncated.getMessage().contains("part-00001.snappy.parquet is not a readable Parquet file"), truncated.getMessage());
        Files.delete(trials.resolve("part-00001.snappy.parquet"));

        var other = config("sweep { name = other, learning-rates = [0.5] }");
        run(other, Mode.NEW);
        Files.copy(output.resolve("other/trials/part-00000.snappy.parquet"), part, StandardCopyOption.REPLACE_EXISTING);
        var foreign = assertThrows(InputException.class, () -> ReportCommand.rebuild(output.resolve("safe").toString()));
        assertTrue(foreign.getMessage().contains("is not a trial of the sweep's config.conf"), foreign.getMessage());
    }

    @Test
    void aSweepWrittenBeforeTheCompletionMarkerIsReportedFromItsTables() throws Exception {
        var first = run(config("sweep.learning-rates = [0.1, 0.03]"), Mode.NEW);
        Path dir = output.resolve("safe");
        // as an older lr-sweep left it: no marker, journal entries without key, data, run or time
        Files.delete(dir.resolve("_complete.json"));
        try (var entries = Files.list(dir.resolve("journal"))) {
            for (Path entry : entries.toList()) {
                var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(entry.toFile());
                json.remove(List.of("key", "data", "run", "elapsedMillis"));
                Files.writeString(entry, json.toString());
            }
        }

        var report = ReportCommand.rebuild(dir.toString());

        assertEquals(null, report.partial());
        assertEquals(first.results(), report.results());
    }
}
