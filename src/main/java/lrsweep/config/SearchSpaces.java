package lrsweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import com.typesafe.config.ConfigFactory;
import lrsweep.schedule.Names;
import lrsweep.schedule.Schedules;
import lrsweep.search.Tpe;

/** Reads {@code sweep.search} and, for a random or tpe search, its space: ranges for rates and schedule parameters. */
public final class SearchSpaces {

    private SearchSpaces() {}

    static SearchSpace parse(Config c) {
        String mode = ConfigLoader.oneOf(c, "sweep.search", List.of("grid", "random", "tpe", "pbt", "halving"));
        // checked whether or not the search is tpe
        int startupTrials = ConfigLoader.integer(c, "sweep.tpe.startup-trials", c.getNumber("sweep.tpe.startup-trials"));
        if (startupTrials < 0) {
            throw ConfigLoader.bad(c, "sweep.tpe.startup-trials", "must be ≥ 0, got " + startupTrials);
        }
        var tpe = new Tpe.Settings(startupTrials, ConfigLoader.positiveInt(c, "sweep.tpe.candidates"));
        int seed = ConfigLoader.integer(c, "sweep.search-seed", c.getNumber("sweep.search-seed"));
        Pbt pbt = pbt(c);
        if (mode.equals("pbt")) {
            if (!c.getIsNull("sweep.trials")) {
                throw ConfigLoader.bad(c, "sweep.trials", "is for sweep.search = random, tpe or halving; pbt trains sweep.pbt.population members");
            }
            return new SearchSpace(SearchSpace.Mode.PBT, pbt.population(), seed, learningRate(c.getValue("sweep.learning-rates"),
                    "sweep.learning-rates"), schedules(c), null, pbt);
        }
        if (mode.equals("grid") && !c.getIsNull("sweep.trials")) {
            throw ConfigLoader.bad(c, "sweep.trials", "is for sweep.search = random, tpe or halving; a grid runs every combination");
        }
        // halving prunes the grid, or as many sampled configurations as sweep.trials says
        if (mode.equals("grid") || mode.equals("halving") && c.getIsNull("sweep.trials")) {
            return SearchSpace.grid(seed);
        }
        if (c.getIsNull("sweep.trials")) {
            throw new ConfigException.BadValue(c.getValue("sweep.search").origin(), "sweep.trials",
                    "a " + mode + " search needs how many configurations to sample: set sweep.trials");
        }
        boolean isTpe = mode.equals("tpe");
        return new SearchSpace(isTpe ? SearchSpace.Mode.TPE : SearchSpace.Mode.RANDOM, ConfigLoader.positiveInt(c, "sweep.trials"), seed,
                learningRate(c.getValue("sweep.learning-rates"), "sweep.learning-rates"), schedules(c), isTpe ? tpe : null, null);
    }

    /** {@code sweep.pbt}, checked whether or not the search is pbt. */
    private static Pbt pbt(Config c) {
        int population = ConfigLoader.positiveInt(c, "sweep.pbt.population");
        if (population < 2) {
            throw ConfigLoader.bad(c, "sweep.pbt.population", "must be at least 2 (a member exploits another), got " + population);
        }
        int interval = ConfigLoader.positiveInt(c, "sweep.pbt.interval");
        double quantile = c.getDouble("sweep.pbt.quantile");
        if (!(quantile > 0 && quantile <= 0.5)) {
            throw ConfigLoader.bad(c, "sweep.pbt.quantile", "must be in (0, 0.5] (the bottom and top fractions of the population), got "
                    + quantile);
        }
        List<Double> perturb = c.getDoubleList("sweep.pbt.perturb");
        if (perturb.isEmpty() || perturb.stream().anyMatch(f -> !(f > 0))) {
            throw ConfigLoader.bad(c, "sweep.pbt.perturb", "must be a non-empty list of factors > 0, e.g. [0.8, 1.2], got " + perturb);
        }
        double resample = c.getDouble("sweep.pbt.resample-probability");
        if (!(resample >= 0 && resample <= 1)) {
            throw ConfigLoader.bad(c, "sweep.pbt.resample-probability", "must be in [0, 1], got " + resample);
        }
        return new Pbt(population, interval, quantile, perturb, resample);
    }

    /** A grid takes values only: a range in a grid's schedule is a mistake worth naming. */
    static void rejectRanges(Config variant, String path) {
        var ranges = ranges(variant.root(), path, "");
        if (!ranges.isEmpty()) {
            String key = ranges.keySet().iterator().next();
            throw new ConfigException.BadValue(variant.getValue(key).origin(), path + "." + key,
                    "a range needs sweep.search = random or tpe; a grid takes single values");
        }
    }

    /** A random search's learning rate: {@code sweep.learning-rates}, or an optimizer's own, at {@code path}. */
    static Distribution learningRate(ConfigValue value, String path) {
        if (value.valueType() == ConfigValueType.LIST) {
            return new Distribution.Choice(ConfigLoader.learningRates(value, path).stream().map(ConfigValueFactory::fromAnyRef)
                    .map(ConfigValue.class::cast).toList());
        }
        Distribution d = value instanceof ConfigObject o && isRange(o) ? distribution(o, path) : null;
        if (!(d instanceof Distribution.Uniform u && u.lo() > 0) && !(d instanceof Distribution.LogUniform)) {
            throw new ConfigException.BadValue(value.origin(), path, "with a random search, a list of positive numbers or a range "
                    + "{log-uniform = [lo, hi]} / {uniform = [lo, hi]} with 0 < lo < hi; got " + value.render());
        }
        return d;
    }

