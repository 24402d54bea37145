package lrsweep.output;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;
import lrsweep.schedule.ScheduleVariant;
import lrsweep.schedule.Schedules;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;

/**
 * Population-based training's discovered schedule: the rates that trained a member's network,
 * epoch by epoch along its lineage (its own since its last exploit, before that its donor's, and
 * so on), as a {@code values} schedule that a grid trial replays. Members share one seed, so they
 * start from the same network and visit the examples in the same order: the replay trains the
 * member's network again, epoch for epoch.
 */
public final class Lineage {

    /** The name a replayed discovered schedule goes by. */
    public static final String NAME = "pbt-discovered";

    private Lineage() {}

    /** Whether {@code results} are a population's: some member took another's state. */
    public static boolean isPopulation(List<TrialResult> results) {
        return results.stream().anyMatch(r -> !r.exploits().isEmpty());
    }

    /**
     * The rate of each epoch, 0 through {@code member}'s last, that trained the network it ended
     * with; NaN where no member's history has one (a donor's history cut short).
     */
    public static List<Double> rates(List<TrialResult> results, TrialResult member) {
        return walk(results, member).rates();
    }

    /** A lineage: its rates, and the member whose first epochs it starts with. */
    private record Walk(List<Double> rates, TrialResult root) {}

    private static Walk walk(List<TrialResult> results, TrialResult member) {
        Map<String, TrialResult> byId = results.stream().collect(Collectors.toMap(r -> r.trial().id(), Function.identity()));
        int last = member.last().map(EpochRecord::epoch).orElse(-1);
        List<Double> rates = new ArrayList<>(Collections.nCopies(last + 1, Double.NaN));
        TrialResult r = member;
        TrialResult root = member;
        int upTo = last;
        while (r != null && upTo >= 0) {
            root = r;
            int through = upTo;
            Optional<Integer> exploit = r.exploits().keySet().stream().filter(e -> e <= through).max(Integer::compare);
            int from = exploit.orElse(0);
            for (EpochRecord e : r.epochs()) {
                if (e.epoch() >= from && e.epoch() <= through) {
                    rates.set(e.epoch(), e.learningRate());
                }
            }
            Map<Integer, String> exploits = r.exploits();
            r = exploit.map(e -> byId.get(exploits.get(e))).orElse(null);
            upTo = from - 1;
        }
        return new Walk(rates, root);
    }

    /** {@code rates} as an absolute {@code values} schedule, per epoch. */
    public static ScheduleVariant schedule(List<Double> rates) {
        // at full precision, so that a replay applies the very rates
        String values = rates.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return Schedules.parse(ConfigFactory.parseString("{type = values, relative = false, name = " + NAME + ", values = [" + values
                + "]}"), "the discovered schedule");
    }

    /**
     * {@code member}'s trial with its discovered schedule instead of its own, and the optimizer of
     * its lineage: what replays it from scratch. A lineage keeps one optimizer (an exploit takes
     * the donor's), that of the member it starts with, which need not be {@code member}'s first.
     */
    public static Trial replay(List<TrialResult> results, TrialResult member) {
        Walk walk = walk(results, member);
        Trial t = member.trial();
        return new Trial(t.id(), walk.rates().get(0), schedule(walk.rates()), t.seed(), walk.root().trial().train(), t.model());
    }

    /** Rates run-length encoded, as they read: {@code 0.12 ×9, 0.0555 ×6, 0.05}; a rate no history has is –. */
    public static String runLength(List<Double> rates) {
        var text = new StringJoiner(", ");
        for (int i = 0; i < rates.size(); ) {
            int from = i;
            while (i < rates.size() && Double.compare(rates.get(i), rates.get(from)) == 0) {
                i++;
            }
            double rate = rates.get(from);
            text.add((Double.isNaN(rate) ? "–" : TrialText.rate(rate)) + (i - from > 1 ? " ×" + (i - from) : ""));
        }
        return text.toString();
    }
}
