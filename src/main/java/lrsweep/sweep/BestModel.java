package lrsweep.sweep;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import lrsweep.data.DataSplit;
import lrsweep.config.Judging;
import lrsweep.output.Lineage;
import lrsweep.output.Ranking;
import lrsweep.store.SweepStore;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trainer;
import lrsweep.train.TrialResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code best-model.zip}: the best trial's network as it was after its best epoch, in DL4J's
 * {@code ModelSerializer} format. The trial trained on an executor, which kept nothing but its
 * history; so the driver trains it again through that epoch, deterministically (same seed,
 * shuffling, schedule, optimizer and engine) and checks the validation loss it reaches against the
 * recorded one.
 */
final class BestModel {

    static final String FILE = "best-model.zip";

    private static final Logger LOG = LoggerFactory.getLogger(BestModel.class);

    private BestModel() {}

    /** Writes the checkpoint of the best ok trial (atomically), if any trial is ok. */
    static void write(SweepStore store, List<TrialResult> results, DataSplit data, Judging.RankBy rankBy) throws IOException {
        Optional<TrialResult> best = Ranking.best(results, rankBy);
        if (best.isEmpty()) {
            return;
        }
        // a population's member trained along its lineage: its discovered schedule replays it
        var trial = Lineage.isPopulation(results) ? Lineage.replay(results, best.get()) : best.get().trial();
        // the epoch best by the objective; checked by its validation loss whatever the objective: a
        // continuous value that tells the same training from another, where an accuracy can agree by chance
        EpochRecord recorded = best.get().best().orElseThrow();
        Trainer.Checkpoint checkpoint = Trainer.retrain(trial, data, recorded.epoch());
        double reached = checkpoint.history().get(recorded.epoch()).valLoss();
        if (!(Math.abs(reached - recorded.valLoss()) <= 1e-5 * recorded.valLoss())) {
            LOG.warn("{}: retraining trial {} reached validation loss {} at epoch {}, the sweep recorded {}", FILE, trial.id(),
                    reached, recorded.epoch(), recorded.valLoss());
        }
        store.write(FILE, checkpoint.save(recorded.learningRate()));
        var objective = trial.train().objective();
        LOG.info("{}: trial {} after epoch {} ({} {})", FILE, trial.id(), recorded.epoch(), objective.key(),
                objective.value(checkpoint.history().get(recorded.epoch())));
    }
}
