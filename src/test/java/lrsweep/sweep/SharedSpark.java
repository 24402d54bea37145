package lrsweep.sweep;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One local Spark session for every test in the JVM, as Spark's own SharedSparkSession; public for the API's tests. */
public final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {}

    /** The session; a new one if a command-line test's run stopped the last (a command owns its context and stops it). */
    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            System.setProperty("spark.master", "local[2]");
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            session = SparkSession.builder().config(SweepJob.conf("tests")).getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
