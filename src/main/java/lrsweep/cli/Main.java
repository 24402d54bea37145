package lrsweep.cli;

import com.typesafe.config.ConfigException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lrsweep.config.InputException;
import org.apache.spark.SparkUserAppException;

/**
 * The command line: {@code run} (the default), {@code find-lr}, {@code report}, {@code schedule} and
 * {@code help}; {@link #EXIT_CODES} says what the process returns.
 */
public final class Main {

    static final int OK = 0;
    static final int ERROR = 1;
    static final int BAD_INPUT = 2;
    static final int TRIALS_FAILED = 3;

    static final String EXIT_CODES = """
            Exit codes: 0 done (every trial ok or diverged), 3 done but some trials failed,
            2 bad input or config, 1 anything else.
            """;

    static final String USAGE = """
            lr-sweep: which learning rate, with which schedule? Runs a learning-rate × schedule sweep
            of Deeplearning4j trainings on Apache Spark; writes Parquet results and a verdict.

            Usage: ./submit.sh <command> [options]
               or: spark-submit --class lrsweep.cli.Main target/lr-sweep.jar [run] CONFIG [options]

            Commands:
              run [CONFIG] [options] [key=value ...]
                    Run the sweep CONFIG describes (default conf/sweep.conf). `./submit.sh run --help`
                    lists the options.
              find-lr [CONFIG] [options] [key=value ...]
                    The learning-rate range test: suggests where to search. `find-lr --help`.
              schedule --spec '<HOCON object>' --lr LR --points N [--run N] [--steps-per-epoch K] [--svg FILE] [--jars A,B]
                    Print a schedule's learning rates as `t,lr` lines. `schedule --help` for more.
              report DIR
                    Rebuild DIR/report.html, report.md and best.json from the sweep's Parquet
                    tables and config.conf.
              help [command]
                    This text, or a command's.

            """ + EXIT_CODES;

    private Main() {}

    public static void main(String[] args) throws SparkUserAppException {
        Stops.install();
        int code = run(Arrays.asList(args), System.out, System.err);
        if (inYarnApplicationMaster()) {
            // YARN's cluster deploy mode: Spark's ApplicationMaster tells YARN how its driver ended once
            // main returns (success) or throws this (the exit code), and then ends the JVM itself. A
            // System.exit here would be a driver gone before saying so: a failed attempt, which YARN retries.
            if (code != OK) {
                throw new SparkUserAppException(code);
            }
            return;
        }
        // Spark and nd4j leave non-daemon threads behind
        System.exit(code);
    }

    /** Whether this is the driver of a YARN application in cluster deploy mode (Spark's settings are system properties there). */
    private static boolean inYarnApplicationMaster() {
        return "yarn".equals(System.getProperty("spark.master")) && "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String command = args.isEmpty() ? "run" : args.get(0);
        List<String> rest = args.isEmpty() ? args : args.subList(1, args.size());
        boolean verbose = args.contains("--verbose");
        try {
            return switch (command) {
                case "run" -> RunCommand.run(rest, out, err);
                case "schedule" -> ScheduleCommand.run(rest, out, err);
                case "report" -> ReportCommand.run(rest, out, err);
                case "find-lr" -> FindLrCommand.run(rest, out, err);
                case "help", "--help", "-h" -> help(rest, out, err);
                // spark-submit ... app.jar CONFIG: `run` may be left out
                default -> RunCommand.run(args, out, err);
            };
        } catch (ConfigException e) {
            err.println("lr-sweep: config error: " + e.getMessage());
            return fail(BAD_INPUT, e, verbose, err);
        } catch (InputException e) {
            err.println("lr-sweep: " + e.getMessage());
            return fail(BAD_INPUT, e, verbose, err);
        } catch (Exception | Error e) {
            if (Stops.exitCode().isPresent()) {
                return interrupted(args, e, err);
            }
            err.println("lr-sweep: failed: " + e + (verbose ? "" : " (--verbose shows the stack trace)"));
            return fail(ERROR, e, verbose, err);
        }
    }

    /** One line: how far the run got, and the command that continues it. */
    private static int interrupted(List<String> args, Throwable e, PrintStream err) {
        List<String> again = new ArrayList<>(List.of(System.getProperty("lrsweep.launcher", "spark-submit ... lr-sweep.jar")));
        args.stream().filter(a -> !a.equals("--overwrite") && !a.equals("--resume")).map(Main::quoted).forEach(again::add);
        again.add("--resume");
        boolean sweep = args.isEmpty() || !args.get(0).equals("find-lr") && !args.get(0).equals("report");
        err.println("lr-sweep: " + (e instanceof lrsweep.sweep.Interrupted i ? i.getMessage() : "interrupted")
                + (sweep ? "; `" + String.join(" ", again) + "` continues" : ""));
        return Stops.exitCode().orElseThrow();
    }

    /** An argument as a POSIX shell reads it back. */
    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./=:,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private static final List<String> COMMANDS = List.of("run", "find-lr", "schedule", "report", "help");

    private static int help(List<String> rest, PrintStream out, PrintStream err) {
        if (rest.isEmpty() || rest.get(0).equals("help")) {
            out.print(USAGE);
            return OK;
        }
        if (!COMMANDS.contains(rest.get(0))) {
            return usageError("no command '" + rest.get(0) + "'; commands: " + String.join(", ", COMMANDS), err);
        }
        return Main.run(List.of(rest.get(0), "--help"), out, err);
    }

    static int usageError(String message, PrintStream err) {
        err.println("lr-sweep: " + message + " (see --help)");
        return BAD_INPUT;
    }

    private static int fail(int code, Throwable e, boolean verbose, PrintStream err) {
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }
}
