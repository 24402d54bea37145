package lrsweep.strategy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import lrsweep.config.Distribution;
import lrsweep.config.LearningRates;
import lrsweep.config.SearchSpace;
import lrsweep.config.SearchSpaces;
import lrsweep.config.SweepConfig;
import lrsweep.schedule.Schedules;
import lrsweep.search.Dimension;
import lrsweep.search.Tpe;
import lrsweep.store.SweepStore;
import lrsweep.train.Optimizer;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * {@code sweep.search = tpe} over a sweep's declared space: {@code sweep.trials} configurations,
 * each proposed by {@link Tpe} from the results so far and trained once per seed. A configuration
 * is a point: the optimizer's index (with several), the rate ({@code lr}, or {@code lr:<index>}
 * for an optimizer with its own range), the schedule's index (with several) and that schedule's
 * ranged parameters ({@code schedule<index>.<path>}), a choice by its index. Each proposal's point
 * is stored ({@code search/<trial id>.json}) before its trials start, so that a resume rebuilds
 * the trials the journal names and the sampler's observations.
 */
public final class TpeSearch implements SearchStrategy {

    static final String FOLDER = "search";
    /** Proposals drawn again when one repeats a known configuration (possible with choices) before the space counts as spent. */
    private static final int REDRAWS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SweepConfig config;
    private final SearchSpace space;
    private final Tpe tpe;
    private SweepStore store;
    /** Every stored point by trial id, in the order the tables list them: earlier runs' and this run's. */
    private final Map<String, Map<String, Double>> points = new LinkedHashMap<>();
    /** Trial ids proposed or finished: a repeat is drawn again. */
    private final Set<String> known = new HashSet<>();
    private int configurations;

    TpeSearch(SweepConfig config) {
        this.config = config;
        this.space = config.search();
        this.tpe = new Tpe(space.tpe(), space.seed());
    }

    @Override
    public Optional<List<Trial>> known(SweepStore store, String fingerprint) throws IOException {
        return store == null ? Optional.empty() : Optional.of(stored(read(store)));
    }

    /** Reads the points earlier runs stored. */
    @Override
    public List<Trial> open(Context context) throws IOException {
        store = context.store();
        points.putAll(read(store));
        return stored(points);
    }

    /** The points {@code store} holds by trial id, by name, so that a resume observes them in the same order on every file system. */
    private static Map<String, Map<String, Double>> read(SweepStore store) throws IOException {
        Map<String, Map<String, Double>> points = new LinkedHashMap<>();
        for (String name : store.list(FOLDER).stream().map(f -> f.getPath().getName()).sorted().toList()) {
            if (name.endsWith(".json")) {
                points.put(name.substring(0, name.length() - ".json".length()),
                        JSON.readValue(store.read(FOLDER + "/" + name), new TypeReference<TreeMap<String, Double>>() {}));
            }
        }
        return points;
    }

    /** The trials of stored points whose ids still match (a changed config gives other ids): what the journal is read against. */
    private List<Trial> stored(Map<String, Map<String, Double>> points) {
        List<Trial> trials = new ArrayList<>();
        for (var e : points.entrySet()) {
            trials(e.getValue()).stream().filter(t -> t.id().equals(e.getKey())).forEach(trials::add);
        }
        return trials;
    }

    @Override
    public SweepConfig config() {
        return config;
    }

    @Override
    public List<Trial> trials() {
        return stored(points);
    }

    /** A resumed search: the finished trials become observations and count against the budget. */
    @Override
    public void resume(Collection<TrialResult> finished) {
        var configurationsDone = new HashSet<Map<String, Double>>();
        for (TrialResult r : finished) {
            configurationsDone.add(points.get(r.trial().id()));
            known.add(r.trial().id());
            observe(r);
        }
        configurations = configurationsDone.size();
    }

    /** How many trials the budget stands for: each configuration per seed. */
    @Override
    public int total() {
        return space.trials() * config.seeds().size();
    }

    /** The next configuration's trials, one per seed; none once the budget (or the space) is spent. */
    @Override
    public List<Trial> next() throws IOException {
        return configurations < space.trials() ? propose() : List.of();
    }

    @Override
    public void observe(TrialResult result) {
        // a failed trial says nothing about its configuration (Optuna leaves FAIL trials out too); a
        // pruned one counts at its last rung, with the value halving judged it by
        if (result.status() != TrialStatus.FAILED) {
            tpe.observe(new Tpe.Observation(points.get(result.trial().id()), result.bestCost(),
                    result.pruned() ? result.epochs().size() : -1));
        }
    }

