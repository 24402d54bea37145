package lrsweep.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import lrsweep.config.Judging;
import lrsweep.model.ModelConfig;
import lrsweep.store.SweepStore;
import lrsweep.train.EpochRecord;
import lrsweep.train.Objective;
import lrsweep.train.TrainConfig;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * The verdict of a sweep: {@code best.json} for machines, {@code report.md} and {@code report.html}
 * for people.
 */
public final class Summary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Summary() {}

    /** Writes {@code best.json}, {@code report.md} and {@code report.html}, each atomically. */
    public static void write(SweepStore store, List<TrialResult> results, RunFacts facts) throws IOException {
        Verdict verdict = Verdict.of(results, facts.judging());
        store.writeString("best.json", bestJson(facts.sweepName(), results, verdict));
        store.writeString("report.md", reportMarkdown(facts, results, verdict));
        String rangeTest = FinderReport.FOLDER + FinderReport.PLOT;
        store.writeString("report.html", HtmlReport.render(results, facts, store.exists(rangeTest) ? store.readString(rangeTest) : null));
    }

    /**
     * {@code {"sweep": name, "rank_by": "best", "warnings": [...], "best": {...}, "configurations":
     * [...], "ranking": [...]}}: the verdict's warnings; the best ok trial (null if none); per
     * configuration (seeds aside) the mean ± std of the objective's value ranked by and whether it
     * ties with the best; and every trial, best first, each with its id, its config (under the
     * config file's own keys) and metrics.
     */
    public static String bestJson(String sweepName, List<TrialResult> results, Verdict verdict) throws IOException {
        var by = verdict.judging().rankBy();
        ObjectNode root = JSON.createObjectNode();
        root.put("sweep", sweepName);
        root.put("rank_by", by.word());
        verdict.warnings().forEach(root.putArray("warnings")::add);
        double factor = verdict.judging().unstableFactor();
        root.set("best", Ranking.best(results, by).map(r -> entry(r, factor)).orElse(null));
        if (Lineage.isPopulation(results)) {
            root.set("discovered_schedule", Ranking.best(results, by).map(r -> discovered(results, r)).orElse(null));
        }
        List<Configurations.Configuration> configurations = Configurations.rank(results, by);
        ArrayNode byConfiguration = root.putArray("configurations");
        for (var c : configurations) {
            ObjectNode node = byConfiguration.addObject();
            node.put("learning_rate_base", c.learningRate());
            node.put("schedule", c.schedule());
            node.put("optimizer", c.optimizer());
            node.put("runs", c.runs().size());
            node.put("ok", c.ok());
            node.put("mean_" + by.word() + "_value", Double.isNaN(c.mean()) ? null : c.mean());
            node.put("std_" + by.word() + "_value", Double.isNaN(c.mean()) ? null : c.std());
            node.put("tied_with_best", c.tiedWith(configurations.get(0)));
            c.runs().forEach(r -> node.withArray("trial_ids").add(r.trial().id()));
        }
        ArrayNode ranking = root.putArray("ranking");
        Ranking.rank(results, by).forEach(r -> ranking.add(entry(r, factor)));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /**
     * The best member's discovered schedule: its rates along its lineage, and the trial config that
     * replays them from scratch (a {@code values} schedule), ready for {@code sweep.schedules}.
     */
    private static ObjectNode discovered(List<TrialResult> results, TrialResult best) {
        Trial replay = Lineage.replay(results, best);
        ObjectNode node = JSON.createObjectNode();
        node.put("member", best.trial().id());
        Lineage.rates(results, best).forEach(node.putArray("rates")::add);
        node.set("config", sweepKeys(replay));
        return node;
    }

    private static ObjectNode entry(TrialResult r, double unstableFactor) {
        Trial t = r.trial();
        ObjectNode node = JSON.createObjectNode();
        node.put("trial_id", t.id());
        node.put("trial", TrialText.of(t));
        node.put("learning_rate_base", t.learningRate());
        node.put("schedule", TrialText.schedule(t.schedule()));
        node.put("optimizer", t.train().optimizer().name());
        node.put("seed", t.seed());
        node.put("status", r.status().label());
        node.put("epochs_run", r.epochs().size());
        node.put("stopped_epoch", r.stoppedEpoch().orElse(null));
        var best = r.best();
        Objective objective = t.train().objective();
        // as trials/ has them
        node.put("objective", objective.key());
        node.put("best_epoch", best.map(EpochRecord::epoch).orElse(null));
        node.put("best_value", best.map(objective::value).orElse(null));
        node.put("best_val_loss", best.map(EpochRecord::valLoss).orElse(null));
        node.put("final_val_loss", r.last().map(EpochRecord::valLoss).filter(Double::isFinite).orElse(null));
        node.put("final_val_accuracy", r.last().map(EpochRecord::valAccuracy).filter(Double::isFinite).orElse(null));
        node.put("final_val_mae", r.last().map(EpochRecord::valMae).filter(Double::isFinite).orElse(null));
        node.put("unstable", Verdict.unstable(r, unstableFactor));
        node.put("train_millis", r.trainMillis());
        node.put("error", r.error());
        // the trial's config under the config file's own keys: its sweep values, then the train and model sections
        ObjectNode config = sweepKeys(t);
        config.set("train", train(t.train()));
        config.set("model", model(t.model()));
        node.set("config", config);
        return node;
    }

    /** A trial's sweep values under the config file's own keys: learning-rate, schedule, optimizer, seed. */
    private static ObjectNode sweepKeys(Trial t) {
        ObjectNode config = JSON.createObjectNode();
        config.put("learning-rate", t.learningRate());
        config.set("schedule", json(t.schedule().spec()));
        config.set("optimizer", json(t.train().optimizer().spec()));
        config.put("seed", t.seed());
        return config;
    }

    /** The train section as reference.conf spells it; null where the config means "off". */
    private static ObjectNode train(TrainConfig train) {
        ObjectNode node = JSON.createObjectNode();
        node.put("epochs", train.epochs());
        node.put("batch-size", train.batchSize());
        node.set("optimizer", json(train.optimizer().spec()));
        node.put("divergence-factor", train.divergenceFactor());
        node.put("engine", train.engine());
        node.putObject("early-stopping").put("patience", train.patience() > 0 ? train.patience() : null);
        return node;
    }

    /**
     * A built-in model's settings as reference.conf spells them; a user's network as its file and
     * what ids digest of it, not its whole configuration.
     */
    private static ObjectNode model(ModelConfig m) {
        ObjectNode node = JSON.createObjectNode().put("type", m.type());
        if (m.network() != null) {
            return node.put("path", m.network().path()).put("init", m.network().init().name().toLowerCase(Locale.ROOT))
                    .put("network", m.network().toString());
        }
        m.hidden().forEach(node.putArray("hidden")::add);
        node.put("activation", m.activation());
        node.put("dropout", m.dropout());
        if (m.imageShape().isEmpty()) {
            node.putNull("image-shape"); // the config's null: a square single-channel image of the features
        } else {
            m.imageShape().forEach(node.putArray("image-shape")::add);
        }
        return node;
    }

    /** A schedule or optimizer spec (HOCON) as JSON. */
    private static com.fasterxml.jackson.databind.JsonNode json(String spec) {
        String json = ConfigFactory.parseString("s = " + spec).getValue("s").render(ConfigRenderOptions.concise());
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("spec is not valid HOCON: " + spec, e);
        }
    }

    /** A short Markdown summary: the verdict, for a population its members, and the ranking table. */
    static String reportMarkdown(RunFacts facts, List<TrialResult> results, Verdict verdict) {
        var by = verdict.judging().rankBy();
        var sb = new StringBuilder();
        sb.append("# Sweep `").append(facts.sweepName()).append("`\n\n");
        if (facts.partial() != null) {
            sb.append("**Partial:** ").append(facts.partial()).append(".\n\n");
        }
        sb.append(String.format(Locale.ROOT, "%d trials: %d ok, %d diverged, %d failed; %s.%n%n",
                results.size(), count(results, TrialStatus.OK), count(results, TrialStatus.DIVERGED),
                count(results, TrialStatus.FAILED), wallTime(facts)));
        Ranking.best(results, by).ifPresentOrElse(
                b -> sb.append(String.format(Locale.ROOT,
                        "**Best:** %s: %s at epoch %d (final %s), trial `%s`.%n%n",
                        TrialText.of(b.trial()), bestValue(b), b.best().orElseThrow().epoch(), finalValue(b), b.trial().id())),
                () -> sb.append("**No trial finished ok.**\n\n"));
        if (!verdict.warnings().isEmpty()) {
            sb.append("**Warnings:**\n\n");
            verdict.warnings().forEach(w -> sb.append("- ").append(w).append('\n'));
            sb.append('\n');
        }
        List<Configurations.Configuration> configurations = Configurations.rank(results, by);
        if (configurations.size() < results.size()) {
            configurationsMarkdown(sb, configurations);
        }
        if (!Pruning.rungs(results).isEmpty()) {
            sb.append(Pruning.summary(results)).append("\n\n");
        }
        if (Lineage.isPopulation(results)) {
            Population.markdown(sb, results, Ranking.best(results, by));
        }
        String objective = results.isEmpty() ? "val_loss" : results.get(0).trial().train().objective().key();
        // the final metric the task has: accuracy, or a regression's mean absolute error
        boolean regression = results.stream().anyMatch(r -> r.last().map(e -> !Double.isNaN(e.valMae())).orElse(false));
        sb.append("Ranked by ").append(rankedBy(by, objective)).append(".\n\n");
        sb.append("| rank | trial | learning rate | schedule | optimizer | seed | status | best epoch | stopped | best " + objective
                + " | final " + objective + " | final " + (regression ? "val mae" : "val acc") + " | train s |\n");
        sb.append("|---:|---|---:|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        int rank = 1;
        for (TrialResult r : Ranking.rank(results, by)) {
            var best = r.best();
            sb.append(String.format(Locale.ROOT, "| %d | `%s` | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %.1f |%n",
                    rank++, r.trial().id(), TrialText.rate(r.trial().learningRate()), TrialText.schedule(r.trial().schedule()),
                    r.trial().train().optimizer().name(), r.trial().seed(),
                    verdict.status(r) + (r.error() == null ? "" : ": " + r.error().replace('|', '/').replace('\n', ' ')),
                    best.map(e -> Integer.toString(e.epoch())).orElse("–"),
                    r.stoppedEpoch().map(e -> "epoch " + e).orElse("–"),
                    best.map(e -> String.format(Locale.ROOT, "%.4f", r.trial().train().objective().value(e))).orElse("–"),
                    r.last().filter(EpochRecord::finite)
                            .map(e -> String.format(Locale.ROOT, "%.4f", r.trial().train().objective().value(e))).orElse("–"),
                    r.last().filter(EpochRecord::finite)
                            .map(e -> String.format(Locale.ROOT, "%.4f", regression ? e.valMae() : e.valAccuracy())).orElse("–"),
                    r.trainMillis() / 1000.0));
        }
        return sb.toString();
    }

    /** With repeated seeds: the verdict per configuration, ties within noise named. */
    private static void configurationsMarkdown(StringBuilder sb, List<Configurations.Configuration> configurations) {
        var best = configurations.get(0);
        if (!Double.isNaN(best.mean())) {
            sb.append(String.format(Locale.ROOT, "**Best configuration** over seeds: %s: %s (%d of %d runs ok).",
                    best.label(), meanStd(best), best.ok(), best.runs().size()));
            List<String> ties = configurations.stream().filter(c -> c.tiedWith(best)).map(c -> c.label() + " (" + meanStd(c) + ")").toList();
            sb.append(ties.isEmpty() ? " No other configuration is within noise of it.\n\n"
                    : " Tied within noise (difference ≤ combined standard deviation): " + String.join("; ", ties) + ".\n\n");
        }
        sb.append("| rank | configuration | runs ok | best " + best.runs().get(0).trial().train().objective().key()
                + " (mean ± std) | tied with best |\n|---:|---|---:|---|---|\n");
        int rank = 1;
        for (var c : configurations) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %d/%d | %s | %s |%n", rank++, c.label(), c.ok(), c.runs().size(),
                    Double.isNaN(c.mean()) ? "–" : meanStd(c), c == best ? "best" : c.tiedWith(best) ? "tie" : ""));
        }
        sb.append('\n');
    }

    /** The best epoch's value of the objective, named: {@code val_loss 0.3612}. */
    public static String bestValue(TrialResult r) {
        Objective objective = r.trial().train().objective();
        return String.format(Locale.ROOT, "%s %.4f", objective.key(), objective.value(r.best().orElseThrow()));
    }

    /** The last epoch's value of the objective: {@code 0.3702}; – when it has none. */
    public static String finalValue(TrialResult r) {
        Objective objective = r.trial().train().objective();
        return r.last().map(objective::value).filter(Double::isFinite).map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("–");
    }

    /** What the ranking orders ok trials by, in words. */
    static String rankedBy(Judging.RankBy by, String objective) {
        return by == Judging.RankBy.BEST ? "best " + objective + " (of any epoch; sweep.rank-by = best)"
                : "final " + objective + " (of the last epoch; sweep.rank-by = final)";
    }

    public static String meanStd(Configurations.Configuration c) {
        return String.format(Locale.ROOT, "%.4f ± %.4f", c.mean(), c.std());
    }

    static long count(List<TrialResult> results, TrialStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    static String wallTime(RunFacts facts) {
        return facts.execution() == null
                ? "wall time not recorded (rebuilt from the Parquet tables)"
                : String.format(Locale.ROOT, "wall time %.1f s", facts.execution().wallMillis() / 1000.0);
    }

}
