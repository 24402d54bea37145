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
 */
final class AsyncHalving implements Pruner {

    private final Halving halving;
    private final TrainConfig train;
    private final int seed;
    private PromotionServer server;

    AsyncHalving(Halving halving, TrainConfig train, int seed) {
        this.halving = halving;
        this.train = train;
        this.seed = seed;
    }

    @Override
    public RungGate start(String driverHost, Collection<TrialResult> finished) throws IOException {
        var board = new RungBoard(halving.eta(), train.objective());
        // a resumed sweep: the trials that finished before report again, so new ones face them
        int[] rungs = RungBoard.rungs(halving.minEpochs(), halving.eta(), train.epochs());
        finished.stream().filter(r -> r.rung() >= 0).forEach(r -> board.recordFinished(r, rungs));
        server = new PromotionServer(board, driverHost);
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
