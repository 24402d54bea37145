package lrsweep.cli;

import java.net.URISyntaxException;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Quiet logging by default: Spark's INFO chatter off, our own INFO lines on. Applied before Spark
 * starts, and never when the user chose a configuration with {@code -Dlog4j2.configurationFile}.
 */
final class Logs {

    private Logs() {}

    static void configure(boolean verbose) {
        if (System.getProperty("log4j2.configurationFile") != null) {
            return;
        }
        String resource = verbose ? "/lr-sweep-log4j2-verbose.properties" : "/lr-sweep-log4j2.properties";
        try {
            Configurator.reconfigure(Logs.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bundled log configuration " + resource, e);
        }
    }
}
