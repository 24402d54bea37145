package lrsweep.schedule;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Set;

/** TEMPORARY stand-in until the schedule library lands (branch `schedule`). */
public final class Schedules {
    private Schedules() {}

    public static Set<String> types() {
        return Set.of("constant", "exponential", "step", "cosine");
    }

    public static ScheduleVariant parse(Config c, String path) {
        String type = c.getString("type");
        Schedule s = switch (type) {
            case "constant" -> (lr0, t, n) -> lr0;
            case "exponential" -> {
                double k = c.getDouble("k");
                yield (Schedule) (lr0, t, n) -> lr0 * Math.exp(-k * t);
            }
            case "step" -> {
                int every = c.getInt("every");
                double f = c.getDouble("factor");
                yield (Schedule) (lr0, t, n) -> lr0 * Math.pow(f, t / every);
            }
            case "cosine" -> (lr0, t, n) -> lr0 * 0.5 * (1 + Math.cos(Math.PI * t / n));
            default -> throw new ConfigException.BadValue(c.getValue("type").origin(), path + ".type", "unknown type");
        };
        String name = c.hasPath("name") ? c.getString("name") : type;
        Unit unit = c.hasPath("unit") && c.getString("unit").equals("step") ? Unit.STEP : Unit.EPOCH;
        return new ScheduleVariant(name, c.root().render(com.typesafe.config.ConfigRenderOptions.concise()), unit, 0, s);
    }
}
