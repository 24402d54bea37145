package lrsweep.config;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A range a random search samples a value from: {@code {uniform = [lo, hi]}},
 * {@code {log-uniform = [lo, hi]}} or {@code {choice = [a, b, ...]}}.
 */
public sealed interface Distribution {

    /** The keywords that make a config object a distribution rather than a value. */
    List<String> KEYWORDS = List.of("uniform", "log-uniform", "choice");

    ConfigValue sample(Random random);

    /** The value at quantile {@code u} in [0, 1): population-based training draws each member's rate from its own slice. */
    ConfigValue at(double u);

    /**
     * Values that stand for the range when the rest of a config is validated: its ends and, for a
     * continuous range, a sample from inside (a fraction, so that a whole-number parameter given a
     * continuous range is refused when the config is read, not when the trials are sampled).
     */
    List<ConfigValue> representatives();

    /** Short, for names: {@code U[0.8,0.99]}. */
    String describe();

    /** Its values carry {@code origin}, the range's place in the config file, for error messages. */
    record Uniform(double lo, double hi, ConfigOrigin origin) implements Distribution {
        public ConfigValue sample(Random random) {
            return at(random.nextDouble());
        }

        public ConfigValue at(double u) {
            return value(lo + u * (hi - lo), origin);
        }

        public List<ConfigValue> representatives() {
            return continuousRepresentatives(this, lo, hi, origin);
        }

        public String describe() {
            return String.format(Locale.ROOT, "U[%s,%s]", lo, hi);
        }
    }

    /** Its values carry {@code origin}, the range's place in the config file, for error messages. */
    record LogUniform(double lo, double hi, ConfigOrigin origin) implements Distribution {
        public ConfigValue sample(Random random) {
            return at(random.nextDouble());
        }

        public ConfigValue at(double u) {
            return value(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))), origin);
        }

        public List<ConfigValue> representatives() {
            return continuousRepresentatives(this, lo, hi, origin);
        }

        public String describe() {
            return String.format(Locale.ROOT, "logU[%s,%s]", lo, hi);
        }
    }

    record Choice(List<ConfigValue> values) implements Distribution {
        public ConfigValue sample(Random random) {
            return values.get(random.nextInt(values.size()));
        }

        public ConfigValue at(double u) {
            return values.get(Math.min((int) (u * values.size()), values.size() - 1));
        }

        public List<ConfigValue> representatives() {
            return values;
        }

        public String describe() {
            return "{" + String.join("|", values.stream().map(v -> v.render()).toList()) + "}";
        }
    }

    private static ConfigValue value(double x, ConfigOrigin origin) {
        return ConfigValueFactory.fromAnyRef(x).withOrigin(origin);
    }

    private static List<ConfigValue> continuousRepresentatives(Distribution d, double lo, double hi, ConfigOrigin origin) {
        return List.of(value(lo, origin), value(hi, origin), d.sample(new Random(0)));
    }
}
