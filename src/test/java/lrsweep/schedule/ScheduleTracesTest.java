package lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares every schedule with the reference traces written by
 * {@code src/test/python/make_schedule_traces.py} (PyTorch schedulers, Keras formulas, the
 * classic callback recipes), point by point.
 */
class ScheduleTracesTest {

    /** The contract is 1e-6; the formulas follow the references' operation order, so aim tighter. */
    private static final double TOLERANCE = 1e-9;

    /** One CSV: its header comments, column names and rows. */
    record Trace(String name, Map<String, String> header, List<String> columns, List<double[]> rows) {

        static Trace load(Path file) throws IOException {
            Map<String, String> header = new HashMap<>();
            List<String> columns = null;
            List<double[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("# ")) {
                    int colon = line.indexOf(':');
                    header.put(line.substring(2, colon), line.substring(colon + 1).trim());
                } else if (columns == null) {
                    columns = List.of(line.split(","));
                } else {
                    rows.add(Stream.of(line.split(",")).mapToDouble(Double::parseDouble).toArray());
                }
            }
            return new Trace(file.getFileName().toString(), header, columns, rows);
        }

        ScheduleVariant variant() {
            return Schedules.parse(ConfigFactory.parseString(header.get("spec")), name);
        }

        double lr0() {
            return Double.parseDouble(header.get("lr0"));
        }

        long n() {
            return Long.parseLong(header.get("n"));
        }
    }

    static List<Path> traceFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(ScheduleTracesTest.class.getResource("/schedule-traces").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTraceMatches() throws IOException, URISyntaxException {
        List<Path> files = traceFiles();
        assertTrue(files.size() >= 40, "expected the generated traces, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(Trace.load(f))));
    }

    private static void check(Trace trace) {
        ScheduleVariant variant = trace.variant();
        assertEquals(trace.n(), trace.rows().size(), trace.name() + ": row count");
        if (trace.columns().equals(List.of("t", "loss", "lr"))) {
            Plateau.Tracker tracker = ((Plateau) variant.schedule()).tracker(trace.lr0());
            assertTrue(variant.reactive());
            assertEquals(trace.lr0(), variant.rate(trace.lr0(), 5, trace.n()));
            for (double[] row : trace.rows()) {
                near(trace, (long) row[0], row[2], tracker.step(row[1]));
            }
        } else {
            assertEquals(List.of("t", "lr"), trace.columns());
            for (double[] row : trace.rows()) {
                near(trace, (long) row[0], row[1], variant.rate(trace.lr0(), (long) row[0], trace.n()));
            }
        }
    }

    private static void near(Trace trace, long t, double expected, double actual) {
        if (expected != actual && !(Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected))) {
            fail(trace.name() + " (" + trace.header().get("spec") + ") at t=" + t + ": expected " + expected
                    + " (" + trace.header().get("reference") + "), got " + actual);
        }
    }
}
