package lrsweep.schedule;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Reads and checks the parameters of one config object (a schedule, or a part of a sequence).
 * Every read remembers the key, so unknown keys can be rejected afterwards with the list of
 * allowed ones, and remembers the resolved value, in reading order, for the variant's spec (all
 * values) and derived name (required and non-default values). Family parsers therefore read
 * every parameter unconditionally, in the order the spec should list them.
 */
final class Params {

    /** The largest count a parameter may take: every whole number up to it is exact as a double. */
    static final double MAX_COUNT = 0x1p53;

    private final Config config;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, String> spec = new LinkedHashMap<>();
    private final List<String> label = new ArrayList<>();

    Params(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    // ---- numbers -------------------------------------------------------------------------

    double number(String key, Check check) {
        return readNumber(key, null, check, false);
    }

    double number(String key, double dflt, Check check) {
        return readNumber(key, dflt, check, false);
    }

    /** An optional number without default: null when absent (spec null). */
    Double optionalNumber(String key, Check check) {
        ConfigValue v = value(key, ConfigValueType.NUMBER, "a number " + check.text(), false);
        if (v == null) {
            record(key, "null", null);
            return null;
        }
        double x = checked(key, v, check, false);
        record(key, Names.number(x), Names.number(x));
        return x;
    }

    long count(String key, Check check) {
        return (long) readNumber(key, null, check, true);
    }

    long count(String key, long dflt, Check check) {
        return (long) readNumber(key, (double) dflt, check, true);
    }

    /** A length in steps that defaults to the run length: null when absent (spec null). */
    Long runSteps(String key) {
        ConfigValue v = value(key, ConfigValueType.NUMBER, "a whole number >= 1 (omit it to span the run)", false);
        if (v == null) {
            record(key, "null", null);
            return null;
        }
        long x = (long) checked(key, v, Check.AT_LEAST_ONE, true);
        record(key, Names.number(x), Names.number(x));
        return x;
    }

    private double readNumber(String key, Double dflt, Check check, boolean whole) {
        String expected = (whole ? "a whole number " : "a number ") + check.text();
        ConfigValue v = value(key, ConfigValueType.NUMBER, expected, dflt == null);
        double x = v == null ? dflt : checked(key, v, check, whole);
        record(key, Names.number(x), dflt == null || x != dflt ? Names.number(x) : null);
        return x;
    }

    private double checked(String key, ConfigValue v, Check check, boolean whole) {
        double x = ((Number) v.unwrapped()).doubleValue();
        if (whole && x != Math.rint(x)) {
            throw bad(key, "must be a whole number " + check.text() + " (got " + v.render() + ")");
        }
        // counts are added up (offsets, phases, sequence parts): far below Long.MAX_VALUE they cannot overflow
        if (whole && Math.abs(x) > MAX_COUNT) {
            throw bad(key, "must be a whole number " + check.text() + " up to 2^53 (got " + v.render() + ")");
        }
        if (!check.test().test(x)) {
            throw bad(key, "must be " + (whole ? "a whole number " : "") + check.text() + " (got " + v.render() + ")");
        }
        return x;
    }

    // ---- other scalars -------------------------------------------------------------------

    boolean flag(String key, boolean dflt) {
        ConfigValue v = value(key, ConfigValueType.BOOLEAN, "true or false", false);
        boolean b = v == null ? dflt : (Boolean) v.unwrapped();
        record(key, Boolean.toString(b), b != dflt ? Boolean.toString(b) : null);
        return b;
    }

    /** One of an enum's constants, written in lower case with '-' for '_' (EXP_RANGE: exp-range). */
    <E extends Enum<E>> E choice(String key, E dflt) {
        E[] all = dflt.getDeclaringClass().getEnumConstants();
        String allowed = Arrays.stream(all).map(Params::word).collect(Collectors.joining(" | "));
        ConfigValue v = value(key, ConfigValueType.STRING, "one of " + allowed, false);
        E e = v == null ? dflt : Arrays.stream(all)
                .filter(c -> word(c).equals(v.unwrapped()))
                .findFirst()
                .orElseThrow(() -> bad(key, "must be one of " + allowed + " (got " + v.render() + ")"));
        record(key, quote(word(e)), e != dflt ? word(e) : null);
        return e;
    }

    static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A string that is not part of the spec or name (the type, a configured name); null when absent and optional. */
    String text(String key, String expected, boolean required) {
        ConfigValue v = value(key, ConfigValueType.STRING, expected, required);
        return v == null ? null : (String) v.unwrapped();
    }

    /** A required string that is part of the spec and the name (a formula, a class name). */
    String string(String key, String expected) {
        String s = text(key, expected, true);
        record(key, quote(s), s);
        return s;
    }

    // ---- lists ---------------------------------------------------------------------------

    /** A non-empty, strictly increasing list of whole numbers, each satisfying {@code check}. */
    List<Long> increasing(String key, Check check) {
        List<Long> xs = new ArrayList<>();
        for (ConfigValue e : list(key, ConfigValueType.NUMBER, "a list of whole numbers " + check.text())) {
            long x = (long) checked(key, e, check, true);
            if (!xs.isEmpty() && x <= xs.get(xs.size() - 1)) {
                throw bad(key, "must be strictly increasing (got " + config.root().get(key).render() + ")");
            }
            xs.add(x);
        }
        String text = xs.stream().map(Names::number).collect(Collectors.joining(",", "[", "]"));
        record(key, text, text);
        return List.copyOf(xs);
    }

    /** A non-empty list of numbers, each satisfying {@code check}. */
    List<Double> numbers(String key, Check check) {
        List<Double> xs = new ArrayList<>();
        for (ConfigValue e : list(key, ConfigValueType.NUMBER, "a list of numbers " + check.text())) {
            xs.add(checked(key, e, check, false));
        }
        String text = xs.stream().map(Names::number).collect(Collectors.joining(",", "[", "]"));
        record(key, text, text);
        return List.copyOf(xs);
    }

    /**
     * A non-empty list of objects, each read by {@code reader} (given its own Params and whether
     * it is the last element) and checked for unknown keys.
     */
    <T> List<T> objects(String key, BiFunction<Params, Boolean, T> reader) {
        List<ConfigValue> elements = list(key, ConfigValueType.OBJECT, "a list of objects");
        List<T> out = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            Params element = new Params(((ConfigObject) elements.get(i)).toConfig(), path + "." + key + "[" + i + "]");
            out.add(reader.apply(element, i == elements.size() - 1));
            element.rejectUnknown();
            specs.add(element.spec());
            labels.add("(" + String.join(",", element.label) + ")");
        }
        record(key, "[" + String.join(",", specs) + "]", "[" + String.join(",", labels) + "]");
        return List.copyOf(out);
    }

