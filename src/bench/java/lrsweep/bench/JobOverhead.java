package lrsweep.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import lrsweep.config.ConfigLoader;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.sweep.SweepRunner;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What the runner costs a trial outside training: {@code items} no-op tasks on a local context of
 * the sweep's settings, as one Spark job (a grid's or random search's plan) and as one job per item
 * (tpe's proposals, each submitted when the one before was handed out, one more in flight than
 * the slots), round after round in one JVM, so that the first rounds show the JIT warming up.
 * Prints per round the milliseconds per item of each, then their medians over the rounds after the first.
 *
 * <p>Arguments: rounds (default 6), items per round (default 200).
 */
public final class JobOverhead {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        SparkConf conf = new SparkConf().setMaster("local[*]").setAppName("lr-sweep job overhead")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
        // the bundled data, broadcast once per run as a sweep's is
        DataSplit data = DataLoader.load(ConfigLoader.load(new File("conf/sweep.conf"), List.of()).data(), new Configuration());
        List<Integer> work = IntStream.range(0, items).boxed().toList();
        List<Double> oneJob = new ArrayList<>();
        List<Double> perItem = new ArrayList<>();
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                SweepRunner.run(jsc, work, data, (i, d) -> i, "no-op", r -> {});
                oneJob.add((System.nanoTime() - start) / 1e6 / items);
                start = System.nanoTime();
                SweepRunner.run(jsc, new OneByOne(work), data, (i, d) -> i, r -> {});
                perItem.add((System.nanoTime() - start) / 1e6 / items);
                System.out.printf("round=%d one_job_ms=%.2f job_per_item_ms=%.2f%n", round + 1, oneJob.get(round), perItem.get(round));
            }
        }
        System.out.printf("one_job_ms=%.2f%njob_per_item_ms=%.2f%n", median(oneJob.subList(1, rounds)), median(perItem.subList(1, rounds)));
    }

    /** Hands the items out one at a time, as tpe proposes its configurations. */
    private static final class OneByOne implements SweepRunner.Source<Integer, Integer> {
        private final List<Integer> items;
        private int next;

        OneByOne(List<Integer> items) {
            this.items = items;
        }

        @Override
        public List<Integer> next() {
            return next < items.size() ? List.of(items.get(next++)) : List.of();
        }

        @Override
        public void finished(Integer result) {}

        @Override
        public String describe(List<Integer> batch) {
            return "no-op " + batch.get(0);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