    /** The next configuration's trials, or none once every redraw repeated a known one. */
    private List<Trial> propose() throws IOException {
        for (int redraw = 0; redraw < REDRAWS; redraw++) {
            // numbered by configuration, so a resumed search draws what an uninterrupted one would have
            Map<String, Double> point = draw(tpe.propose((long) configurations * REDRAWS + redraw));
            List<Trial> trials = trials(point);
            if (trials.stream().noneMatch(t -> known.contains(t.id()))) {
                for (Trial t : trials) {
                    store.writeString(FOLDER + "/" + t.id() + ".json", JSON.writeValueAsString(point));
                    points.put(t.id(), point);
                    known.add(t.id());
                }
                configurations++;
                return trials;
            }
        }
        configurations = space.trials(); // the space holds no configuration not tried yet
        return List.of();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "sweep '%s': %d trials = %d configurations proposed by TPE as results arrive (search-seed %d, "
                        + "the first %d at random) × %d seeds, %d epochs each", config.name(), total(), space.trials(), space.seed(),
                Math.min(space.tpe().startupTrials(), space.trials()), config.seeds().size(), config.train().epochs());
    }

    /** A point's values, in the order that decides which exist: the optimizer, its rate, the schedule, its ranges. */
    private Map<String, Double> draw(Tpe.Proposal proposal) {
        Map<String, Double> point = new TreeMap<>();
        List<Optimizer> optimizers = config.optimizers();
        if (optimizers.size() > 1) {
            point.put("optimizer", proposal.value("optimizer", new Dimension.Categorical(optimizers.size())));
        }
        int o = index(point, "optimizer");
        point.put(rateName(o), proposal.value(rateName(o), dimension(rate(o))));
        if (space.schedules().size() > 1) {
            point.put("schedule", proposal.value("schedule", new Dimension.Categorical(space.schedules().size())));
        }
        int s = index(point, "schedule");
        space.schedules().get(s).ranges().forEach((path, range) ->
                point.put(rangeName(s, path), proposal.value(rangeName(s, path), dimension(range))));
        return point;
    }

    /** A point's configuration, one trial per seed. */
    private List<Trial> trials(Map<String, Double> point) {
        int o = index(point, "optimizer");
        double lr = ((Number) value(rate(o), point.get(rateName(o))).unwrapped()).doubleValue();
        int s = index(point, "schedule");
        var schedule = space.schedules().get(s);
        Map<String, ConfigValue> values = new TreeMap<>();
        schedule.ranges().forEach((path, range) -> values.put(path, value(range, point.get(rangeName(s, path)))));
        values.put("name", ConfigValueFactory.fromAnyRef(schedule.name()));
        var variant = Schedules.parse(SearchSpaces.withValues(schedule.template(), values).toConfig(), schedule.path());
        return TrialKeys.trials(config, lr, variant, config.optimizers().get(o));
    }

    private Distribution rate(int optimizer) {
        return config.ownRates().get(config.optimizers().get(optimizer)) instanceof LearningRates.Ranged own ? own.range()
                : space.learningRate();
    }

    private String rateName(int optimizer) {
        return config.ownRates().get(config.optimizers().get(optimizer)) instanceof LearningRates.Ranged ? "lr:" + optimizer : "lr";
    }

    private static String rangeName(int schedule, String path) {
        return "schedule" + schedule + "." + path;
    }

    private static int index(Map<String, Double> point, String name) {
        return (int) Math.round(point.getOrDefault(name, 0.0));
    }

    private static Dimension dimension(Distribution d) {
        if (d instanceof Distribution.Uniform u) {
            return new Dimension.Real(u.lo(), u.hi(), false);
        }
        if (d instanceof Distribution.LogUniform l) {
            return new Dimension.Real(l.lo(), l.hi(), true);
        }
        return new Dimension.Categorical(((Distribution.Choice) d).values().size());
    }

    /** The config value a point's number stands for in {@code d}: itself, or the choice it indexes. */
    private static ConfigValue value(Distribution d, double x) {
        return d instanceof Distribution.Choice c ? c.values().get((int) Math.round(x)) : ConfigValueFactory.fromAnyRef(x);
    }
}
