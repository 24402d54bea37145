package lrsweep.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lrsweep.config.ConfigLoader;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.model.ModelConfig;
import lrsweep.schedule.Schedules;
import lrsweep.train.EpochRecord;
import lrsweep.train.Optimizer;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trainer;
import lrsweep.train.Trial;
import org.apache.hadoop.conf.Configuration;
import com.typesafe.config.ConfigFactory;

/**
 * Seconds per epoch of one trial (the default sweep's MLP on the bundled 10,000 / 2,000 examples)
 * with each training engine, in one JVM, without Spark. The engines alternate round by round so
 * that a busy machine slows both alike; epochs 0–1 (warm-up) are left out. Run with
 * OMP_NUM_THREADS=1. Prints {@code epoch_s_<engine>=<median>} lines.
 *
 * <p>Arguments: rounds (default 3), epochs per trial (default 6).
 */
public final class EpochProbe {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        DataSplit data = DataLoader.load(ConfigLoader.fromConfig(ConfigFactory.empty(), "probe").data(), new Configuration());
        Map<String, List<Long>> millis = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String engine : TrainConfig.ENGINES) {
                var trial = new Trial("probe", 0.1, Schedules.parse(ConfigFactory.parseString("type = constant"), "schedule"), 1,
                        new TrainConfig(epochs, 64, Optimizer.of(Optimizer.Type.SGD), 4, engine, 0), ModelConfig.mlp(List.of(128), "relu"));
                List<EpochRecord> history = Trainer.train(trial, data).epochs();
                history.stream().skip(2).forEach(e -> millis.computeIfAbsent(engine, x -> new ArrayList<>()).add(e.millis()));
            }
        }
        millis.forEach((engine, ms) -> System.out.printf("epoch_s_%s=%.3f%n", engine, median(ms) / 1000.0));
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
