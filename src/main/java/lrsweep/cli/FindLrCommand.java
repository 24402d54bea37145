package lrsweep.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import lrsweep.config.InputException;
import lrsweep.output.TrialText;
import lrsweep.store.SweepStore;
import lrsweep.sweep.FinderJob;

/** {@code find-lr [CONFIG] [options] [key=value ...]}: the learning-rate range test on its own. */
final class FindLrCommand {

    static final String HELP = """
            Usage: ./submit.sh find-lr [CONFIG] [options] [key=value ...]

            The learning-rate range test (Leslie Smith; fastai lr_find) on the model and data CONFIG
            describes (default conf/sweep.conf): trains once per seed, in parallel on Spark, while the
            learning rate grows exponentially each minibatch from finder.start-lr to finder.end-lr,
            and stops when the smoothed loss explodes; with each optimizer of sweep.optimizers (or
            train.optimizer). Suggests two rates per optimizer: the steepest descent of the smoothed
            loss, and the minimum-loss rate ÷ 10. Writes <output.dir>/<sweep.name>-lr-find/:
            trace/ (Parquet), lr-find.json and lr-find.svg (smoothed loss against rate, both suggestions marked).
            The finder.* keys of reference.conf set it up; sweep.learning-rates = auto runs it before a
            sweep and centres the grid on its suggestion.

            Options:
              --output DIR     write under DIR instead of output.dir
              --master URL     Spark master (default local[*])
              --overwrite      replace an earlier range test's folder
              --jars A,B       (submit.sh) more jars for the driver and executors, e.g. a schedule's class
              --verbose        Spark's INFO logging and stack traces on errors
              key=value        override a config path, e.g. finder.end-lr=1
            """;

    private FindLrCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        var options = RunCommand.Options.parse(args);
        if (options.help()) {
            out.print(HELP);
            return Main.OK;
        }
        // a range test is quick: there is nothing to resume, and nothing to list without running it
        if (options.mode() == SweepStore.Mode.RESUME || options.dryRun()) {
            throw new InputException("find-lr takes neither --resume nor --dry-run; --overwrite replaces an earlier range test");
        }
        for (var finding : FinderJob.run(options.config(), options.mode())) {
            out.printf(Locale.ROOT, "%s: steepest descent %s, minimum loss / 10 %s%n", finding.optimizer(),
                    TrialText.rate(finding.steepest()), TrialText.rate(finding.minLossOver10()));
        }
        out.printf(Locale.ROOT, "results: %s%n", FinderJob.directory(options.config()));
        return Main.OK;
    }
}
