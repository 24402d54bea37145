package lrsweep.train;

import lrsweep.schedule.Names;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The update rule a trial trains with, its learning rate driven by the trial's schedule: a type and
 * every parameter of that type (defaults filled in), so that equal optimizers are equal records and
 * digest alike into trial ids.
 *
 * @param parameters the type's parameters in the type's order
 */
public record Optimizer(Type type, Map<String, Double> parameters) implements Serializable {

    /** Allowed values of a parameter. */
    public enum Range {
        FRACTION("a number in [0, 1)", x -> x >= 0 && x < 1),
        POSITIVE("a number > 0", x -> x > 0 && Double.isFinite(x)),
        NON_NEGATIVE("a number >= 0", x -> x >= 0 && Double.isFinite(x));

        public final String text;
        private final DoublePredicate test;

        Range(String text, DoublePredicate test) {
            this.text = text;
            this.test = test;
        }

        public boolean allows(double x) {
            return test.test(x);
        }
    }

    /** One parameter of a type: its config key, default and allowed values. */
    public record Parameter(String key, double dflt, Range range) implements Serializable {}

    /**
     * The optimizers and their parameters. Defaults are those of DL4J's updaters and PyTorch, except
     * rmsprop's decay: DL4J's 0.95 (PyTorch's alpha is 0.99).
     */
    public enum Type {
        /** w −= lr·g. */
        SGD,
        /** Heavy ball, as PyTorch SGD(momentum): v = μv + g, w −= lr·v. Fast engine only: DL4J has no such updater. */
        MOMENTUM(new Parameter("momentum", 0.9, Range.FRACTION)),
        /** Nesterov momentum, DL4J Nesterovs: v' = μv − lr·g, w += −μv + (1 + μ)v'. */
        NESTEROV(new Parameter("momentum", 0.9, Range.FRACTION)),
        /** DL4J Adam (Kingma and Ba, bias-corrected step size). */
        ADAM(Parameters.ADAM),
        /** Adam with decoupled weight decay (Loshchilov and Hutter; PyTorch AdamW): also w −= lr·wd·w, on weights and biases. */
        ADAMW(Parameters.ADAMW),
        /** DL4J RmsProp: s = ρs + (1 − ρ)g², w −= lr·g / (√s + ε). */
        RMSPROP(new Parameter("decay", 0.95, Range.FRACTION), new Parameter("epsilon", 1e-8, Range.POSITIVE)),
        /** DL4J AdaGrad: s += g², w −= lr·g / (√s + ε). */
        ADAGRAD(new Parameter("epsilon", 1e-6, Range.POSITIVE));

        private final List<Parameter> parameters;

        Type(Parameter... parameters) {
            this.parameters = List.of(parameters);
        }

        /** The type's name in configs and outputs: sgd, adamw, … */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public List<Parameter> parameters() {
            return parameters;
        }

        public static String words() {
            return java.util.Arrays.stream(values()).map(Type::word).collect(Collectors.joining(", "));
        }
    }

    /** Shared by adam and adamw, which an enum constant cannot reference from a sibling. */
    private static final class Parameters {
        static final Parameter[] ADAM = {
                new Parameter("beta1", 0.9, Range.FRACTION),
                new Parameter("beta2", 0.999, Range.FRACTION),
                new Parameter("epsilon", 1e-8, Range.POSITIVE)};
        static final Parameter[] ADAMW = {ADAM[0], ADAM[1], ADAM[2], new Parameter("weight-decay", 0.01, Range.NON_NEGATIVE)};
    }

    /** {@code given} may leave parameters out (they take their defaults) but not name others or break a range. */
    public Optimizer {
        Map<String, Double> all = new LinkedHashMap<>();
        for (Parameter p : type.parameters()) {
            double value = parameters.getOrDefault(p.key(), p.dflt());
            if (!p.range().allows(value)) {
                throw new IllegalArgumentException(type.word() + " " + p.key() + " must be " + p.range().text + ", got " + value);
            }
            all.put(p.key(), value);
        }
        if (!all.keySet().containsAll(parameters.keySet())) {
            throw new IllegalArgumentException(type.word() + " has parameters " + all.keySet() + ", got " + parameters.keySet());
        }
        parameters = Collections.unmodifiableMap(all);
    }

    /** This type with its default parameters. */
    public static Optimizer of(Type type) {
        return new Optimizer(type, Map.of());
    }

    public double get(String key) {
        return parameters.get(key);
    }

    /** Readable: the type, with the parameters that differ from their defaults: {@code adam(beta1=0.8)}. */
    public String name() {
        String changed = type.parameters().stream().filter(p -> get(p.key()) != p.dflt())
                .map(p -> p.key() + "=" + Names.number(get(p.key()))).collect(Collectors.joining(","));
        return changed.isEmpty() ? type.word() : type.word() + "(" + changed + ")";
    }

    /** Every parameter, as a JSON (and HOCON) object: {@code {"type":"adam","beta1":0.9,…}}. */
    public String spec() {
        var sb = new StringBuilder("{\"type\":\"").append(type.word()).append('"');
        parameters.forEach((key, value) -> sb.append(",\"").append(key).append("\":").append(Names.number(value)));
        return sb.append('}').toString();
    }

    /** The spec: what trial ids digest. */
    @Override
    public String toString() {
        return spec();
    }

    /** Whether DL4J has this optimizer: all but heavy-ball momentum, which only the fast engine trains. */
    public boolean inDl4j() {
        return type != Type.MOMENTUM;
    }

    /** DL4J's updater for this optimizer, its rate driven by {@code rate}; empty unless {@link #inDl4j}. */
    public Optional<IUpdater> dl4j(ISchedule rate) {
        return Optional.ofNullable(switch (type) {
            case SGD -> new Sgd(rate);
            case MOMENTUM -> null;
            case NESTEROV -> new Nesterovs(rate, get("momentum"));
            // adamw's decay is a DL4J regularization, see decoupledWeightDecay
            case ADAM, ADAMW -> Adam.builder().learningRateSchedule(rate).beta1(get("beta1")).beta2(get("beta2"))
                    .epsilon(get("epsilon")).build();
            case RMSPROP -> RmsProp.builder().learningRateSchedule(rate).rmsDecay(get("decay")).epsilon(get("epsilon")).build();
            case ADAGRAD -> new AdaGrad(rate, get("epsilon"));
        });
    }

    /**
     * AdamW's weight decay, else 0. In DL4J this is {@code WeightDecay(wd, applyLR = true)}: applied
     * after the updater, update += lr·wd·w, which is PyTorch AdamW's decoupled decay.
     */
    public double decoupledWeightDecay() {
        return type == Type.ADAMW ? get("weight-decay") : 0;
    }
}
