package lrsweep.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Headless Chromium for tests: a page's DOM after its scripts ran, its console, a screenshot. */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    /** What Chromium printed: stdout (the DOM for --dump-dom) and stderr (the page's console with logging on). */
    public record Output(String stdout, String stderr) {}

    private Chromium() {}

    /** Skips the calling test when Chromium is not installed (.ci/run installs it). */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), BINARY + " is missing: install chromium to run the browser tests");
    }

    /** The serialized DOM after scripts ran for up to 2 s of virtual time, and the console log. */
    public static Output dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
        return run(scratch, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", page.toUri().toString());
    }

    public static void screenshot(Path page, Path png, Path scratch) throws IOException, InterruptedException {
        run(scratch, "--screenshot=" + png, "--window-size=1400,2400", "--hide-scrollbars", page.toUri().toString());
    }

    private static Output run(Path scratch, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(scratch, "chromium-profile")));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(scratch, "chromium", ".out");
        Path stderr = Files.createTempFile(scratch, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 60 s: " + command);
        }
        var output = new Output(Files.readString(stdout), Files.readString(stderr));
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + output.stderr());
        return output;
    }
}
