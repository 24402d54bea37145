package lrsweep.strategy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import lrsweep.config.Distribution;
import lrsweep.config.LearningRates;
import lrsweep.config.Pbt;
import lrsweep.config.SweepConfig;
import lrsweep.schedule.Names;
import lrsweep.store.SweepStore;
import lrsweep.train.EpochRecord;
import lrsweep.train.Optimizer;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sweep.search = pbt}: population-based training (Jaderberg et al. 2017, as Ray Tune's
 * {@code PopulationBasedTraining} does it, synchronously). {@code population} members are drawn from
 * the space as a random search draws its samples, one per member, but each base rate from its own
 * slice of the range (a Latin hypercube in the rate), and train
 * {@code train.epochs} in segments of {@code interval} epochs (on Spark, a job per interval, or one
 * long-lived task per member when every member has a task slot: {@link Training#intervals}). Between
 * intervals, each member in the bottom quantile by its last validation objective (and any that
 * diverged or failed) takes the state of a member of the top quantile: network, optimizer state,
 * schedule and optimizer (exploit), then a base rate perturbed from the donor's or drawn afresh
 * (explore). States travel through the driver; after every interval they are stored under
 * {@link #FOLDER}, so that a resume continues from the last interval completed.
 *
 * <p>A member is one trial, with one id for the whole run: that of its first configuration (with
 * the member's number and the pbt settings). Its history records the rate each epoch actually
 * used and, at the first epoch after an exploit, the member it was copied from.
 */
public final class PbtSearch implements SearchStrategy {

    static final String FOLDER = "pbt";
    private static final String POPULATION = FOLDER + "/population.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(PbtSearch.class);

    /** One member's segment to train, from {@code start} (null: fresh from its seed) up to epoch {@code to}. */
    public record Work(Trial trial, byte[] start, int to) implements Serializable {}

    /**
     * A trained segment: its epochs, whether the last diverged, the state after them (null if it
     * failed before one), and the error if it failed.
     */
    public record Done(String member, List<EpochRecord> epochs, boolean diverged, byte[] end, long millis, String error)
            implements Serializable {}

    /** What the driver decides after an interval, from its segments: the next interval's work, or none when the run is over. */
    public interface Decision {
        List<Work> next(List<Done> segments) throws Exception;
    }

    private final SweepConfig config;
    private final Pbt pbt;
    /** Each member's first configuration, in member order: their ids are the trials' ids. */
    private final List<Trial> initial;
    private final Map<String, Integer> number = new HashMap<>();
    private final List<Member> members = new ArrayList<>();
    private SweepStore store;
    /** Epochs every member has reached: the next interval starts here. */
    private int epoch;
    private boolean finished;

    PbtSearch(SweepConfig config) {
        this.config = config;
        this.pbt = config.search().pbt();
        Random random = new Random(config.search().seed());
        // Latin hypercube in the rate: each member draws from its own equal slice of the range, so
        // that a small population covers it instead of bunching by chance (the bench's seed 8 drew
        // no rate that trains well, and its best ended 30% behind the grid's)
        List<Integer> slices = new ArrayList<>(IntStream.range(0, pbt.population()).boxed().toList());
        Collections.shuffle(slices, random);
        List<Trial> drawn = new ArrayList<>();
        for (int m = 0; m < pbt.population(); m++) {
            Optimizer optimizer = config.optimizers().get(random.nextInt(config.optimizers().size()));
            double u = (slices.get(m) + random.nextDouble()) / pbt.population();
            double lr = ((Number) range(optimizer).at(u).unwrapped()).doubleValue();
            var schedule = RandomSearch.variant(config.search(), random);
            Trial t = TrialKeys.trials(config, lr, schedule, optimizer).get(0);
            var member = new Trial(TrialKeys.digest(memberKey(TrialKeys.key(config, t), m)), lr, schedule, t.seed(), t.train(),
                    t.model());
            number.put(member.id(), m);
            drawn.add(member);
        }
        initial = List.copyOf(drawn);
        initial.forEach(t -> members.add(new Member(t)));
    }

    private String memberKey(String trialKey, int m) {
        return trialKey + "|" + pbt.key() + "|member=" + m;
    }

    @Override
    public String key(Trial trial) {
        Trial first = initial.get(number.get(trial.id()));
        return memberKey(TrialKeys.key(config, first), number.get(trial.id()));
    }

    /** A member's range of base rates: its optimizer's own, or {@code sweep.learning-rates}. */
    private Distribution range(Optimizer optimizer) {
        return config.ownRates().get(optimizer) instanceof LearningRates.Ranged own ? own.range() : config.search().learningRate();
    }

    @Override
    public Optional<List<Trial>> known(SweepStore store, String fingerprint) {
        return Optional.of(initial);
    }

    /** A resumed run continues from the last interval {@link #FOLDER} records, if it recorded this population. */
    @Override
    public List<Trial> open(Context context) throws IOException {
        store = context.store();
        if (context.resume() && store.exists(POPULATION)) {
            var saved = JSON.readValue(store.read(POPULATION), Saved.class);
            if (saved.members().stream().map(SavedMember::id).toList().equals(initial.stream().map(Trial::id).toList())) {
                epoch = saved.epoch();
                for (int m = 0; m < members.size(); m++) {
                    String state = FOLDER + "/" + epoch + "/" + initial.get(m).id();
                    members.get(m).restore(saved.members().get(m), store.exists(state) ? store.read(state) : null);
                }
                LOG.info("resume: the population continues from epoch {} of {}", epoch, config.train().epochs());
            }
        }
        return initial;
    }

    /** Members finish together: either every one is in the journal, or none is. */
    @Override
    public void resume(Collection<TrialResult> done) {
        finished = !done.isEmpty();
    }

    @Override
    public int total() {
        return initial.size();
    }

    /** Pbt proposes no whole trials: see {@link #train}. */
    @Override
    public List<Trial> next() {
        return List.of();
    }

    @Override
    public SweepConfig config() {
        return config;
    }

    @Override
    public List<Trial> trials() {
        return initial;
    }

    @Override
    public List<TrialResult> train(Training training) throws Exception {
        if (finished) {
            return List.of();
        }
        training.population(epoch, config.train().epochs(), standing());
        if (epoch < config.train().epochs()) {
            training.intervals(work(), segments -> decide(segments, training));
        }
        List<TrialResult> results = new ArrayList<>();
        for (Member m : members) {
            TrialResult r = m.result(initial.get(number.get(m.trial.id())));
            training.finished(r);
            results.add(r);
        }
        return results;
    }

    /** Each member's next segment, from its state now through the next interval's end. */
    private List<Work> work() {
        int to = Math.min(epoch + pbt.interval(), config.train().epochs());
        return members.stream().map(m -> new Work(m.trial, m.state, to)).toList();
    }

    /**
     * The decision between intervals, whichever way the segments were trained: records the
     * interval's segments, exploits and explores and stores the population (unless it was the
     * last), reports progress, and gives the next interval's work (none after the last).
     */
    private List<Work> decide(List<Done> segments, Training training) throws IOException {
        int epochs = config.train().epochs();
        int to = Math.min(epoch + pbt.interval(), epochs);
        Map<String, Done> done = new HashMap<>();
        segments.forEach(d -> done.put(d.member(), d));
        members.forEach(m -> m.trained(done.get(m.trial.id()), to));
        epoch = to;
        if (epoch < epochs) {
            exploitAndExplore();
            save();
        }
        training.population(epoch, epochs, standing());
        LOG.info("pbt: epoch {} of {}: {}", epoch, epochs, leader().map(m -> "best member " + m.trial.id() + " at rate "
                + String.format(Locale.ROOT, "%.3g", m.trial.learningRate())).orElse("no member has a finite objective"));
        return epoch < epochs ? work() : List.of();
    }

    /** The members as they stand, each under its configuration now. */
    private List<TrialResult> standing() {
        return members.stream().map(m -> m.result(m.trial)).toList();
    }

    /** The member with the lowest cost at its last epoch, if any has a finite one. */
    private Optional<Member> leader() {
        return members.stream().filter(m -> Double.isFinite(m.cost())).min(Comparator.comparingDouble(Member::cost));
    }

    /**
     * Ranks the members by their last epoch's objective; each in the bottom quantile, and each that
     * diverged or failed, copies a member of the top quantile drawn at random and explores. The
     * draws are seeded by the search seed and the epoch, so a resumed run decides as the first would.
     */
    void exploitAndExplore() {
        Random random = new Random(new SplittableRandom(((long) config.search().seed() << 32) + epoch).nextLong());
        List<Member> ranked = new ArrayList<>(members);
        ranked.sort(Comparator.comparingDouble(Member::cost));
        // Ray's rule: the quantile rounded up, but never more than half the population
        int n = Math.min((int) Math.ceil(members.size() * pbt.quantile()), members.size() / 2);
        List<Member> top = ranked.subList(0, n).stream().filter(m -> Double.isFinite(m.cost())).toList();
        if (top.isEmpty()) {
            return; // every member diverged: nothing to copy
        }
        for (Member m : members) {
            boolean bottom = ranked.indexOf(m) >= members.size() - n;
            if (!top.contains(m) && (bottom || !Double.isFinite(m.cost()))) {
                Member donor = top.get(random.nextInt(top.size()));
                m.copy(donor, explore(donor.trial, random), epoch);
            }
        }
    }

    /** The donor's base rate perturbed by one of the factors, or with resample-probability drawn afresh; within the space. */
    double explore(Trial donor, Random random) {
        Distribution range = range(donor.train().optimizer());
        if (random.nextDouble() < pbt.resampleProbability()) {
            return RandomSearch.rate(range, random);
        }
        double factor = pbt.perturb().get(random.nextInt(pbt.perturb().size()));
        double lr = donor.learningRate();
        if (range instanceof Distribution.Choice choice) {
            // a list's rates: the neighbour on the side the factor points to, as Ray does for a list
            List<Double> rates = choice.values().stream().map(v -> ((Number) v.unwrapped()).doubleValue()).sorted().toList();
            int at = 0;
            for (int i = 1; i < rates.size(); i++) {
                if (Math.abs(rates.get(i) - lr) < Math.abs(rates.get(at) - lr)) {
                    at = i;
                }
            }
            int to = factor > 1 ? Math.min(at + 1, rates.size() - 1) : factor < 1 ? Math.max(at - 1, 0) : at;
            return rates.get(to);
        }
        double lo = range instanceof Distribution.Uniform u ? u.lo() : ((Distribution.LogUniform) range).lo();
        double hi = range instanceof Distribution.Uniform u ? u.hi() : ((Distribution.LogUniform) range).hi();
        return Math.max(lo, Math.min(hi, lr * factor));
    }

    /** The members' states under {@code pbt/<epoch>/}, then the population that names them, then the previous interval's states go. */
    private void save() throws IOException {
        Map<String, byte[]> states = new LinkedHashMap<>();
        members.stream().filter(m -> m.state != null).forEach(m -> states.put(m.trial.id(), m.state));
        store.writeFolder(FOLDER + "/" + epoch, states);
        List<SavedMember> saved = members.stream().map(Member::saved).toList();
        store.write(POPULATION, JSON.writeValueAsBytes(new Saved(epoch, saved)));
        for (var f : store.list(FOLDER)) {
            if (f.isDirectory() && !f.getPath().getName().equals(Integer.toString(epoch))) {
                store.delete(FOLDER + "/" + f.getPath().getName());
            }
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "sweep '%s': population-based training: %d members drawn from the space (search-seed %d), "
                        + "%d epochs, every %d epochs the bottom %s%% taking the state of the top %s%% and perturbing its rate",
                config.name(), initial.size(), config.search().seed(), config.train().epochs(), pbt.interval(),
                Names.number(100 * pbt.quantile()), Names.number(100 * pbt.quantile()));
    }

    /** What a resume needs of a member besides its state: its configuration now, and its history. */
    record SavedMember(String id, double learningRate, int origin, List<EpochRecord> epochs, Map<Integer, String> exploits,
            boolean diverged, String error, long millis) {}

    record Saved(int epoch, List<SavedMember> members) {}

    /** A member on the driver: its configuration now, its state, and its history. */
    private final class Member {
        private Trial trial;
        /** The member whose first configuration's schedule and optimizer this one now trains with. */
        private int origin;
        private byte[] state;
        private final List<EpochRecord> epochs = new ArrayList<>();
        private final Map<Integer, String> exploits = new LinkedHashMap<>();
        private boolean diverged;
        private String error;
        private long millis;

        Member(Trial first) {
            this.trial = first;
            this.origin = number.get(first.id());
        }

        /** A segment through epoch {@code to}: a member that diverged or failed idles to there, each idle epoch a row of NaNs. */
        void trained(Done done, int to) {
            epochs.addAll(done.epochs());
            for (int e = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch() + 1; e < to; e++) {
                epochs.add(new EpochRecord(e, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0));
            }
            diverged = done.diverged();
            error = done.error();
            millis += done.millis();
            if (done.end() != null) {
                state = done.end();
            }
        }

        /** The cost of its last epoch's objective; +∞ if it diverged, failed or has none. */
        double cost() {
            if (diverged || error != null || epochs.isEmpty()) {
                return Double.POSITIVE_INFINITY;
            }
            double cost = trial.train().objective().cost(epochs.get(epochs.size() - 1));
            return Double.isNaN(cost) ? Double.POSITIVE_INFINITY : cost;
        }

        /** Exploit: {@code donor}'s state, schedule and optimizer, at base rate {@code lr}, from epoch {@code at}. */
        void copy(Member donor, double lr, int at) {
            Trial d = donor.trial;
            trial = new Trial(trial.id(), lr, d.schedule(), d.seed(), d.train(), d.model());
            origin = donor.origin;
            state = donor.state;
            diverged = false;
            error = null;
            exploits.put(at, d.id());
        }

        TrialResult result(Trial first) {
            TrialStatus status = error != null ? TrialStatus.FAILED : diverged ? TrialStatus.DIVERGED : TrialStatus.OK;
            return new TrialResult(first, status, epochs, error, millis, -1, false, exploits);
        }

        SavedMember saved() {
            return new SavedMember(trial.id(), trial.learningRate(), origin, epochs, exploits, diverged, error, millis);
        }

        void restore(SavedMember saved, byte[] savedState) {
            Trial from = initial.get(saved.origin());
            trial = new Trial(trial.id(), saved.learningRate(), from.schedule(), from.seed(), from.train(), from.model());
            origin = saved.origin();
            state = savedState;
            epochs.addAll(saved.epochs());
            exploits.putAll(saved.exploits());
            diverged = saved.diverged();
            error = saved.error();
            millis = saved.millis();
        }
    }
}
