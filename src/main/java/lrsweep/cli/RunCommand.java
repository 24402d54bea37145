package lrsweep.cli;

import com.typesafe.config.ConfigUtil;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.config.SweepConfig;
import lrsweep.config.Judging;
import lrsweep.output.Configurations;
import lrsweep.output.Lineage;
import lrsweep.output.Ranking;
import lrsweep.output.TrialText;
import lrsweep.output.Verdict;
import lrsweep.output.Summary;
import lrsweep.store.Locations;
import lrsweep.store.SweepStore;
import lrsweep.sweep.SweepJob;
import lrsweep.strategy.SearchStrategy;
import lrsweep.train.Trial;

/** {@code run [CONFIG] [options] [key=value ...]}: validates the config, then runs the sweep. */
final class RunCommand {

    static final String HELP = """
            Usage: ./submit.sh run [CONFIG] [options] [key=value ...]

            Runs the learning-rate × schedule sweep CONFIG describes (HOCON; default conf/sweep.conf)
            on Spark and writes <output.dir>/<sweep.name>/: histories/ and trials/ (Parquet),
            best.json, report.md, report.html, best-model.zip, config.conf and journal/ (one file per
            finished trial). Every key and its default is documented in
            src/main/resources/reference.conf.

            Options:
              --output DIR     write under DIR instead of output.dir: a local path or a URI
                               such as hdfs://namenode:8020/sweeps or s3a://bucket/sweeps
              --master URL     Spark master (default local[*]: every core of this machine);
                               e.g. spark://127.0.0.1:7077 for a standalone cluster
              --conf K=V       a Spark setting, as spark-submit's --conf; spark.hadoop.* ones
                               configure Hadoop's file systems (e.g. an s3a endpoint)
              --deploy-mode M  (submit.sh, with --master yarn or k8s://...) client (default): the
                               driver runs here; cluster: in the cluster (the config travels along)
              --jars A,B       (submit.sh) more jars for the driver and executors, e.g. the
                               class of a {type = class, ...} schedule
              --dry-run        validate the config and print the trial grid; train nothing
              --resume         continue an existing sweep: finished trials are kept, not retrained
                               (failed ones, and any whose journal entry does not match this
                               config and data, are trained again)
              --overwrite      replace an existing sweep directory
              --verbose        Spark's INFO logging and stack traces on errors
              key=value        override a config path, e.g. train.epochs=2
                               'sweep.learning-rates=[0.1,0.01]' sweep.seeds=[1,2,3]

            An existing sweep directory is never overwritten silently: without --resume or
            --overwrite the run stops and changes nothing. A run holds a lease on its sweep
            directory: a second run on it is refused while the first runs. Ctrl-C stops a run
            cleanly: finished trials are kept, and --resume continues.
            """ + Main.EXIT_CODES;

    private RunCommand() {}

    /** The options {@code run} and {@code find-lr} share. */
    record Options(SweepConfig config, SweepStore.Mode mode, boolean dryRun, boolean help) {

