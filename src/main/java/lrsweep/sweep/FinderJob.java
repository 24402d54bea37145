package lrsweep.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataSplit;
import lrsweep.output.FinderReport;
import lrsweep.strategy.AutoSearch;
import lrsweep.store.SweepStore;
import lrsweep.train.Optimizer;
import lrsweep.train.RangeTest;
import lrsweep.train.RangeTrace;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the learning-rate range test as Spark tasks, one per optimizer and seed of the config (in
 * parallel), and writes the traces and each optimizer's suggestion under a folder of the sweep
 * directory.
 */
public final class FinderJob {

    private static final Logger LOG = LoggerFactory.getLogger(FinderJob.class);

    private FinderJob() {}

    /**
     * {@code find-lr}: the range test on its own, with every optimizer the sweep lists, into
     * {@code <output.dir>/<sweep name>-lr-find/}, on a Spark session of its own.
     *
     * @return each optimizer's finding, in the config's order
     */
    public static List<FinderReport.Finding> run(SweepConfig declared, SweepStore.Mode mode) throws Exception {
        SweepConfig config = SweepJob.withNetworkRead(declared);
        try (var started = SweepJob.start(config, directory(config), mode, config.name() + "-lr-find", null, null, null)) {
            var findings = run(started.jsc(), config, started.data(), started.fingerprint(), started.store(), "", config.optimizers());
            started.store().markComplete(started.runId());
            return findings;
        }
    }

    /** Where {@code find-lr} writes: {@code <output.dir>/<sweep name>-lr-find}. */
    public static String directory(SweepConfig config) {
        return config.sibling("-lr-find");
    }

    /**
     * {@code learning-rates = auto}: the range test of each optimizer whose rates are auto, into the
     * sweep's {@link FinderReport#FOLDER}, and the sweep over the grid around each suggestion.
     */
    static SweepConfig auto(JavaSparkContext jsc, SweepConfig config, DataSplit data, String fingerprint, SweepStore store)
            throws Exception {
        var findings = run(jsc, config, data, fingerprint, store, FinderReport.FOLDER, config.autoOptimizers());
        var swept = AutoSearch.around(config, findings);
        findings.forEach(f -> LOG.info("learning-rates = auto: {}'s range test suggests {}; sweeping {}", f.optimizer(), f.centre(),
                config.auto().around(f.centre())));
        return swept;
    }

    /**
     * Runs the range tests of {@code optimizers} on {@code jsc} and writes their outputs into
     * {@code folder} of {@code store}.
     *
     * @return each optimizer's finding, in their order
     */
    static List<FinderReport.Finding> run(JavaSparkContext jsc, SweepConfig config, DataSplit data, String fingerprint,
            SweepStore store, String folder, List<Optimizer> optimizers) throws Exception {
        Map<String, Optimizer> byTest = new LinkedHashMap<>();
        List<RangeTest.Spec> specs = new ArrayList<>();
        for (Optimizer o : optimizers) {
            for (int seed : config.seeds()) {
                // one optimizer keeps the test ids of before per-optimizer tests
                String id = (optimizers.size() == 1 ? "" : o.name() + "-") + "seed-" + seed;
                byTest.put(id, o);
                specs.add(new RangeTest.Spec(id, seed, config.finder(), config.train().withOptimizer(o), config.model()));
            }
        }
        LOG.info("range test: {} run(s), rate {} → {} over {}", specs.size(), config.finder().startLr(), config.finder().endLr(),
                config.finder().steps() == 0 ? "one epoch" : config.finder().steps() + " minibatches");
        List<RangeTrace> traces = SweepRunner.run(jsc, specs, data, RangeTest::run, specs.size() + " range test(s)",
                t -> LOG.info("range test {}: steepest descent at {}, minimum loss / 10 = {}{}", t.id(), t.steepest(),
                        t.minLossOver10(), t.stoppedEarly() ? " (stopped when the loss exploded)" : ""));
        Map<String, List<RangeTrace>> byOptimizer = new LinkedHashMap<>();
        optimizers.forEach(o -> byOptimizer.put(o.name(), new ArrayList<>()));
        traces.stream().sorted(Comparator.comparingInt(RangeTrace::seed)).forEach(t -> byOptimizer.get(byTest.get(t.id()).name()).add(t));
        return FinderReport.write(store, folder, byOptimizer, AutoSearch.rangeTestInputs(config, fingerprint, optimizers));
    }
}