    private static List<SearchSpace.ScheduleSpace> schedules(Config c) {
        String path = "sweep.schedules";
        List<? extends ConfigObject> items = ConfigLoader.scheduleItems(c);
        List<SearchSpace.ScheduleSpace> spaces = new ArrayList<>();
        var names = new HashSet<String>();
        for (int i = 0; i < items.size(); i++) {
            String at = path + "[" + i + "]";
            ConfigObject template = items.get(i);
            Map<String, Distribution> ranges = ranges(template, at, "");
            // each value a range stands for must make a valid schedule, the other ranges at their first
            Map<String, ConfigValue> firsts = new TreeMap<>();
            ranges.forEach((key, range) -> firsts.put(key, range.representatives().get(0)));
            Schedules.parse(withValues(template, firsts).toConfig(), at);
            for (var range : ranges.entrySet()) {
                for (ConfigValue v : range.getValue().representatives()) {
                    Map<String, ConfigValue> values = new TreeMap<>(firsts);
                    values.put(range.getKey(), v);
                    Schedules.parse(withValues(template, values).toConfig(), at);
                }
            }
            String name = template.containsKey("name") ? template.toConfig().getString("name") : name(template, ranges, at);
            ConfigLoader.checkNewName(names, name, template, at);
            spaces.add(new SearchSpace.ScheduleSpace(template, ranges, name, at));
        }
        return spaces;
    }

    /** The variant's own name (its first representative's) with each range spelled out: {@code exponential(k~logU[0.01,1])}. */
    private static String name(ConfigObject template, Map<String, Distribution> ranges, String at) {
        if (ranges.isEmpty()) {
            return Schedules.parse(template.toConfig(), at).name();
        }
        String type = template.toConfig().getString("type");
        return type + "(" + ranges.entrySet().stream().map(e -> e.getKey() + "~" + e.getValue().describe())
                .collect(Collectors.joining(",")) + ")";
    }

    /** A range as {@link #name} spells it: {@code key~U[lo,hi]}, {@code key~logU[lo,hi]} or {@code key~{a|b}}. */
    private static final java.util.regex.Pattern NAMED_RANGE =
            java.util.regex.Pattern.compile("([A-Za-z0-9_.-]+)~(?:log)?(?:U\\[[^\\]]*\\]|\\{[^}]*\\})");

    /**
     * A sample's name with the values drawn in place of its ranges:
     * {@code one-cycle(pct-start~U[0.1,0.5])} becomes {@code one-cycle(pct-start=0.23)} (numbers to 3
     * significant digits). A name without ranges (a grid's, or one configured) is returned as it is.
     *
     * @param spec the sample's spec, which holds the values drawn
     */
    public static String sampledName(String name, String spec) {
        var matcher = NAMED_RANGE.matcher(name);
        if (!matcher.find()) {
            return name;
        }
        Config values = ConfigFactory.parseString(spec);
        return matcher.reset().replaceAll(m -> {
            String key = m.group(1);
            if (!values.hasPath(key)) {
                return java.util.regex.Matcher.quoteReplacement(m.group());
            }
            ConfigValue v = values.getValue(key);
            String text = v.valueType() == ConfigValueType.NUMBER ? Names.number(Names.round(((Number) v.unwrapped()).doubleValue()))
                    : v.render();
            return java.util.regex.Matcher.quoteReplacement(key + "=" + text);
        });
    }

    /** The template with values put at the given paths. */
    public static ConfigObject withValues(ConfigObject template, Map<String, ConfigValue> values) {
        Config c = template.toConfig();
        for (var e : values.entrySet()) {
            c = c.withValue(e.getKey(), e.getValue());
        }
        return c.root();
    }

    /** Ranged parameters by path, in path order, in objects (nested schedules too) but not in lists. */
    private static Map<String, Distribution> ranges(ConfigObject object, String at, String prefix) {
        Map<String, Distribution> ranges = new TreeMap<>();
        for (var e : object.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof ConfigObject o) {
                if (isRange(o)) {
                    ranges.put(key, distribution(o, at + "." + key));
                } else {
                    ranges.putAll(ranges(o, at, key + "."));
                }
            }
        }
        return ranges;
    }

    private static ConfigException rangeError(ConfigObject range, String path, String message) {
        return new ConfigException.BadValue(range.origin(), path, message);
    }

    private static boolean isRange(ConfigObject o) {
        return o.size() == 1 && Distribution.KEYWORDS.contains(o.keySet().iterator().next());
    }

    private static Distribution distribution(ConfigObject o, String path) {
        String kind = o.keySet().iterator().next();
        Config c = o.toConfig();
        if (c.getValue(kind).valueType() != ConfigValueType.LIST) {
            throw rangeError(o, path, "{" + kind + " = [...]} takes a list, got " + c.getValue(kind).render());
        }
        if (kind.equals("choice")) {
            var values = c.getList(kind);
            if (values.isEmpty()) {
                throw rangeError(o, path, "{choice = [...]} needs at least one value");
            }
            return new Distribution.Choice(List.copyOf(values));
        }
        List<Double> bounds;
        try {
            bounds = c.getDoubleList(kind);
        } catch (ConfigException.WrongType e) {
            throw rangeError(o, path, "{" + kind + " = [lo, hi]} takes two numbers");
        }
        if (bounds.size() != 2 || !(bounds.get(0) < bounds.get(1)) || (kind.equals("log-uniform") && !(bounds.get(0) > 0))) {
            throw rangeError(o, path, "{" + kind + " = [lo, hi]} needs " + (kind.equals("log-uniform") ? "0 < lo < hi" : "lo < hi")
                    + ", got " + bounds);
        }
        return kind.equals("uniform") ? new Distribution.Uniform(bounds.get(0), bounds.get(1), o.origin())
                : new Distribution.LogUniform(bounds.get(0), bounds.get(1), o.origin());
    }
}
