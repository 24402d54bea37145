package lrsweep.strategy;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;

/**
 * How a sweep chooses its trials: it proposes trials and observes their results, and a runner
 * trains what it proposes, each proposal as one Spark job. A search that knows every trial before
 * any result (grid, random, auto once its range test ran) proposes them all at once, one job; an
 * adaptive one (tpe) proposes one configuration at a time, from the results so far. One
 * implementation per strategy; {@link #of} is where a new one registers. Population-based training
 * (pbt) trains its members in segments instead, through {@link Training#segments}.
 */
public sealed interface SearchStrategy permits PlannedSearch, AutoSearch, TpeSearch, PbtSearch {

    /**
     * The search {@code config} declares. A plan is drawn now, before anything is written, so that a
     * sample the schedule library refuses stops the run with the sweep directory untouched.
     */
    static SearchStrategy of(SweepConfig config) {
        if (config.auto() != null) {
            return new AutoSearch(config);
        }
        return switch (config.search().mode()) {
            case GRID -> new GridSearch(config);
            case RANDOM -> new RandomSearch(config);
            case TPE -> new TpeSearch(config);
            case PBT -> new PbtSearch(config);
        };
    }

    /**
     * The trials as far as they are known without training anything: a plan's; tpe's proposals
     * stored in {@code store}; for auto, the grid around the range test {@code store} records, if
     * it was made with these inputs. Empty when they are not known. Reads, never writes.
     *
     * @param store       the sweep directory, or null before it exists
     * @param fingerprint the data's fingerprint (auto compares it with the recorded range test's)
     */
    Optional<List<Trial>> known(SweepStore store, String fingerprint) throws IOException;

    /**
     * Prepares a run: reads what earlier runs left ({@code tpe}'s proposals, {@code auto}'s range
     * test) or, for auto, runs the range test.
     *
     * @return the trials known now, which a resumed run's journal is read against
     */
    List<Trial> open(Context context) throws Exception;

    /** What a search may use when it opens: the sweep's store, whether the run resumes, and the range test. */
    record Context(SweepStore store, boolean resume, String fingerprint, RangeTest rangeTest) {}

    /** The driver's range test ({@code learning-rates = auto}): the sweep with each auto optimizer's rates found. */
    interface RangeTest {
        SweepConfig run(SweepConfig config) throws Exception;
    }

    /**
     * Trains the search to its end through the driver's {@code training}: whole trials as
     * {@link #next} proposes them, or for pbt its population's segments, interval by interval.
     *
     * @return the results of this run, in order of completion
     */
    default List<TrialResult> train(Training training) throws Exception {
        return training.trials(this);
    }

    /** What the driver trains for a search, on Spark. */
    interface Training {
        /** Every trial {@code search} proposes, each as soon as it is proposed; each result committed and observed as it arrives. */
        List<TrialResult> trials(SearchStrategy search) throws Exception;

        /** One interval of a population: each member's segment, one Spark job; the results in order of completion. */
        List<PbtSearch.Done> segments(List<PbtSearch.Work> work) throws Exception;

        /**
         * A population's intervals: {@code first}, then each interval's work as {@code decision}
         * decides it from the last interval's segments, until it decides none. By default one
         * {@link #segments} call an interval.
         */
        default void intervals(List<PbtSearch.Work> first, PbtSearch.Decision decision) throws Exception {
            var work = first;
            while (!work.isEmpty()) {
                work = decision.next(segments(work));
            }
        }

        /** Commits a result the search assembled itself (pbt's members, once trained): journal and progress. */
        void finished(TrialResult result) throws Exception;

        /** A population's progress: its members as they stand at {@code epoch} of {@code epochs}, at the start and after every interval. */
        void population(int epoch, int epochs, List<TrialResult> members);
    }

    /** The text the journal checks a recorded result of {@code trial} against: {@link TrialKeys#key}, or pbt's member key. */
    default String key(Trial trial) {
        return TrialKeys.key(config(), trial);
    }

    /** The sweep this search is for. */
    SweepConfig config();

    /** A resumed run: the trials earlier runs finished, observed, and not proposed again. */
    void resume(Collection<TrialResult> finished);

    /** How many trials the sweep has in all, finished ones included: a plan's size, tpe's budget. */
    int total();

    /** The next trials to start, together: all a plan has left, or one configuration's seeds; none to wait (or when done). */
    List<Trial> next() throws IOException;

    /** A result, as soon as it arrives: what an adaptive search learns from. */
    default void observe(TrialResult result) {}

    /** Every trial known so far, in the order the tables list them: a plan's, or tpe's proposals. */
    List<Trial> trials();

    /** What the search will train, in a line, for --dry-run (which then lists {@link #known} trials, if any). */
    String describe();
}
