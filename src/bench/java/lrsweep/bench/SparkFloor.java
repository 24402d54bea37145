package lrsweep.bench;

import java.util.Collections;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark's own fixed cost, which no sweep on it can go below: a local context configured as the
 * sweep's (UI off), one job of one trivial task per core, and stop. The benchmark times the whole
 * process, JVM start and exit included, with the driver's JVM flags and class-data archive.
 */
public final class SparkFloor {

    public static void main(String[] args) {
        SparkConf conf = new SparkConf().setMaster("local[*]").setAppName("lr-sweep floor")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            int cores = jsc.defaultParallelism();
            long tasks = jsc.parallelize(Collections.nCopies(cores, 1), cores).map(x -> 1).count();
            System.out.println("tasks=" + tasks);
        }
    }
}
