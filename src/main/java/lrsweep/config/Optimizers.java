package lrsweep.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import lrsweep.schedule.Names;
import lrsweep.train.Optimizer;

/**
 * Parses an optimizer: a name ({@code adam}) or an object ({@code {type = adam, beta1 = 0.8}}), the
 * same way for {@code train.optimizer}, each {@code sweep.optimizers} item and a table's
 * {@code optimizer_spec}.
 */
public final class Optimizers {

    private Optimizers() {}

    /**
     * @param path the value's key path for messages, e.g. {@code sweep.optimizers[1]}
     * @throws ConfigException.BadValue naming the path, the value's origin and what is allowed
     */
    public static Optimizer parse(ConfigValue value, String path) {
        return switch (value.valueType()) {
            case STRING -> new Optimizer(type(value, path), Map.of());
            case OBJECT -> parseObject((ConfigObject) value, path);
            default -> throw new ConfigException.BadValue(value.origin(), path,
                    "must be an optimizer name (" + Optimizer.Type.words() + ") or an object such as {type = adam, beta1 = 0.9}; got "
                            + value.render());
        };
    }

    private static Optimizer parseObject(ConfigObject object, String path) {
        ConfigValue typeValue = object.get("type");
        if (typeValue == null) {
            throw new ConfigException.BadValue(object.origin(), path + ".type", "missing; one of " + Optimizer.Type.words());
        }
        Optimizer.Type type = type(typeValue, path + ".type");
        Map<String, Double> parameters = new LinkedHashMap<>();
        for (var entry : object.entrySet()) {
            String key = entry.getKey();
            if (key.equals("type")) {
                continue;
            }
            String at = path + "." + key;
            ConfigValue v = entry.getValue();
            Optimizer.Parameter parameter = type.parameters().stream().filter(p -> p.key().equals(key)).findFirst()
                    .orElseThrow(() -> new ConfigException.BadValue(v.origin(), at, "unknown parameter of " + type.word() + "; allowed: "
                            + (type.parameters().isEmpty() ? "none" : type.parameters().stream()
                                    .map(p -> p.key() + " (default " + Names.number(p.dflt()) + ")").collect(Collectors.joining(", ")))));
            if (v.valueType() != ConfigValueType.NUMBER || !parameter.range().allows(((Number) v.unwrapped()).doubleValue())) {
                throw new ConfigException.BadValue(v.origin(), at, "must be " + parameter.range().text + ", got " + v.render());
            }
            parameters.put(key, ((Number) v.unwrapped()).doubleValue());
        }
        return new Optimizer(type, parameters);
    }

    private static Optimizer.Type type(ConfigValue value, String path) {
        Object name = value.unwrapped();
        return Arrays.stream(Optimizer.Type.values()).filter(t -> t.word().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException.BadValue(value.origin(), path,
                        "unknown optimizer " + value.render() + "; one of " + Optimizer.Type.words()));
    }
}
