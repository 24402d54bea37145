package lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: one clear message, exit 2, no stack trace, nothing written. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void forgetMaster() {
        System.clearProperty("spark.master");
    }

    private int main(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private Path config(String text) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, text);
        return file;
    }

    private void assertBadInput(int code, String... fragments) {
        String message = err.toString();
        assertEquals(2, code, message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "missing '" + fragment + "' in: " + message);
        }
        assertFalse(message.contains("\tat "), "no stack trace without --verbose: " + message);
        assertFalse(Files.exists(dir.resolve("results")), "nothing written");
    }

    private String[] run(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--output", dir.resolve("results").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void malformedHocon() throws IOException {
        Path file = config("sweep {\n  learning-rates = [0.1\n");
        assertBadInput(main(run(file)), "config error", "bad.conf: 3");
    }

    @Test
    void unknownKey() throws IOException {
        Path file = config("train {\n  epochs = 2\n  momentum = 0.9\n}\n");
        assertBadInput(main(run(file)), "bad.conf: 3", "train.momentum", "unknown key", "batch-size, divergence-factor, early-stopping, engine, epochs");
    }

    @Test
    void corruptIdxData() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(data.resolve(name), new byte[] {0, 0, 8, 3, 0, 0});
        }
        Path file = config("data.dir = \"" + data + "\"\n");
        assertBadInput(main(run(file)), "cannot read the data", "train-images-idx3-ubyte", "truncated inside the IDX header");
    }

    @Test
    void missingIdxFiles() throws IOException {
        Path file = config("data.dir = \"" + dir.resolve("nowhere") + "\"\n");
        assertBadInput(main(run(file)), "cannot read the data", "not found", "t10k-labels-idx1-ubyte");
    }

    @Test
    void unwritableOutputDir() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        Path file = config("data.train-examples = 10\n");
        int code = main("run", file.toString(), "--output", notADirectory.resolve("out").toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("cannot create the sweep directory") && err.toString().contains("not a directory"), err.toString());
    }

    @Test
    void unreachableMaster() throws IOException {
        Path file = config("data.train-examples = 10\n");
        assertBadInput(main(run(file, "--master", "spark://127.0.0.1:1")), "cannot reach the Spark master spark://127.0.0.1:1");
    }

    @Test
    void verboseShowsTheStackTrace() throws IOException {
        Path file = config("train.epochs = 0\n");
        assertEquals(2, main(run(file, "--verbose")));
        assertTrue(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void unknownOptionAndMissingConfig() {
        assertBadInput(main("run", "--frobnicate"), "unknown option '--frobnicate'");
        assertBadInput(main("run", dir.resolve("missing.conf").toString()), "not found");
    }

    @Test
    void dryRunListsTheGridWithoutTraining() throws IOException {
        Path file = config("sweep { learning-rates = [0.1, 0.01], schedules = [{type = constant}, {type = cosine}], seeds = [1, 2] }\n");
        assertEquals(0, main(run(file, "--dry-run")), err.toString());
        String listing = out.toString();
        assertTrue(listing.contains("8 trials = 2 learning rates × 2 schedules × 1 optimizers × 2 seeds"), listing);
        assertEquals(1 + 1 + 8, listing.lines().count(), listing);
        assertFalse(Files.exists(dir.resolve("results")));
    }

    @Test
    void dryRunOfATpeSearchSaysWhatItWillTrainWithoutListingTrialsThatDependOnResults() throws IOException {
        Path file = config("sweep { search = tpe, trials = 6, learning-rates = {log-uniform = [1e-3, 1]}, seeds = [1, 2] }\n");
        assertEquals(0, main(run(file, "--dry-run")), err.toString());
        String listing = out.toString();
        assertTrue(listing.contains("12 trials = 6 configurations proposed by TPE as results arrive (search-seed 1, the first 6 at random) × 2 seeds"),
                listing);
        assertEquals(1, listing.lines().count(), listing);
        assertFalse(Files.exists(dir.resolve("results")));
    }

    @Test
    void dryRunChecksThatTheDataExists() throws IOException {
        Path missing = dir.resolve("no-such.csv");
        Path file = config("data { format = csv, train-path = \"" + missing + "\", validation-split = 0.2 }\n");
        assertBadInput(main(run(file, "--dry-run")), "cannot read the data", missing + " does not exist");
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertEquals("", out.toString(), "no trial listing");

        Path idx = config("data.dir = \"" + dir.resolve("no-idx") + "\"\n");
        err.reset();
        assertBadInput(main(run(idx, "--dry-run")), "data.dir = " + dir.resolve("no-idx"), "train-images-idx3-ubyte(.gz) not found");
    }

    @Test
    void aUserNetworkIsReadForTheDryRunAndABadOneIsOneLine() throws IOException {
        Path file = config("model { type = dl4j, path = \"conf/dl4j-network.json\" }\n");
        assertEquals(0, main(run(file, "--dry-run")), err.toString());
        assertTrue(out.toString().contains("2 trials = 2 learning rates × 1 schedules"), out.toString());

        Path notANetwork = Files.writeString(dir.resolve("net.json"), "{\"hello\": [1, 2]}");
        Path bad = config("model { type = dl4j, path = \"" + notANetwork + "\" }\n");
        assertBadInput(main(run(bad)), "model.path = " + notANetwork + ": not a DL4J network");
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void helpExplainsTheOptions() {
        assertEquals(0, main("run", "--help"));
        assertTrue(out.toString().contains("--resume") && out.toString().contains("--overwrite") && out.toString().contains("key=value"));
        out.reset();
        assertEquals(0, main("--help"));
        assertTrue(out.toString().contains("schedule --spec"));
        out.reset();
        assertEquals(0, main("help", "schedule"));
        assertTrue(out.toString().contains("--steps-per-epoch"), out.toString());
        assertBadInput(main("help", "sweep"), "no command 'sweep'", "run, find-lr, schedule, report, help");
    }
}
