package lrsweep.config;

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

    /** Values that stand for the range when the rest of a config is validated. */
    List<ConfigValue> representatives();

    /** Short, for names: {@code U[0.8,0.99]}. */
    String describe();

    record Uniform(double lo, double hi) implements Distribution {
        public ConfigValue sample(Random random) {
            return ConfigValueFactory.fromAnyRef(lo + random.nextDouble() * (hi - lo));
        }

        public List<ConfigValue> representatives() {
            return List.of(ConfigValueFactory.fromAnyRef(lo), ConfigValueFactory.fromAnyRef(hi));
        }

        public String describe() {
            return String.format(Locale.ROOT, "U[%s,%s]", lo, hi);
        }
    }

    record LogUniform(double lo, double hi) implements Distribution {
        public ConfigValue sample(Random random) {
            return ConfigValueFactory.fromAnyRef(Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo))));
        }

        public List<ConfigValue> representatives() {
            return List.of(ConfigValueFactory.fromAnyRef(lo), ConfigValueFactory.fromAnyRef(hi));
        }

        public String describe() {
            return String.format(Locale.ROOT, "logU[%s,%s]", lo, hi);
        }
    }

    record Choice(List<ConfigValue> values) implements Distribution {
        public ConfigValue sample(Random random) {
            return values.get(random.nextInt(values.size()));
        }

        public List<ConfigValue> representatives() {
            return values;
        }

        public String describe() {
            return "{" + String.join("|", values.stream().map(v -> v.render()).toList()) + "}";
        }
    }
}
