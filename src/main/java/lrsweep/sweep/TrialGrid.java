package lrsweep.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import lrsweep.config.LearningRates;
import lrsweep.config.SearchSpace;
import lrsweep.config.SearchSpaces;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataConfig;
import lrsweep.model.Networks;
import lrsweep.model.Task;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.train.Optimizer;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trial;

/**
 * The trials of a sweep: learning rates × schedules × optimizers × seeds, in that nesting order
 * (an optimizer with its own rates at those only); or, for a random search, {@code sweep.trials}
 * sampled configurations × optimizers × seeds.
 */
public final class TrialGrid {

    private TrialGrid() {}

    /** The trials of a grid or random search; a tpe search proposes its own ({@link TpeSearch}). */
    public static List<Trial> of(SweepConfig config) {
        return switch (config.search().mode()) {
            case GRID -> grid(config);
            case RANDOM -> sample(config);
            case TPE -> throw new IllegalArgumentException("a tpe search proposes its trials as results arrive");
        };
    }

    private static List<Trial> grid(SweepConfig config) {
        var rates = new LinkedHashSet<Double>();
        config.optimizers().forEach(o -> rates.addAll(config.learningRates(o)));
        List<Trial> trials = new ArrayList<>();
        for (double lr : rates) {
            for (ScheduleVariant schedule : config.schedules()) {
                for (Optimizer optimizer : config.optimizers()) {
                    if (config.learningRates(optimizer).contains(lr)) {
                        trials.addAll(trials(config, lr, schedule, optimizer));
                    }
                }
            }
        }
        return trials;
    }

    /**
     * Samples a random search, reproducibly from {@code sweep.search-seed}: a rate from its range,
     * a variant uniformly, then each of its ranged parameters (in path order), then a rate for each
     * optimizer with its own range (in their order; the others take the first). A sample drawn
     * twice (possible with choices) is trained once.
     */
    private static List<Trial> sample(SweepConfig config) {
        SearchSpace search = config.search();
        Random random = new Random(search.seed());
        Map<String, Trial> trials = new LinkedHashMap<>();
        for (int i = 0; i < search.trials(); i++) {
            double lr = ((Number) search.learningRate().sample(random).unwrapped()).doubleValue();
            var space = search.schedules().get(random.nextInt(search.schedules().size()));
            Map<String, ConfigValue> values = new TreeMap<>();
            space.ranges().keySet().stream().sorted().forEach(path -> values.put(path, space.ranges().get(path).sample(random)));
            values.put("name", ConfigValueFactory.fromAnyRef(space.name()));
            ScheduleVariant schedule = Schedules.parse(SearchSpaces.withValues(space.template(), values).toConfig(), space.path());
            for (Optimizer optimizer : config.optimizers()) {
                double rate = config.ownRates().get(optimizer) instanceof LearningRates.Ranged own
                        ? ((Number) own.range().sample(random).unwrapped()).doubleValue() : lr;
                trials(config, rate, schedule, optimizer).forEach(t -> trials.putIfAbsent(t.id(), t));
            }
        }
        return List.copyOf(trials.values());
    }

    /** One configuration's trials: one per seed. */
    static List<Trial> trials(SweepConfig config, double lr, ScheduleVariant schedule, Optimizer optimizer) {
        TrainConfig train = config.train().withOptimizer(optimizer);
        return config.seeds().stream()
                .map(seed -> new Trial(id(config, lr, schedule, seed, train), lr, schedule, seed, train, config.model())).toList();
    }

    /**
     * A digest of the trial's {@link #key}, so the same trial gets the same id on every run and
     * retry, and a changed setting never passes for a finished result.
     *
     * @param train the trial's own train settings, with its own optimizer
     */
    static String id(SweepConfig config, double lr, ScheduleVariant schedule, int seed, TrainConfig train) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key(config, lr, schedule, seed, train)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The key of a trial of {@code config}, as the journal records it. */
    public static String key(SweepConfig config, Trial trial) {
        return key(config, trial.learningRate(), trial.schedule(), trial.seed(), trial.train());
    }

    /**
     * Everything that determines the trial's history, in one canonical text: what the journal
     * checks a recorded result against.
     */
    static String key(SweepConfig config, double lr, ScheduleVariant schedule, int seed, TrainConfig train) {
        var d = config.data();
        // the data settings that select and shape the examples (not the size limit, which changes no
        // history; nor data.dir, unless the format reads it)
        String dir = d.format() == DataConfig.Format.IDX ? d.dir() : "";
        String data = String.join(",", d.format().toString(), dir, String.valueOf(d.trainPath()),
                String.valueOf(d.validationPath()), Double.toString(d.validationSplit()), Integer.toString(d.splitSeed()),
                d.labelColumn(), String.valueOf(d.featuresColumn()), d.scaling().toString(), Integer.toString(d.trainExamples()),
                Integer.toString(d.validationExamples()))
                // a regression reads the same columns as other examples; classification keeps its old key
                + (d.task() == Task.REGRESSION ? ",regression" : "");
        return String.join("|",
                "lr=" + lr, "schedule=" + schedule.spec(), "seed=" + seed,
                train.key(), config.model().key(), Networks.INITIALISATION, data, String.valueOf(config.halving()));
    }
}