    private List<ConfigValue> list(String key, ConfigValueType elementType, String expected) {
        ConfigList list = (ConfigList) value(key, ConfigValueType.LIST, expected, true);
        if (list.isEmpty()) {
            throw bad(key, "must not be empty: " + expected);
        }
        for (ConfigValue e : list) {
            if (e.valueType() != elementType) {
                throw new ConfigException.WrongType(e.origin(), path + "." + key, expected,
                        "a list containing " + e.valueType());
            }
        }
        return list;
    }

    // ---- nested schedules ----------------------------------------------------------------

    /** A nested schedule object, parsed through the registry; {@code dflt} (HOCON) when absent, or required if null. */
    Schedule schedule(String key, String dflt) {
        ConfigValue v = value(key, ConfigValueType.OBJECT, "a schedule object {type: ..., ...}", dflt == null);
        Config c = v == null ? ConfigFactory.parseString(dflt) : ((ConfigObject) v).toConfig();
        Schedules.Parsed inner = Schedules.parseNested(c, path + "." + key);
        record(key, inner.spec(), v == null ? null : inner.name());
        return inner.schedule();
    }

    // ---- the rest ------------------------------------------------------------------------

    /**
     * Every key no reader asked for, but the variant's own (name, unit, offset), as a Config: the
     * parameters of a user's class, which only the class can check. Recorded in the spec and name
     * in key order, as JSON; the read must come after the family's other parameters.
     */
    Config rest() {
        ConfigObject rest = config.root();
        for (String key : config.root().keySet()) {
            if (known.contains(key) || Schedules.VARIANT_KEYS.contains(key)) {
                rest = rest.withoutKey(key);
            }
        }
        for (String key : new TreeSet<>(rest.keySet())) {
            known.add(key);
            ConfigValue v = rest.get(key);
            String json = v.render(ConfigRenderOptions.concise());
            record(key, json, v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : json);
        }
        return rest.toConfig();
    }

    // ---- bookkeeping ---------------------------------------------------------------------

    private ConfigValue value(String key, ConfigValueType type, String expected, boolean required) {
        known.add(key);
        ConfigValue v = config.root().get(key);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            if (required) {
                throw bad(key, "missing required parameter: " + expected);
            }
            return null;
        }
        if (v.valueType() != type) {
            throw new ConfigException.WrongType(v.origin(), path + "." + key, expected, v.valueType().name());
        }
        return v;
    }

    /** Records a key's JSON value for the spec and, if {@code shown} is not null, "key=shown" for the name. */
    private void record(String key, String json, String shown) {
        spec.put(key, json);
        if (shown != null) {
            label.add(key + "=" + shown);
        }
    }

    /** Records a string value computed by the caller (the canonical type) in the spec only. */
    void put(String key, String value) {
        spec.put(key, quote(value));
    }

    /** Fails on the first key that no reader asked for, listing the allowed ones. */
    void rejectUnknown() {
        for (String key : config.root().keySet()) {
            if (!known.contains(key)) {
                String hint = Schedules.VARIANT_KEYS.contains(key)
                        ? "'" + key + "' may only be set on the top-level variant, not on a nested schedule"
                        : "unknown parameter; allowed here: " + String.join(", ", known);
                throw bad(key, hint);
            }
        }
    }

    /** A BadValue at {@code path.key}, located at the key's value, or at this object when the key is absent. */
    ConfigException bad(String key, String message) {
        ConfigValue v = config.root().get(key);
        return new ConfigException.BadValue(v != null ? v.origin() : config.root().origin(), path + "." + key, message);
    }

    String spec() {
        return spec.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** "type(k=v,...)" from the recorded type and the shown parameters. */
    String name(String type) {
        return label.isEmpty() ? type : type + "(" + String.join(",", label) + ")";
    }

    /** Shortest readable form: 2 not 2.0, 0.1, 0.0001, 1e-8. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
