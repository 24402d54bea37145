package lrsweep.cli;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataLoader;
import lrsweep.output.ResultTables;
import lrsweep.output.RunFacts;
import lrsweep.output.Summary;
import lrsweep.store.Journal;
import lrsweep.store.Locations;
import lrsweep.store.SweepStore;
import lrsweep.sweep.SweepJob;
import lrsweep.strategy.SearchStrategy;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code report DIR}: rebuilds a sweep's report.html, report.md and best.json from its Parquet
 * tables and config.conf alone, so the reports always agree with the data notebooks read; or, for a
 * sweep that did not finish, from its journal, saying the report is partial.
 */
public final class ReportCommand {

    static final String HELP = """
            Usage: ./submit.sh report DIR

            Rebuilds DIR/report.html, DIR/report.md and DIR/best.json from the sweep directory's
            Parquet tables (trials/, histories/) and config.conf, e.g. after editing or merging
            the tables. DIR is a local path or a URI (hdfs://..., s3a://...). The Parquet tables
            do not record the run's wall time and Spark master; the rebuilt reports say so.
            A sweep that did not finish (interrupted, or still running elsewhere: then its lease
            refuses the report) has no tables yet: its report is rebuilt from the trials in its
            journal and says it is partial.
            """;

    private ReportCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
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
        Report report = rebuild(dirs.get(0));
        out.println("rebuilt report.html, report.md and best.json of " + report.results().size() + " trials in " + dirs.get(0)
                + (report.partial() == null ? "" : " (partial: " + report.partial() + ")"));
        return Main.OK;
    }

    /** What a rebuild read: the results, and for an unfinished sweep what they are part of. */
    public record Report(List<TrialResult> results, String partial) {}

    /** Reads the tables (or the journal) of the sweep directory {@code dir} and rewrites its reports. */
    public static Report rebuild(String dir) throws Exception {
        Configuration hadoop = Locations.hadoopConf();
        var leaseTimeout = ConfigFactory.parseResources(ReportCommand.class, "/reference.conf").getDuration("output.lease-timeout");
        try (SweepStore store = SweepStore.open(dir, "report DIR", SweepStore.Mode.EXISTING, hadoop, leaseTimeout)) {
            if (!store.exists("config.conf")) {
                throw new InputException(dir + " is not a sweep directory: it has no config.conf");
            }
            String text = store.readString("config.conf");
            // a user network is read again: trial ids digest it
            SweepConfig config = SweepJob.withNetworkRead(ConfigLoader.fromConfig(ConfigFactory.parseString(text,
                    ConfigParseOptions.defaults().setOriginDescription(store.uri("config.conf"))), "report"));
            boolean finished = store.isComplete() || olderFinishedSweep(store);
            String fingerprint = config.auto() == null && finished ? null : DataLoader.fingerprint(config.data(), hadoop);
            Optional<List<Trial>> trials = trials(config, store, fingerprint);
            Report report;
            if (finished) {
                Set<String> ids = trials.map(ts -> {
                    Set<String> set = new HashSet<>();
                    ts.forEach(t -> set.add(t.id()));
                    return set;
                }).orElse(null);
                report = new Report(ResultTables.read(store, config.train(), config.model(), ids), null);
            } else {
                report = fromJournal(store, config, trials.orElseThrow(() -> new InputException(dir
                        + " has no finished sweep: no completion marker, and no range test to know its trials by")), fingerprint);
            }
            Summary.write(store, report.results(), new RunFacts(config.name(), text, null, report.partial(), config.judging()));
            return report;
        } catch (IOException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /**
     * A sweep written before lr-sweep marked finished sweeps: its tables, and a journal whose
     * entries do not yet record their data (written whole by rename, on a local disk).
     */
    private static boolean olderFinishedSweep(SweepStore store) throws IOException {
        var entries = store.list(Journal.FOLDER);
        return store.exists(ResultTables.TRIALS) && store.exists(ResultTables.HISTORIES) && !entries.isEmpty()
                && !store.readString(Journal.FOLDER + "/" + entries.get(0).getPath().getName()).contains("\"data\"");
    }

    /** The trials the search knows without training: a plan's, tpe's stored proposals, or those of auto's recorded range test. */
    private static Optional<List<Trial>> trials(SweepConfig config, SweepStore store, String fingerprint) throws IOException {
        return SearchStrategy.of(config).known(store, fingerprint);
    }

    private static Report fromJournal(SweepStore store, SweepConfig config, List<Trial> trials, String fingerprint)
            throws IOException {
        Map<String, TrialResult> done = SweepJob.journal(store, SearchStrategy.of(config), fingerprint, "report", System.nanoTime())
                .load(trials, true).done();
        List<TrialResult> results = trials.stream().filter(t -> done.containsKey(t.id())).map(t -> done.get(t.id())).toList();
        return new Report(results, results.size() + " of " + trials.size()
                + " trials; the sweep did not finish: `run --resume` with its config continues it");
    }
}
