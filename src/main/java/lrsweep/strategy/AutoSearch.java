package lrsweep.strategy;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lrsweep.config.SweepConfig;
import lrsweep.output.FinderReport;
import lrsweep.schedule.Names;
import lrsweep.store.SweepStore;
import lrsweep.train.Optimizer;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code learning-rates = auto}: a grid whose rates come from a range test, log-spaced around each
 * auto optimizer's suggestion. The test runs when the search opens; a resumed sweep keeps the
 * suggestion {@link FinderReport#FOLDER} records, and so its rates and trial ids, if it was made
 * with these inputs.
 */
public final class AutoSearch implements SearchStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(AutoSearch.class);

    private final SweepConfig config;
    private GridSearch grid;

    AutoSearch(SweepConfig config) {
        this.config = config;
    }

    @Override
    public Optional<List<Trial>> known(SweepStore store, String fingerprint) throws IOException {
        return store == null ? Optional.empty() : recorded(config, fingerprint, store).map(GridSearch::trials);
    }

    @Override
    public List<Trial> open(Context context) throws Exception {
        var recorded = context.resume() ? recorded(config, context.fingerprint(), context.store()) : Optional.<SweepConfig>empty();
        if (recorded.isPresent()) {
            LOG.info("resume: the range test's suggestions are kept from {}", FinderReport.FOLDER + FinderReport.JSON);
        }
        grid = new GridSearch(recorded.isPresent() ? recorded.get() : context.rangeTest().run(config));
        return grid.trials();
    }

    @Override
    public void resume(Collection<TrialResult> finished) {
        grid.resume(finished);
    }

    @Override
    public int total() {
        return grid.total();
    }

    @Override
    public List<Trial> next() {
        return grid.next();
    }

    @Override
    public SweepConfig config() {
        return config;
    }

    @Override
    public List<Trial> trials() {
        return grid.trials();
    }

    @Override
    public String describe() {
        var listed = config.optimizers().stream().filter(o -> !config.autoOptimizers().contains(o)).toList();
        return String.format(Locale.ROOT, "sweep '%s': learning-rates = auto for %s: a range test with each first, then %d learning "
                        + "rates (log-spaced over %s decades around its suggestion)%s × %d schedules × %d seeds, %d epochs each",
                config.name(), String.join(", ", config.autoOptimizers().stream().map(Optimizer::name).toList()), config.auto().points(),
                Names.number(config.auto().spanDecades()), listed.isEmpty() ? "" : "; " + GridSearch.rates(config, listed),
                config.schedules().size(), config.seeds().size(), config.train().epochs());
    }

    /** The sweep around the suggestions {@code store}'s {@link FinderReport#FOLDER} records, if they were made with these inputs. */
    public static Optional<SweepConfig> recorded(SweepConfig config, String fingerprint, SweepStore store) throws IOException {
        return FinderReport.recorded(store, FinderReport.FOLDER, rangeTestInputs(config, fingerprint, config.autoOptimizers()))
                .map(findings -> around(config, findings));
    }

    /**
     * The same sweep once the range tests found {@code findings} (in {@link SweepConfig#autoOptimizers}'
     * order): each auto optimizer's grid around its finding.
     */
    public static SweepConfig around(SweepConfig config, List<FinderReport.Finding> findings) {
        Map<Optimizer, List<Double>> rates = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            rates.put(config.autoOptimizers().get(i), config.auto().around(findings.get(i).centre()));
        }
        return config.withLearningRates(rates);
    }

    /**
     * Everything a range test's outcome follows from: its settings, the optimizers tested, the
     * model, training, data (and its files) and seeds.
     */
    public static String rangeTestInputs(SweepConfig config, String fingerprint, List<Optimizer> optimizers) {
        return String.join("|", config.finder().toString(), optimizers.toString(), config.train().key(), config.model().key(),
                config.data().toString(), fingerprint, config.seeds().toString());
    }
}
