package lrsweep.schedule;

import com.typesafe.config.Config;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry of schedule families: type name to parser, built in one place. A new family is a
 * record with a {@code static parse(Params)} method plus one line in {@link #FAMILIES}.
 */
public final class Schedules {

    /** Keys that belong to the whole variant and are not allowed on nested schedules. */
    static final Set<String> VARIANT_KEYS = Set.of("name", "unit", "offset");

    private static final Map<String, Function<Params, Schedule>> FAMILIES = families();

    /** Other spellings of a type; the spec always carries the canonical one. */
    private static final Map<String, String> ALIASES = Map.of("time-based", "inverse-time");

    private Schedules() {
    }

    private static Map<String, Function<Params, Schedule>> families() {
        Map<String, Function<Params, Schedule>> m = new LinkedHashMap<>();
        m.put("constant", Constant::parse);
        m.put("inverse-time", InverseTime::parse);
        m.put("exponential", Exponential::parse);
        m.put("hold-then-exponential", HoldThenExponential::parse);
        m.put("ramp-sustain-decay", RampSustainDecay::parse);
        m.put("step", Step::parse);
        m.put("multi-step", MultiStep::parse);
        m.put("piecewise", Piecewise::parse);
        m.put("linear", Linear::parse);
        m.put("polynomial", Polynomial::parse);
        m.put("cosine", Cosine::parse);
        m.put("cosine-restarts", CosineRestarts::parse);
        m.put("one-cycle", OneCycle::parse);
        m.put("cyclic", Cyclic::parse);
        m.put("warmup", Warmup::parse);
        m.put("sequence", Sequence::parse);
        m.put("plateau", Plateau::parse);
        m.put("expression", Expression::parse);
        m.put("values", Values::parse);
        m.put("class", UserClass::parse);
        return Collections.unmodifiableMap(m);
    }

    /** The canonical type names, in registry order (aliases such as {@code time-based} are not listed). */
    public static Set<String> types() {
        return FAMILIES.keySet();
    }

    /**
     * Parses one element of {@code sweep.schedules}: {@code type}, the family's parameters, and
     * optionally {@code name}, {@code unit} (epoch | step, default epoch) and {@code offset}
     * (default 0).
     *
     * @param variant the variant's config object
     * @param path    its location for messages, e.g. {@code sweep.schedules[2]}
     * @throws com.typesafe.config.ConfigException with the offending value's origin (file:line),
     *     its key path, and what is allowed
     */
    public static ScheduleVariant parse(Config variant, String path) {
        Params p = new Params(variant, path);
        String type = type(p);
        Schedule schedule = FAMILIES.get(canonical(type)).apply(p);
        Unit unit = p.choice("unit", Unit.EPOCH);
        long offset = p.count("offset", 0, Check.NON_NEGATIVE);
        String name = p.text("name", "a string", false);
        p.rejectUnknown();
        if (schedule instanceof Plateau) {
            // ReduceLROnPlateau acts once per validation pass, i.e. per epoch, from the first one.
            if (unit != Unit.EPOCH) {
                throw p.bad("unit", "plateau reacts to the validation loss after each epoch; unit must be epoch");
            }
            if (offset != 0) {
                throw p.bad("offset", "plateau reacts from the first epoch; offset must be 0");
            }
        }
        return new ScheduleVariant(name != null ? name : p.name(type), p.spec(), unit, offset, schedule);
    }

    /** A parsed nested schedule with its derived name and spec. */
    record Parsed(Schedule schedule, String name, String spec) {
    }

    /** Parses a schedule nested in another (warmup's {@code then}, a sequence part's {@code schedule}). */
    static Parsed parseNested(Config config, String path) {
        Params p = new Params(config, path);
        String type = type(p);
        Schedule schedule = FAMILIES.get(canonical(type)).apply(p);
        p.rejectUnknown();
        if (schedule instanceof Plateau) {
            throw p.bad("type", "plateau reacts to validation losses and cannot be nested; use it as a variant of its own");
        }
        return new Parsed(schedule, p.name(type), p.spec());
    }

    /** Reads and checks {@code type}, putting the canonical name first in the spec. */
    private static String type(Params p) {
        String known = String.join(", ", FAMILIES.keySet()) + " (alias: " + String.join(", ", ALIASES.keySet()) + ")";
        String type = p.text("type", "a schedule type: one of " + known, true);
        if (!FAMILIES.containsKey(canonical(type))) {
            throw p.bad("type", "unknown schedule type '" + type + "'; known types: " + known);
        }
        p.put("type", canonical(type));
        return type;
    }

    private static String canonical(String type) {
        return ALIASES.getOrDefault(type, type);
    }
}
