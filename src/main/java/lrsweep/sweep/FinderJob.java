package lrsweep.sweep;

import java.util.Comparator;
import java.util.List;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataSplit;
import lrsweep.output.FinderReport;
import lrsweep.store.SweepStore;
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
    public static FinderReport.Finding run(SweepConfig declared, SweepStore.Mode mode) throws Exception {
        SweepConfig config = SweepJob.withNetworkRead(declared);
        try (var started = SweepJob.start(config, directory(config), mode, config.name() + "-lr-find", null, null, null)) {
            var finding = run(started.jsc(), config, started.data(), started.fingerprint(), started.store(), "");
            started.store().markComplete(started.runId());
            return finding;
        }
    }

    /** Where {@code find-lr} writes: {@code <output.dir>/<sweep name>-lr-find}. */
    public static String directory(SweepConfig config) {
        return config.sibling("-lr-find");
    }

    /** Runs the range tests on {@code jsc} and writes their outputs into {@code folder} of {@code store}. */
    public static FinderReport.Finding run(JavaSparkContext jsc, SweepConfig config, DataSplit data, String fingerprint,
            SweepStore store, String folder) throws Exception {
        List<RangeTest.Spec> specs = config.seeds().stream()
                .map(seed -> new RangeTest.Spec("seed-" + seed, seed, config.finder(), config.train(), config.model()))
                .toList();
        LOG.info("range test: {} run(s), rate {} → {} over {}", specs.size(), config.finder().startLr(), config.finder().endLr(),
                config.finder().steps() == 0 ? "one epoch" : config.finder().steps() + " minibatches");
        List<RangeTrace> traces = SweepRunner.run(jsc, specs, data, RangeTest::run, specs.size() + " range test(s)",
                t -> LOG.info("range test {}: steepest descent at {}, minimum loss / 10 = {}{}", t.id(), t.steepest(),
                        t.minLossOver10(), t.stoppedEarly() ? " (stopped when the loss exploded)" : ""));
        traces = traces.stream().sorted(Comparator.comparingInt(RangeTrace::seed)).toList();
        return FinderReport.write(store, folder, traces, inputs(config, fingerprint));
    }

    /** Everything a range test's outcome follows from: its settings, the model, training, data (and its files) and seeds. */
    public static String inputs(SweepConfig config, String fingerprint) {
        return String.join("|", config.finder().toString(), config.train().key(), config.model().key(),
                config.data().toString(), fingerprint, config.seeds().toString());
    }
}
