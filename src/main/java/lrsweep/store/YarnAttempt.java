package lrsweep.store;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YARN application attempt this JVM runs in, read from the {@code CONTAINER_ID} that YARN sets
 * in every container ({@code container_[e<epoch>_]<cluster ts>_<app>_<attempt>_<container>}): in
 * cluster deploy mode the driver runs in the application master's container, and when YARN starts
 * the application again ({@code spark.yarn.maxAppAttempts} > 1) the next attempt's driver finds
 * the same sweep directory, which it should continue, not refuse.
 *
 * @param application {@code application_<cluster ts>_<app>}
 * @param attempt     from 1
 */
public record YarnAttempt(String application, int attempt) {

    private static final Pattern CONTAINER = Pattern.compile("container_(?:e\\d+_)?(\\d+)_(\\d+)_(\\d+)_\\d+");

    /** This JVM's attempt, if it runs in a YARN container. */
    public static Optional<YarnAttempt> current() {
        return parse(System.getenv("CONTAINER_ID"));
    }

    static Optional<YarnAttempt> parse(String containerId) {
        Matcher m = containerId == null ? null : CONTAINER.matcher(containerId);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new YarnAttempt("application_" + m.group(1) + "_" + m.group(2), Integer.parseInt(m.group(3))));
    }
}
