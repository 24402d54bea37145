package lrsweep.strategy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import lrsweep.config.LearningRates;
import lrsweep.config.SearchSpace;
import lrsweep.config.SearchSpaces;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataConfig;
import lrsweep.model.Networks;
import lrsweep.model.Task;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.train.Optimizer;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trial;

/**
 * A trial's identity: one configuration's trials (one per seed), each with an id that digests
 * everything its history follows from, so that the same trial gets the same id on every run and
 * retry and a changed setting never passes for a finished result.
 */
public final class TrialKeys {

    private TrialKeys() {}

    /** One configuration's trials: one per seed. */
    public static List<Trial> trials(SweepConfig config, double lr, ScheduleVariant schedule, Optimizer optimizer) {
        TrainConfig train = config.train().withOptimizer(optimizer);
        return config.seeds().stream()
                .map(seed -> new Trial(id(config, lr, schedule, seed, train), lr, schedule, seed, train, config.model())).toList();
    }

    /**
     * A digest of the trial's {@link #key}, so the same trial gets the same id on every run and
     * retry, and a changed setting never passes for a finished result.
     *
     * @param train the trial's own train settings, with its own optimizer
     */
    public static String id(SweepConfig config, double lr, ScheduleVariant schedule, int seed, TrainConfig train) {
        return digest(key(config, lr, schedule, seed, train));
    }

    /** The id of a trial whose key is {@code key}: the first 6 bytes of its SHA-256, in hex. */
    static String digest(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The key of a trial of {@code config}, as the journal records it. */
    public static String key(SweepConfig config, Trial trial) {
        return key(config, trial.learningRate(), trial.schedule(), trial.seed(), trial.train());
    }

    /**
     * Everything that determines the trial's history, in one canonical text: what the journal
     * checks a recorded result against.
     */
    static String key(SweepConfig config, double lr, ScheduleVariant schedule, int seed, TrainConfig train) {
        var d = config.data();
        // the data settings that select and shape the examples (not the size limit, which changes no
        // history; nor data.dir, unless the format reads it)
        String dir = d.format() == DataConfig.Format.IDX ? d.dir() : "";
        String data = String.join(",", d.format().toString(), dir, String.valueOf(d.trainPath()),
                String.valueOf(d.validationPath()), Double.toString(d.validationSplit()), Integer.toString(d.splitSeed()),
                d.labelColumn(), String.valueOf(d.featuresColumn()), d.scaling().toString(), Integer.toString(d.trainExamples()),
                Integer.toString(d.validationExamples()))
                // a regression reads the same columns as other examples; classification keeps its old key
                + (d.task() == Task.REGRESSION ? ",regression" : "");
        return String.join("|",
                "lr=" + lr, "schedule=" + schedule.spec(), "seed=" + seed,
                train.key(), config.model().key(), Networks.INITIALISATION, data, config.halving() == null ? "null" : config.halving().key());
    }
}