        /** Parses the arguments and loads the config; bad arguments are an {@link InputException}. */
        static Options parse(List<String> args) {
            String config = null;
            List<String> overrides = new ArrayList<>();
            boolean dryRun = false;
            SweepStore.Mode mode = SweepStore.Mode.NEW;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--help", "-h" -> {
                        return new Options(null, mode, false, true);
                    }
                    case "--dry-run" -> dryRun = true;
                    case "--verbose" -> { } // read by Main (stack traces) and submit.sh (log config)
                    case "--resume", "--overwrite" -> {
                        var wanted = arg.equals("--resume") ? SweepStore.Mode.RESUME : SweepStore.Mode.OVERWRITE;
                        if (mode != SweepStore.Mode.NEW && mode != wanted) {
                            throw new InputException("--resume and --overwrite exclude each other (see --help)");
                        }
                        mode = wanted;
                    }
                    case "--output", "--master", "--conf" -> {
                        if (i + 1 >= args.size()) {
                            throw new InputException(arg + " needs a value (see --help)");
                        }
                        String value = args.get(++i);
                        switch (arg) {
                            case "--output" -> overrides.add("output.dir=" + ConfigUtil.quoteString(value));
                            case "--master" -> System.setProperty("spark.master", value);
                            default -> sparkProperty(value);
                        }
                    }
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new InputException("unknown option '" + arg + "' (see --help)");
                        } else if (arg.contains("=")) {
                            overrides.add(arg);
                        } else if (config == null) {
                            config = arg;
                        } else {
                            throw new InputException("two config files given: '" + config + "' and '" + arg + "' (see --help)");
                        }
                    }
                }
            }
            File file = new File(config == null ? "conf/sweep.conf" : config);
            if (!file.isFile()) {
                throw new InputException("config file " + file + " not found (see --help)");
            }
            return new Options(ConfigLoader.load(file, overrides), mode, dryRun, false);
        }
    }

    /** {@code --conf spark.x=y}, as spark-submit takes it: a Spark (and, as spark.hadoop.*, Hadoop) setting. */
    private static void sparkProperty(String setting) {
        int eq = setting.indexOf('=');
        if (eq <= 0 || !setting.startsWith("spark.")) {
            throw new InputException("--conf takes spark.<key>=<value> (spark.hadoop.* for Hadoop), got '" + setting + "'");
        }
        System.setProperty(setting.substring(0, eq), setting.substring(eq + 1));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options = Options.parse(args);
        if (options.help()) {
            out.print(HELP);
            return Main.OK;
        }
        SweepConfig sweep = options.config();
        if (options.dryRun()) {
            SweepJob.findData(sweep, Locations.hadoopConf());
            printGrid(SweepJob.withNetworkRead(sweep), out); // a user network's trial ids digest it
            return Main.OK;
        }
        // the progress line goes to stderr: submit.sh tells whether that is a terminal
        String tty = System.getProperty("lrsweep.stderr-tty");
        boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
        var outcome = SweepJob.run(sweep, options.mode(), err, terminal);
        printVerdict(outcome, sweep.judging(), out);
        return outcome.anyFailed() ? Main.TRIALS_FAILED : Main.OK;
    }

    /** The search in a line, and the trials it knows before training (none for auto and tpe). */
    private static void printGrid(SweepConfig sweep, PrintStream out) throws java.io.IOException {
        SearchStrategy search = SearchStrategy.of(sweep);
        out.println(search.describe());
        var trials = search.known(null, null);
        if (trials.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%-14s %-22s %-6s %-20s %s%n", "trial_id", "learning_rate", "seed", "optimizer",
                "schedule");
        for (Trial t : trials.get()) {
            out.printf(Locale.ROOT, "%-14s %-22s %-6d %-20s %s%n", t.id(), TrialText.rate(t.learningRate()), t.seed(),
                    t.train().optimizer().name(), TrialText.schedule(t.schedule()));
        }
    }

    private static void printVerdict(SweepJob.Outcome outcome, Judging judging, PrintStream out) {
        var best = Ranking.best(outcome.results(), judging.rankBy());
        if (best.isPresent()) {
            var b = best.get();
            out.printf(Locale.ROOT, "best: %s: %s (epoch %d; final %s), trial %s%n", TrialText.of(b.trial()), Summary.bestValue(b),
                    b.best().orElseThrow().epoch(), Summary.finalValue(b), b.trial().id());
            if (Lineage.isPopulation(outcome.results())) {
                // a member's own first configuration is not what trained it: its lineage's rates are
                out.printf(Locale.ROOT, "discovered schedule of %s (its rates per epoch): %s; report.md shows how to replay it%n",
                        b.trial().id(), Lineage.runLength(Lineage.rates(outcome.results(), b)));
            }
        } else {
            out.println("no trial finished ok");
        }
        Verdict.of(outcome.results(), judging).warnings().forEach(w -> out.println("warning: " + w));
        var configurations = Configurations.rank(outcome.results(), judging.rankBy());
        var top = configurations.get(0);
        if (configurations.size() < outcome.results().size() && !Double.isNaN(top.mean())) {
            long ties = configurations.stream().filter(c -> c.tiedWith(top)).count();
            out.printf(Locale.ROOT, "best configuration over seeds: %s: %s %s over %d runs%s%n", top.label(),
                    top.runs().get(0).trial().train().objective().key(),
                    Summary.meanStd(top), top.ok(), ties == 0 ? "" : " (tied within noise with " + ties + " more: see report.md)");
        }
        out.println("results: " + outcome.directory());
    }
}
