package lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./submit.sh} as a user runs it, for the integration tests: a sweep of one config file, each
 * process's output into a file of its own (a pipe that nobody reads could fill and block it).
 */
final class Launcher {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    static final Path PROJECT = Path.of("").toAbsolutePath();

    /** How a finished process ended: its exit code and everything it printed. */
    record Result(int code, String output) {}

    interface Condition {
        boolean holds() throws Exception;
    }

    private final Path work;
    private final Path config;
    private final Map<String, String> env;

    /**
     * @param work   where the logs go
     * @param config the sweep config {@code run} is given
     * @param env    environment variables of every process, beside the test JVM's own
     */
    Launcher(Path work, Path config, Map<String, String> env) {
        this.work = work;
        this.config = config;
        this.env = Map.copyOf(env);
    }

    /** Writes the integration tests' sweep: 8 trials of ~1 s, long enough to be interrupted, short enough for CI. */
    static Path eightTrials(Path work) throws IOException {
        return Files.writeString(work.resolve("it.conf"), """
                sweep.name = it
                sweep.learning-rates = [0.3, 0.1]
                sweep.schedules = [{type = constant}, {type = exponential, k = 0.2}, {type = step, every = 1, factor = 0.5}, {type = cosine}]
                train.epochs = 3
                data { train-examples = 2000, validation-examples = 500 }
                """);
    }

    /** The same, with {@code more} environment variables. */
    Launcher with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(more);
        return new Launcher(work, config, all);
    }

    /** {@code run CONFIG args...} */
    List<String> runArgs(String... args) {
        List<String> command = new ArrayList<>(List.of("run", config.toString()));
        command.addAll(List.of(args));
        return command;
    }

    Result run(String... args) throws Exception {
        return submit(runArgs(args).toArray(String[]::new));
    }

    Result submit(String... args) throws Exception {
        Path log = logFile();
        Process p = start(List.of(args), log);
        assertTrue(p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "timed out: " + List.of(args));
        return new Result(p.exitValue(), Files.readString(log));
    }

    Path logFile() throws IOException {
        return Files.createTempFile(work, "submit-", ".log");
    }

    /** Starts submit.sh, its stdout and stderr into {@code log}. */
    Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("submit.sh").toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits until {@code condition} holds while {@code process} runs. */
    static void waitFor(Condition condition, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (!condition.holds()) {
            assertTrue(process.isAlive(), "the run ended before the condition held:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(50);
        }
    }
}
