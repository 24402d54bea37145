package lrsweep.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.output.ResultTables;
import lrsweep.output.RunFacts;
import lrsweep.output.Summary;
import lrsweep.output.SweepDirectory;
import lrsweep.train.TrialResult;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * {@code report DIR}: rebuilds a sweep's report.html, report.md and best.json from its Parquet
 * tables and config.conf alone, so the reports always agree with the data notebooks read.
 */
public final class ReportCommand {

    static final String HELP = """
            Usage: ./submit.sh report DIR

            Rebuilds DIR/report.html, DIR/report.md and DIR/best.json from the sweep directory's
            Parquet tables (trials/, histories/) and config.conf, e.g. after editing or merging
            the tables. The Parquet tables do not record the run's wall time and Spark master;
            the rebuilt reports say so.
            """;

    private static final List<String> INPUTS = List.of("config.conf", ResultTables.TRIALS, ResultTables.HISTORIES);

    private ReportCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        List<String> dirs = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--help", "-h" -> {
                    out.print(HELP);
                    return Main.OK;
                }
                case "--verbose" -> { } // read by Main (stack traces) and submit.sh (log config)
                default -> {
                    if (arg.startsWith("-")) {
                        return Main.usageError("unknown option '" + arg + "'", err);
                    }
                    dirs.add(arg);
                }
            }
        }
        if (dirs.size() != 1) {
            return Main.usageError("report needs exactly one sweep directory, got " + dirs.size(), err);
        }
        Path dir = Path.of(dirs.get(0));
        List<String> missing = INPUTS.stream().filter(name -> !Files.exists(dir.resolve(name))).toList();
        if (!missing.isEmpty()) {
            return Main.usageError(dir + " is not a finished sweep directory: missing " + String.join(", ", missing), err);
        }
        // a driver-side tool: one local core reads the small tables
        SparkSession spark = SparkSession.builder().config(new SparkConf()
                .setIfMissing("spark.master", "local[1]")
                .setIfMissing("spark.app.name", "lr-sweep report")
                .setIfMissing("spark.ui.enabled", "false")).getOrCreate();
        List<TrialResult> results;
        try {
            results = rebuild(spark, dir);
        } finally {
            spark.stop();
        }
        out.println("rebuilt report.html, report.md and best.json of " + results.size() + " trials in " + dir);
        return Main.OK;
    }

    /** Reads the tables with {@code spark} and rewrites the reports; returns the results read. */
    public static List<TrialResult> rebuild(SparkSession spark, Path dir) throws IOException {
        Path configFile = dir.resolve("config.conf");
        SweepConfig config = ConfigLoader.load(configFile.toFile(), List.of());
        SweepDirectory directory = SweepDirectory.open(dir, SweepDirectory.Mode.RESUME);
        List<TrialResult> results = ResultTables.read(spark, directory, config.train(), config.model());
        Summary.write(directory, results, new RunFacts(config.name(), Files.readString(configFile), null));
        return results;
    }
}
