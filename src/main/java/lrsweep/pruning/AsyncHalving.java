package lrsweep.pruning;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import lrsweep.config.Halving;
import lrsweep.train.RungGate;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;

/**
 * Asynchronous successive halving ({@code sweep.pruning = halving}): a {@link RungBoard} on the
 * driver behind a {@link PromotionServer}, which each trial asks at its rungs whether to go on.
 *
 * <p>With {@code hyperband}, asynchronous Hyperband (Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", 2020; as Optuna's {@code HyperbandPruner} does it): the trials are
 * spread over brackets by a digest of their id, bracket b judging from rung b on against its own
 * board, the last bracket never; so some trials are not judged by their first epochs, whose
 * ranking can be noise. Brackets get trials in proportion to Optuna's budgets,
 * ceil(n · eta^s / (s + 1)) for s = n − 1 − b over n brackets.
 */
final class AsyncHalving implements Pruner {

    private final Halving halving;
    private final TrainConfig train;
    private final int seed;
    private final int[] rungs;
    /** Each bracket's share of trials, cumulated: a trial whose digest modulo the last falls below entry b is in bracket b. */
    private final long[] budgets;
    private PromotionServer server;

    AsyncHalving(Halving halving, TrainConfig train, int seed) {
        this.halving = halving;
        this.train = train;
        this.seed = seed;
        this.rungs = RungBoard.rungs(halving.minEpochs(), halving.eta(), train.epochs());
        this.budgets = halving.hyperband() ? budgets(rungs.length + 1, halving.eta()) : new long[] {1};
    }

    static long[] budgets(int brackets, int eta) {
        long[] cumulated = new long[brackets];
        long sum = 0;
        for (int b = 0; b < brackets; b++) {
            int s = brackets - 1 - b;
            sum += (long) Math.ceil(brackets * Math.pow(eta, s) / (s + 1));
            cumulated[b] = sum;
        }
        return cumulated;
    }

    /** The trial's bracket: the rung it is first judged at (with plain halving, 0). */
    int bracket(String trialId) {
        long slot = Long.parseLong(trialId.substring(0, Math.min(12, trialId.length())), 16) % budgets[budgets.length - 1];
        int b = 0;
        while (slot >= budgets[b]) {
            b++;
        }
        return b;
    }

    @Override
    public RungGate start(String driverHost, Collection<TrialResult> finished) throws IOException {
        List<RungBoard> boards = new ArrayList<>();
        for (int b = 0; b < budgets.length; b++) {
            boards.add(new RungBoard(halving.eta(), train.objective()));
        }
        // a resumed sweep: the trials that finished before report again, so new ones face them
        finished.stream().filter(r -> r.rung() >= 0).forEach(r -> boards.get(bracket(r.trial().id())).recordFinished(r, rungs));
        server = new PromotionServer((trialId, rung, value) -> {
            int b = bracket(trialId);
            return rung < b || boards.get(b).promote(trialId, rung, value);
        }, driverHost);
        return server.gate(halving.minEpochs(), halving.eta());
    }

    /**
     * Mixed, reproducibly from {@code sweep.search-seed}: each report is judged against those
     * before it, and a grid in order of rate would report worst to best and promote everyone.
     */
    @Override
    public List<Trial> order(List<Trial> trials) {
        List<Trial> mixed = new ArrayList<>(trials);
        Collections.shuffle(mixed, new Random(seed));
        return mixed;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
