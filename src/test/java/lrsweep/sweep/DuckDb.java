package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** DuckDB, through its Node.js package in src/test/duckdb, reading a sweep's tables as a notebook would. */
final class DuckDb {

    private static final Path FOLDER = Path.of("src/test/duckdb");

    private DuckDb() {}

    /** Skips the calling test when the package is not installed (.ci/run installs it: npm ci --prefix src/test/duckdb). */
    static void assumeInstalled() {
        assumeTrue(Files.isDirectory(FOLDER.resolve("node_modules/@duckdb/node-api")),
                "DuckDB's Node.js package is missing: npm ci --prefix src/test/duckdb");
    }

    /** What read.mjs prints for {@code sweep}: columns, trial rows and history rows. */
    static JsonNode read(Path sweep) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", "read.mjs", sweep.toAbsolutePath().toString()).directory(FOLDER.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        return new ObjectMapper().readTree(output);
    }
}
