package lrsweep.cli;

import java.util.List;
import java.util.Optional;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a clean stop: the first signal interrupts the main thread, which
 * cancels Spark's job, keeps every finished trial (the journal has them), releases the lease and
 * says how to continue; a second one ends the process at once. Without this, the JVM's shutdown
 * would stop Spark under the running job and print its exceptions.
 */
final class Stops {

    private static volatile String signal;

    private Stops() {}

    /** Takes over SIGINT and SIGTERM for the calling (main) thread. */
    static void install() {
        Thread main = Thread.currentThread();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (signal != null) {
                        Runtime.getRuntime().halt(code(s.getName()));
                    }
                    signal = s.getName();
                    main.interrupt();
                });
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal to itself (-Xrs): its default handling stays
            }
        }
    }

    /** The exit code of a stop on request, 128 + the signal's number, if one was requested. */
    static Optional<Integer> exitCode() {
        return Optional.ofNullable(signal).map(Stops::code);
    }

    private static int code(String name) {
        return name.equals("INT") ? 130 : 143;
    }
}
