package lrsweep.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import lrsweep.config.SweepConfig;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.train.Trial;

/** The trials of a sweep: learning rates × schedules × seeds, in that nesting order. */
public final class TrialGrid {

    private TrialGrid() {}

    public static List<Trial> of(SweepConfig config) {
        List<Trial> trials = new ArrayList<>();
        for (double lr : config.learningRates()) {
            for (ScheduleVariant schedule : config.schedules()) {
                for (int seed : config.seeds()) {
                    String id = id(config, lr, schedule, seed);
                    trials.add(new Trial(id, lr, schedule, seed, config.train(), config.model()));
                }
            }
        }
        return trials;
    }

    /**
     * A digest of everything that determines the trial's history, so the same trial gets the same
     * id on every run and retry, and a changed setting never passes for a finished result.
     */
    static String id(SweepConfig config, double lr, ScheduleVariant schedule, int seed) {
        String canonical = String.join("|",
                "lr=" + lr, "schedule=" + schedule.spec(), "seed=" + seed,
                config.train().toString(), config.model().toString(), config.data().toString());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
