package lrsweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import lrsweep.data.DataConfig;
import lrsweep.data.Scaling;
import lrsweep.model.ModelConfig;
import lrsweep.model.Networks;
import lrsweep.model.Task;
import lrsweep.model.UserNetwork;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.train.FinderConfig;
import lrsweep.train.Objective;
import lrsweep.train.Optimizer;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trainer;

/**
 * Reads a sweep config file plus command-line overrides, checks it against {@code reference.conf}
 * and turns it into a {@link SweepConfig}. Every problem is a {@link ConfigException} whose
 * message names the key, its origin (file: line) and what is allowed.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    public static SweepConfig load(File file, List<String> overrides) {
        Config fileConfig = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
        Config user = parseOverrides(overrides).withFallback(fileConfig);
        String defaultName = file.getName().replaceFirst("\\.[^.]*$", "");
        return fromConfig(user, defaultName);
    }

    /** Validates {@code user} (file plus overrides, without defaults) into a sweep config. */
    public static SweepConfig fromConfig(Config user, String defaultName) {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf");
        checkKnownKeys(user.root(), reference.root(), "");
        Config c = user.withFallback(reference).resolve();

        String name = c.getIsNull("sweep.name") ? defaultName : c.getString("sweep.name");
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) { // no leading dot: not ".", "..", nor hidden
            String message = "must be letters, digits, '.', '_' or '-', not starting with '.', got '" + name + "'";
            throw c.getIsNull("sweep.name")
                    ? new ConfigException.BadValue(user.origin(), "sweep.name", "the default (the config file's base name) " + message + "; set sweep.name")
                    : bad(c, "sweep.name", message);
        }
        boolean auto = isAuto(c, c.getValue("sweep.learning-rates"), "sweep.learning-rates");
        // checked whether or not learning-rates = auto uses it
        var autoGrid = new AutoGrid(positiveInt(c, "sweep.auto.points"), positiveNumber(c, "sweep.auto.span-decades"));
        SearchSpace search = SearchSpaces.parse(c);
        Task task = oneOf(c, "model.task", Task.class);
        boolean random = search.sampled();
        var train = new TrainConfig(
                positiveInt(c, "train.epochs"),
                positiveInt(c, "train.batch-size"),
                Optimizers.parse(c.getValue("train.optimizer"), "train.optimizer"),
                divergenceFactor(c),
                oneOf(c, "train.engine", TrainConfig.ENGINES),
                positiveIntOrNull(c, "train.early-stopping.patience", "no early stopping"),
                objective(c, task));
        var model = model(c, reference);
        var swept = optimizers(c, train, model, random);
        boolean anyAuto = auto || swept.own().values().stream().anyMatch(r -> r instanceof LearningRates.Auto);
        var config = new SweepConfig(
                name,
                auto || random ? List.of() : learningRates(c.getValue("sweep.learning-rates"), "sweep.learning-rates"),
                anyAuto ? autoGrid : null,
                random ? List.of() : schedules(c),
                swept.optimizers(),
                swept.own(),
                search,
                halving(c, c.getString("sweep.search").equals("halving") ? "halving" : oneOf(c, "sweep.pruning", List.of("none", "halving", "hyperband"))),
                seeds(c),
                train,
                model,
                data(c, task),
                finder(c),
                c.getString("output.dir"),
                leaseTimeout(c),
                judging(c),
                render(c.withValue("sweep.name", ConfigValueFactory.fromAnyRef(name)), reference));
        if (search.mode() == SearchSpace.Mode.PBT) {
            checkPbt(c, config);
        }
        // a shared auto that every optimizer's own rates override tests nothing: the grid is what they list
        return config.auto() != null && config.autoOptimizers().isEmpty() ? config.withLearningRates(Map.of()) : config;
    }

    /** What a population cannot combine with: several seeds, pruning, an interval as long as training. */
    private static void checkPbt(Config c, SweepConfig config) {
        if (config.seeds().size() > 1) {
            throw bad(c, "sweep.seeds", "pbt trains one population, from one seed; run a sweep per seed, got " + config.seeds());
        }
        if (config.halving() != null) {
            throw bad(c, "sweep.pruning", "pbt replaces its worst members rather than stopping them: none, got " + c.getString("sweep.pruning"));
        }
        if (config.search().pbt().interval() >= config.train().epochs()) {
            throw bad(c, "sweep.pbt.interval", "must be below train.epochs (" + config.train().epochs() + "), or no member is ever "
                    + "replaced; got " + config.search().pbt().interval());
        }
    }

    private static Duration leaseTimeout(Config c) {
        Duration timeout = c.getDuration("output.lease-timeout");
        if (timeout.compareTo(Duration.ofSeconds(6)) < 0) {
            throw bad(c, "output.lease-timeout", "must be at least 6 s (the heartbeat renews the lease every sixth of it), got " + timeout);
        }
        return timeout;
    }

    private static Config parseOverrides(List<String> overrides) {
        Config result = ConfigFactory.empty();
        for (String arg : overrides) {
            if (!arg.contains("=")) {
                throw new ConfigException.Generic("command-line override '" + arg + "' is not of the form key=value");
            }
            var options = ConfigParseOptions.defaults().setOriginDescription("command-line override '" + arg + "'");
            // later arguments win, as with repeated keys in a file
            result = ConfigFactory.parseString(arg, options).withFallback(result);
        }
        return result;
    }

    /** Typesafe's checkValid ignores extra keys; a misspelt key silently using its default is the worse bug. */
    private static void checkKnownKeys(ConfigObject user, ConfigObject reference, String prefix) {
        for (var entry : user.entrySet()) {
            String key = entry.getKey();
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            ConfigValue allowed = reference.get(key);
            if (allowed == null) {
                String where = prefix.isEmpty() ? "at the top level" : "in " + prefix;
                throw new ConfigException.BadValue(entry.getValue().origin(), path,
                        "unknown key; allowed " + where + ": " + String.join(", ", new TreeSet<>(reference.keySet())));
            }
            if (allowed.valueType() == ConfigValueType.OBJECT && entry.getValue().valueType() == ConfigValueType.OBJECT) {
                checkKnownKeys((ConfigObject) entry.getValue(), (ConfigObject) allowed, path);
            }
        }
    }

    /** Whether {@code value} (at {@code path}) is {@code auto}, which only a grid (or halving of one) can take. */
    private static boolean isAuto(Config c, ConfigValue value, String path) {
        boolean auto = value.valueType() == ConfigValueType.STRING && value.unwrapped().equals("auto");
        if (auto && (List.of("random", "tpe", "pbt").contains(c.getString("sweep.search")) || !c.getIsNull("sweep.trials"))) {
            throw new ConfigException.BadValue(value.origin(), path, "auto needs sweep.search = grid, or halving without sweep.trials; "
                    + "a random search samples its rates from a list or a range");
        }
        return auto;
    }

    /** A grid's learning rates: {@code sweep.learning-rates}, or an optimizer's own. */
    static List<Double> learningRates(ConfigValue value, String path) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw new ConfigException.BadValue(value.origin(), path, "must be a list of positive numbers, or auto (range test first); got "
                    + value.render());
        }
        List<Double> rates = ConfigFactory.empty().withValue("v", value).getDoubleList("v");
        if (rates.isEmpty()) {
            throw new ConfigException.BadValue(value.origin(), path, "must list at least one learning rate");
        }
        for (double lr : rates) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new ConfigException.BadValue(value.origin(), path, "learning rates must be positive and finite, got " + lr);
            }
        }
        if (new HashSet<>(rates).size() != rates.size()) {
            throw new ConfigException.BadValue(value.origin(), path, "lists a learning rate twice: " + rates);
        }
        return rates;
    }

    private static Judging judging(Config c) {
        var rankBy = oneOf(c, "sweep.rank-by", Judging.RankBy.class);
        double factor = c.getDouble("sweep.unstable-factor");
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw bad(c, "sweep.unstable-factor", "must be a finite number > 1 (final validation loss ÷ best), got " + factor);
        }
        return new Judging(rankBy, factor);
    }

    private static List<ScheduleVariant> schedules(Config c) {
        String path = "sweep.schedules";
        List<? extends ConfigObject> items = scheduleItems(c);
        List<ScheduleVariant> variants = new ArrayList<>();
        var names = new HashSet<String>();
        var specs = new HashSet<String>();
        for (int i = 0; i < items.size(); i++) {
            String at = path + "[" + i + "]";
            SearchSpaces.rejectRanges(items.get(i).toConfig(), at);
            ScheduleVariant v = Schedules.parse(items.get(i).toConfig(), at);
            // trials are identified by their spec: two names for one schedule would be one trial twice
            if (!specs.add(v.spec())) {
                throw new ConfigException.BadValue(items.get(i).origin(), at,
                        "the same schedule as an earlier variant (whatever the names): " + v.spec());
            }
            checkNewName(names, v.name(), items.get(i), at);
            variants.add(v);
        }
        return variants;
    }

    /** The variants {@code sweep.schedules} lists: at least one. */
    static List<? extends ConfigObject> scheduleItems(Config c) {
        List<? extends ConfigObject> items = c.getObjectList("sweep.schedules");
        if (items.isEmpty()) {
            throw bad(c, "sweep.schedules", "must list at least one schedule variant, e.g. [{type = constant}]");
        }
        return items;
    }

    /** Adds the name of {@code variant} (configured at {@code at}) to {@code names}, refusing one named before. */
    static void checkNewName(Set<String> names, String name, ConfigObject variant, String at) {
        if (!names.add(name)) {
            throw new ConfigException.BadValue(variant.origin(), at,
                    "two schedule variants are named '" + name + "'; give one a distinct `name`");
        }
    }

    /** The optimizers of a sweep, and the rates of those that carry their own. */
    private record Swept(List<Optimizer> optimizers, Map<Optimizer, LearningRates> own) {}

    /**
     * {@code sweep.optimizers}, or just {@code train.optimizer} when it is null; an item may carry
     * its own {@code learning-rates}. An optimizer that only the fast engine has (momentum) is
     * refused where the fast engine would not train.
     */
    private static Swept optimizers(Config c, TrainConfig train, ModelConfig model, boolean random) {
        String path = "sweep.optimizers";
        List<ConfigValue> values;
        List<String> paths;
        if (c.getIsNull(path)) {
            values = List.of(c.getValue("train.optimizer"));
            paths = List.of("train.optimizer");
        } else if (c.getValue(path).valueType() != ConfigValueType.LIST || c.getList(path).isEmpty()) {
            throw bad(c, path, "must be a non-empty list of optimizers (names such as adam, or objects such as "
                    + "{type = adam, beta1 = 0.9, learning-rates = [1e-3, 3e-4]}), or null for just train.optimizer; got "
                    + c.getValue(path).render());
        } else {
            values = List.copyOf(c.getList(path));
            paths = java.util.stream.IntStream.range(0, values.size()).mapToObj(i -> path + "[" + i + "]").toList();
        }
        List<Optimizer> optimizers = new ArrayList<>();
        Map<Optimizer, LearningRates> own = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            ConfigValue value = values.get(i);
            ConfigValue rates = value instanceof ConfigObject object && !c.getIsNull(path) ? object.get(OWN_RATES) : null;
            Optimizer o = Optimizers.parse(rates == null ? value : ((ConfigObject) value).withoutKey(OWN_RATES), paths.get(i));
            if (optimizers.contains(o)) {
                throw new ConfigException.BadValue(value.origin(), paths.get(i), "lists optimizer " + o.name() + " twice");
            }
            if (!o.inDl4j() && !Trainer.usesFastEngine(train.withOptimizer(o), model)) {
                throw momentumNeedsFastEngine(value, paths.get(i), o, train, model);
            }
            optimizers.add(o);
            if (rates != null) {
                own.put(o, ownRates(c, rates, paths.get(i) + "." + OWN_RATES, random));
            }
        }
        return new Swept(optimizers, own);
    }

    /** The key by which an item of {@code sweep.optimizers} carries its own rates. */
    private static final String OWN_RATES = "learning-rates";

    private static LearningRates ownRates(Config c, ConfigValue value, String path, boolean random) {
        if (isAuto(c, value, path)) {
            return new LearningRates.Auto();
        }
        return random ? new LearningRates.Ranged(SearchSpaces.learningRate(value, path))
                : new LearningRates.Listed(learningRates(value, path));
    }

    private static ConfigException momentumNeedsFastEngine(ConfigValue value, String path, Optimizer o, TrainConfig train,
            ModelConfig model) {
        return new ConfigException.BadValue(value.origin(), path, o.name()
                + " (heavy-ball) is trained by the fast engine only, DL4J has no such updater; it needs train.engine = fast"
                + " and a dropout-free MLP with activation relu, tanh or sigmoid (got " + train.engine() + ", " + model.type()
                + ", " + model.activation() + "); nesterov is the DL4J momentum");
    }

    private static List<Integer> seeds(Config c) {
        String path = "sweep.seeds";
        List<Integer> seeds = integers(c, path);
        if (seeds.isEmpty()) {
            throw bad(c, path, "must list at least one seed, e.g. [1]");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw bad(c, path, "lists a seed twice: " + seeds);
        }
        return seeds;
    }

    private static FinderConfig finder(Config c) {
        double start = positiveNumber(c, "finder.start-lr");
        double end = positiveNumber(c, "finder.end-lr");
        if (end <= start) {
            throw bad(c, "finder.end-lr", "must be greater than finder.start-lr (" + start + "), got " + end);
        }
        double smoothing = c.getDouble("finder.smoothing");
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw bad(c, "finder.smoothing", "must be in [0, 1), got " + smoothing);
        }
        double stop = c.getDouble("finder.stop-factor");
        if (!(stop > 1)) {
            throw bad(c, "finder.stop-factor", "must be > 1, got " + stop);
        }
        int steps = positiveIntOrNull(c, "finder.steps", "one epoch");
        if (steps == 1) {
            throw bad(c, "finder.steps", "must be at least 2 (or null: one epoch), got 1");
        }
        return new FinderConfig(start, end, steps, smoothing, stop);
    }

    /** The halving settings, checked whether or not the search uses them; null unless it is pruned ({@code pruning} not none). */
    private static Halving halving(Config c, String pruning) {
        boolean used = !pruning.equals("none");
        int minEpochs = positiveInt(c, "halving.min-epochs");
        int eta = positiveInt(c, "halving.eta");
        if (eta < 2) {
            throw bad(c, "halving.eta", "must be an integer ≥ 2 (keep the best 1/eta at each rung), got " + eta);
        }
        if (!used) {
            return null;
        }
        if (minEpochs >= c.getInt("train.epochs")) {
            throw bad(c, "halving.min-epochs", "must be below train.epochs (" + c.getInt("train.epochs")
                    + "), or no trial is ever pruned; got " + minEpochs);
        }
        return new Halving(minEpochs, eta, pruning.equals("hyperband"));
    }

    /** {@code sweep.objective}: a metric the task has (accuracy is a classifier's, mean absolute error a regression's). */
    private static Objective objective(Config c, Task task) {
        String key = oneOf(c, "sweep.objective", Stream.of(Objective.values()).map(Objective::key).toList());
        Objective objective = Objective.valueOf(key.toUpperCase(Locale.ROOT));
        Objective other = task == Task.CLASSIFICATION ? Objective.VAL_MAE : Objective.VAL_ACCURACY;
        if (objective == other) {
            throw bad(c, "sweep.objective", key + " is not measured when model.task = " + task.name().toLowerCase(Locale.ROOT)
                    + "; use val_loss or " + (task == Task.CLASSIFICATION ? "val_accuracy" : "val_mae"));
        }
        return objective;
    }

    private static DataConfig data(Config c, Task task) {
        var format = oneOf(c, "data.format", DataConfig.Format.class);
        String trainPath = nonEmptyOrNull(c, "data.train-path");
        String validationPath = nonEmptyOrNull(c, "data.validation-path");
        double split = 0;
        if (!c.getIsNull("data.validation-split")) {
            split = c.getDouble("data.validation-split");
            if (!(split > 0 && split < 1)) {
                throw bad(c, "data.validation-split", "must be a fraction in (0, 1), or null; got " + split);
            }
        }
        if (format == DataConfig.Format.IDX) {
            for (String key : List.of("data.train-path", "data.validation-path", "data.validation-split")) {
                if (!c.getIsNull(key)) {
                    throw bad(c, key, "is for data.format = csv, libsvm or parquet; idx reads data.dir "
                            + "(train-* files to train, t10k-* to validate)");
                }
            }
        } else if (trainPath == null) {
            throw bad(c, "data.format", "data.format = " + c.getString("data.format") + " needs data.train-path");
        } else if (validationPath == null && split == 0) {
            throw bad(c, "data.format", "data.format = " + c.getString("data.format") + " needs validation data: "
                    + "set data.validation-path, or data.validation-split to a fraction in (0, 1)");
        } else if (validationPath != null && split != 0) {
            throw bad(c, "data.validation-split", "set data.validation-path or data.validation-split, not both");
        }
        if (format == DataConfig.Format.LIBSVM && !c.getIsNull("data.features-column")) {
            throw bad(c, "data.features-column", "is for csv and parquet; Spark's libsvm reader names its columns label and features");
        }
        String label = c.getString("data.label-column");
        if (label.isEmpty()) {
            throw bad(c, "data.label-column", "must name a column, got an empty string");
        }
        if (format == DataConfig.Format.LIBSVM && !label.equals("label")) {
            throw bad(c, "data.label-column", "is for csv and parquet; Spark's libsvm reader names its columns label and features");
        }
        int maxMb = positiveInt(c, "data.max-collect-mb");
        if (maxMb > DataConfig.MAX_COLLECT_MB_LIMIT) {
            throw bad(c, "data.max-collect-mb", "must be at most " + DataConfig.MAX_COLLECT_MB_LIMIT
                    + " (the features are one Java float array); got " + maxMb);
        }
        return new DataConfig(
                format,
                c.getString("data.dir"),
                trainPath,
                validationPath,
                split,
                integer(c, "data.split-seed", c.getNumber("data.split-seed")),
                label,
                nonEmptyOrNull(c, "data.features-column"),
                oneOf(c, "data.scaling", Scaling.class),
                maxMb,
                positiveIntOrNull(c, "data.train-examples", "all examples"),
                positiveIntOrNull(c, "data.validation-examples", "all examples"),
                task);
    }

    private static String nonEmptyOrNull(Config c, String path) {
        if (c.getIsNull(path)) {
            return null;
        }
        String value = c.getString(path);
        if (value.isEmpty()) {
            throw bad(c, path, "must not be empty (null for none)");
        }
        return value;
    }

    static double positiveNumber(Config c, String path) {

        double value = c.getDouble(path);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw bad(c, path, "must be a positive number, got " + value);
        }
        return value;
    }

    private static double divergenceFactor(Config c) {
        double factor = c.getDouble("train.divergence-factor");
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw bad(c, "train.divergence-factor", "must be a finite number > 1, got " + factor);
        }
        return factor;
    }

    private static ModelConfig model(Config c, Config reference) {
        String type = oneOf(c, "model.type", ModelConfig.TYPES);
        if (type.equals("dl4j")) {
            return userNetwork(c, reference);
        }
        for (String key : List.of("model.path", "model.init")) {
            if (changed(c, reference, key)) {
                throw bad(c, key, "is for model.type = dl4j (your own network); the built-in " + type + " is described by "
                        + "model.hidden and model.activation");
            }
        }
        double dropout = c.getDouble("model.dropout");
        if (!(dropout >= 0 && dropout < 1)) {
            throw bad(c, "model.dropout", "must be in [0, 1): the probability of dropping an input; got " + dropout);
        }
        List<Integer> shape = c.getIsNull("model.image-shape") ? List.of() : integers(c, "model.image-shape");
        if (!c.getIsNull("model.image-shape") && (shape.size() != 3 || shape.stream().anyMatch(d -> d < 1))) {
            throw bad(c, "model.image-shape", "must be [height, width, channels], positive integers, or null; got " + shape);
        }
        if (!shape.isEmpty() && !type.equals("cnn")) {
            throw bad(c, "model.image-shape", "is for model.type = cnn; an " + type + " takes the features as a flat vector");
        }
        if (!shape.isEmpty() && Math.min(shape.get(0), shape.get(1)) < Networks.MIN_IMAGE_SIDE) {
            throw bad(c, "model.image-shape", Networks.MIN_IMAGE + "; got " + shape);
        }
        if (dropout != 0 && type.equals("cnn")) {
            throw bad(c, "model.dropout", "is for model.type = mlp; the cnn drops 0.25 and 0.5 of its dense layers' inputs, as the Keras example");
        }
        return new ModelConfig(type, hiddenSizes(c),
                oneOf(c, "model.activation", ModelConfig.ACTIVATIONS), dropout, shape, null);
    }

    /**
     * {@code model.type = dl4j}: the network file and how to start from it; read (and checked against
     * the data) when the sweep starts. The built-in models' keys do not apply: set to anything but
     * their defaults, they are refused.
     */
    private static ModelConfig userNetwork(Config c, Config reference) {
        for (String key : List.of("model.hidden", "model.activation", "model.dropout", "model.image-shape")) {
            if (changed(c, reference, key)) {
                throw bad(c, key, "is for the built-in models (mlp, cnn); with model.type = dl4j the network file at model.path "
                        + "describes every layer");
            }
        }
        if (c.getIsNull("model.path")) {
            throw bad(c, "model.type", "model.type = dl4j needs model.path: a DL4J MultiLayerConfiguration or "
                    + "ComputationGraphConfiguration as JSON (conf.toJson()), or a ModelSerializer zip");
        }
        String path = nonEmptyOrNull(c, "model.path");
        return ModelConfig.dl4j(UserNetwork.declared(path, oneOf(c, "model.init", UserNetwork.Init.class)));
    }

    /** Whether {@code key} differs from its default (a resolved config.conf lists every key, so being set is not enough). */
    private static boolean changed(Config c, Config reference, String key) {
        Object value = c.getIsNull(key) ? null : c.getValue(key).unwrapped();
        Object dflt = reference.getIsNull(key) ? null : reference.getValue(key).unwrapped();
        return value instanceof Number x && dflt instanceof Number y ? x.doubleValue() != y.doubleValue() : !Objects.equals(value, dflt);
    }

    private static List<Integer> hiddenSizes(Config c) {
        List<Integer> sizes = integers(c, "model.hidden");
        for (int size : sizes) {
            if (size < 1) {
                throw bad(c, "model.hidden", "layer sizes must be positive integers, got " + size);
            }
        }
        return sizes;
    }

    static int positiveInt(Config c, String path) {
        int value = integer(c, path, c.getNumber(path));
        if (value < 1) {
            throw bad(c, path, "must be a positive integer, got " + value);
        }
        return value;
    }

    /** 0 for null, which means {@code nullMeans}. */
    static int positiveIntOrNull(Config c, String path, String nullMeans) {
        if (c.getIsNull(path)) {
            return 0;
        }
        int value = integer(c, path, c.getNumber(path));
        if (value < 1) {
            throw bad(c, path, "must be a positive integer, or null for " + nullMeans + "; got " + value);
        }
        return value;
    }

    /** Typesafe's getInt truncates 2.5 to 2; a count that is not whole is a mistake to report. */
    static int integer(Config c, String path, Number n) {
        double d = n.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw bad(c, path, "must be a whole number (an integer), got " + n);
        }
        return (int) d;
    }

    private static List<Integer> integers(Config c, String path) {
        return c.getNumberList(path).stream().map(n -> integer(c, path, n)).toList();
    }

    static String oneOf(Config c, String path, List<String> allowed) {
        String value = c.getString(path);
        if (!allowed.contains(value)) {
            throw bad(c, path, "must be one of " + String.join(", ", allowed) + "; got '" + value + "'");
        }
        return value;
    }

    /** An enum constant by its config name: lower case, '-' for '_' (MIN_MAX is min-max). */
    private static <E extends Enum<E>> E oneOf(Config c, String path, Class<E> type) {
        List<String> names = Stream.of(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        return type.getEnumConstants()[names.indexOf(oneOf(c, path, names))];
    }

    static ConfigException bad(Config c, String path, String message) {
        return new ConfigException.BadValue(c.getValue(path).origin(), path, message);
    }

    /** The sections reference.conf has, resolved; not the JVM's system properties merged in. */
    private static String render(Config c, Config reference) {
        Config ours = ConfigFactory.empty();
        for (String section : reference.root().keySet()) {
            ours = ours.withValue(section, c.getValue(section));
        }
        return ours.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }
}
