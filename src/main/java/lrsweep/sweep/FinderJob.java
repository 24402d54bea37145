package lrsweep.sweep;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataSplit;
import lrsweep.output.FinderReport;
import lrsweep.output.SweepDirectory;
import lrsweep.train.RangeTest;
import lrsweep.train.RangeTrace;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the learning-rate range test as Spark tasks, one per seed of the config (in parallel), and
 * writes the traces and the suggestion under a folder of the sweep directory.
 */
public final class FinderJob {

    private static final Logger LOG = LoggerFactory.getLogger(FinderJob.class);

    private FinderJob() {}

    /**
     * {@code find-lr}: the range test on its own, into {@code <output.dir>/<sweep name>-lr-find/},
     * on a Spark session of its own.
     */
    public static FinderReport.Finding run(SweepConfig config, SweepDirectory.Mode mode) throws Exception {
        var started = SweepJob.start(config, directory(config), mode, config.name() + "-lr-find", null);
        try {
            return run(started.jsc(), config, started.data(), started.directory());
        } finally {
            started.jsc().stop();
        }
    }

    /** Where {@code find-lr} writes: {@code <output.dir>/<sweep name>-lr-find}. */
    public static Path directory(SweepConfig config) {
        return Path.of(config.outputDir(), config.name() + "-lr-find");
    }

    /** Runs the range tests on {@code jsc} and writes their outputs at the top of {@code directory}. */
    public static FinderReport.Finding run(JavaSparkContext jsc, SweepConfig config, DataSplit data, SweepDirectory directory)
            throws Exception {
        List<RangeTest.Spec> specs = config.seeds().stream()
                .map(seed -> new RangeTest.Spec("seed-" + seed, seed, config.finder(), config.train(), config.model()))
                .toList();
        LOG.info("range test: {} run(s), rate {} → {} over {}", specs.size(), config.finder().startLr(), config.finder().endLr(),
                config.finder().steps() == 0 ? "one epoch" : config.finder().steps() + " minibatches");
        List<RangeTrace> traces = SweepRunner.run(jsc, specs, data, RangeTest::run, specs.size() + " range test(s)",
                t -> LOG.info("range test {}: steepest descent at {}, minimum loss / 10 = {}{}", t.id(), t.steepest(),
                        t.minLossOver10(), t.stoppedEarly() ? " (stopped when the loss exploded)" : ""));
        traces = traces.stream().sorted(Comparator.comparingInt(RangeTrace::seed)).toList();
        return FinderReport.write(jsc, directory, traces, inputs(config));
    }

    /** Everything a range test's outcome follows from: its settings, the model, training, data and seeds. */
    static String inputs(SweepConfig config) {
        return String.join("|", config.finder().toString(), config.train().toString(), config.model().toString(),
                config.data().toString(), config.seeds().toString());
    }
}
