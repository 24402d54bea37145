package lrsweep.output;

import lrsweep.schedule.Names;
import lrsweep.schedule.ScheduleVariant;
import static lrsweep.output.SvgChart.escape;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import lrsweep.config.Judging;
import lrsweep.train.EpochRecord;
import lrsweep.train.Objective;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * {@code report.html}: one self-contained page (inline SVG, CSS and a few lines of JS; nothing is
 * fetched, so it renders offline) with the learning rate each schedule applied, a heatmap of best
 * validation loss over base LR × schedule ({@link Heatmap}), for a population its members ({@link Population}) or for a sampled search the slice plot
 * and history ({@link SearchPlots}), for three axes which matters ({@link Marginals}), loss and
 * accuracy curves of every trial, the sortable ranking, the best configuration as HOCON and the
 * facts of the run. Pure: results and facts in, a string out.
 */
public final class HtmlReport {

    /** A per-epoch value drawn as one row of small multiples, one chart per schedule. */
    private record Metric(String id, String title, ToDoubleFunction<EpochRecord> value, boolean lowerIsBetter) {}

    private static final List<Metric> CURVES = List.of(
            new Metric("val-loss", "validation loss", EpochRecord::valLoss, true),
            new Metric("train-loss", "training loss", EpochRecord::trainLoss, true),
            new Metric("val-accuracy", "validation accuracy", EpochRecord::valAccuracy, false),
            new Metric("val-mae", "validation mean absolute error", EpochRecord::valMae, true));

    /** The SVG width of a chart; the page scales it to its column (two or three to a row on a wide screen). */
    static final int CHART_WIDTH = 480;

    /** One entry of a legend the page draws once for several charts. */
    record Key(String label, String color) {}

    private HtmlReport() {}

    /** @param rangeTest the range test's plot ({@code lr-find.svg}) of a learning-rates = auto sweep, or null */
    public static String render(List<TrialResult> results, RunFacts facts, String rangeTest) {
        String search = ConfigFactory.parseString(facts.config()).getString("sweep.search");
        // random, TPE and a population draw their rates; halving and grid list them
        var grid = new ReportGrid(results, search.equals("random") || search.equals("tpe") || search.equals("pbt"));
        var page = new StringBuilder();
        page.append(HEAD.replace("{title}", escape("lr-sweep: " + facts.sweepName())));
        page.append("<h1>Sweep <code>").append(escape(facts.sweepName())).append("</code></h1>\n");
        page.append("<p class=\"summary\">").append(escape(counts(results) + " · " + grid.shape() + " · " + Summary.wallTime(facts)))
                .append("</p>\n");
        bestConfig(page, results, facts);
        Verdict verdict = Verdict.of(results, facts.judging());
        warnings(page, verdict);
        // a population's members were trained by their lineages' rates, not by their first configurations:
        // its own charts replace those of the rates and configurations a search tried
        boolean population = Lineage.isPopulation(results);
        if (population) {
            Population.render(page, results, Ranking.best(results, facts.judging().rankBy()));
        } else {
            learningRates(page, grid);
        }
        if (rangeTest != null) {
            page.append("<section id=\"range-test\">\n<h2>Learning-rate range test</h2>\n<p class=\"note\">")
                    .append("learning-rates = auto: the range test ran first; the swept base rates are log-spaced around the ")
                    .append("geometric mean of its two suggestions (see lr-find/lr-find.json).</p>\n<div class=\"grid\">")
                    .append(rangeTest).append("</div>\n</section>\n");
        }
        if (!population) {
            if (grid.sampled()) {
                SearchPlots.render(page, grid);
            } else {
                Heatmap.render(page, grid);
            }
            if (Marginals.apply(grid)) {
                Marginals.render(page, grid);
            }
        }
        curves(page, grid);
        List<Configurations.Configuration> configurations = Configurations.rank(results, facts.judging().rankBy());
        if (configurations.size() < results.size()) {
            configurations(page, configurations);
        }
        List<Pruning.Rung> rungs = Pruning.rungs(results);
        if (!rungs.isEmpty()) {
            pruning(page, rungs, results);
        }
        ranking(page, results, verdict);
        runFacts(page, results, facts, grid);
        return page.append(FOOT).toString();
    }

    private static void bestConfig(StringBuilder page, List<TrialResult> results, RunFacts facts) {
        page.append("<section id=\"best-config\">\n<h2>Best configuration</h2>\n");
        Optional<TrialResult> best = Ranking.best(results, facts.judging().rankBy());
        if (best.isEmpty()) {
            page.append("<p><b>No trial finished ok.</b></p>\n</section>\n");
            return;
        }
        Trial t = best.get().trial();
        EpochRecord e = best.get().best().orElseThrow();
        page.append(String.format(Locale.ROOT,
                "<p><b>%s</b>: %s <b>%.4f</b> at epoch %d (final %s), trial <code id=\"best-trial\">%s</code>.</p>\n",
                escape(TrialText.of(t)), t.train().objective().key(), t.train().objective().value(e), e.epoch(),
                Summary.finalValue(best.get()), escape(t.id())));
        if (Lineage.isPopulation(results)) {
            // a member's first configuration did not train its network: its lineage's rates did
            page.append("<p class=\"note\">Its network was trained along its lineage: paste into a config file to train it again "
                    + "from scratch with its discovered schedule (a grid trial of its own id):</p>\n");
            t = Lineage.replay(results, best.get());
        } else {
            page.append("<p class=\"note\">Paste into a config file to train this trial again (it gets the same trial id):</p>\n");
        }
        page.append("<pre><code id=\"best-hocon\">").append(escape(hocon(t, facts.config()))).append("</code></pre>\n</section>\n");
    }

    /**
     * The config of one trial: its grid keys (its optimizer as a one-item sweep.optimizers, which
     * wins over train.optimizer) plus the run's train, model and data sections, which also shape its
     * id, and for a halving search its halving settings (which do too: a rung cuts training short).
     */
    static String hocon(Trial t, String resolvedConfig) {
        Config run = ConfigFactory.parseString(resolvedConfig);
        var concise = ConfigRenderOptions.concise();
        String halving = run.getString("sweep.search").equals("halving")
                ? "sweep.search = halving\nhalving = " + run.getValue("halving").render(concise) + "\n"
                : "";
        return "sweep.learning-rates = [" + Names.number(t.learningRate()) + "]\n"
                + "sweep.schedules = [" + schedule(t.schedule()) + "]\n"
                + "sweep.optimizers = [" + t.train().optimizer().spec() + "]\n"
                + "sweep.seeds = [" + t.seed() + "]\n"
                + halving
                + "train = " + run.getValue("train").render(concise) + "\n"
                + "model = " + run.getValue("model").render(concise) + "\n"
                + "data = " + run.getValue("data").render(concise) + "\n";
    }

    /** A schedule as one item of sweep.schedules: its spec with its name, which the spec leaves out. */
    static String schedule(ScheduleVariant schedule) {
        return ConfigFactory.parseString(schedule.spec()).withValue("name", ConfigValueFactory.fromAnyRef(schedule.name()))
                .root().render(ConfigRenderOptions.concise());
    }

    private static void learningRates(StringBuilder page, ReportGrid grid) {
        // One base rate for every line makes the schedules comparable: the largest at which all trained ok.
        OptionalDouble common = grid.rates().stream()
                .filter(lr -> grid.schedules().stream().allMatch(s -> grid.trials(lr, s).stream().anyMatch(r -> r.status() == TrialStatus.OK)))
                .mapToDouble(Double::doubleValue).max();
        var chart = new SvgChart("Learning rate per epoch", "epoch", "learning rate").width(CHART_WIDTH);
        var rates = new DoubleSummaryStatistics();
        // one line per schedule: each optimizer applies the same rates, so its rows would draw duplicates
        List<String> rows = grid.schedules().stream()
                .filter(row -> grid.results().stream().filter(r -> grid.row(r.trial()).equals(row)).findFirst().orElseThrow()
                        .trial().train().optimizer().equals(grid.results().get(0).trial().train().optimizer()))
                .toList();
        for (int i = 0; i < rows.size(); i++) {
            String schedule = rows.get(i);
            TrialResult shown = common.isPresent()
                    ? grid.trials(common.getAsDouble(), schedule).stream().filter(r -> r.status() == TrialStatus.OK).findFirst().orElseThrow()
                    : grid.results().stream().filter(r -> grid.row(r.trial()).equals(schedule))
                            .max(Comparator.comparingInt((TrialResult r) -> r.epochs().size())
                                    .thenComparingDouble(r -> r.trial().learningRate())).orElseThrow();
            String name = shown.trial().schedule().name();
            String label = common.isPresent() ? name : name + " (lr " + rate(shown.trial().learningRate()) + ")";
            chart.add(series(shown, label, SvgChart.PALETTE.get(i % SvgChart.PALETTE.size()), EpochRecord::learningRate));
            shown.epochs().stream().mapToDouble(EpochRecord::learningRate).filter(lr -> lr > 0).forEach(rates);
        }
        // decays over orders of magnitude (exponential, cyclic from 1e-4) read better on a log scale
        chart.logY(rates.getCount() > 0 && rates.getMax() / rates.getMin() > 100);
        page.append("<section id=\"lr-chart\">\n<h2>Learning rate</h2>\n<p class=\"note\">")
                .append(escape(common.isPresent()
                        ? "The rate each schedule applied at the first step of each epoch, at base learning rate "
                                + Names.number(common.getAsDouble()) + " (the largest at which every schedule trained ok)."
                        : "The rate each schedule applied at the first step of each epoch, from its longest-running trial "
                                + "(base learning rate in the legend): no base rate trained ok with every schedule."))
                .append("</p>\n<div class=\"grid\">").append(chart.render("lr")).append("</div>\n</section>\n");
    }

    private static void curves(StringBuilder page, ReportGrid grid) {
        page.append("<section id=\"loss-charts\">\n<h2>Loss and accuracy per epoch</h2>\n<p class=\"note\">")
                .append("One chart per schedule, one colour per base learning rate")
                .append(grid.seeds() > 1 ? "; with several seeds the line is their mean and the band their min to max" : "")
                .append(". Dashed lines ending in × diverged or failed. The y range follows the values of the trials that trained ok, "
                        + "without their outliers (Tukey's fence), on a log scale when they span a factor of 3; a ▲ or ▼ at the edge marks "
                        + "a value beyond it. Hover a line for its trial.</p>\n");
        legend(page, grid.distinctColors()
                ? grid.rates().stream().map(lr -> new Key("lr " + rate(lr), grid.color(lr))).toList()
                : List.of(new Key("lr " + rate(grid.rates().get(0)), grid.color(grid.rates().get(0))),
                        new Key("… lr " + rate(grid.rates().get(grid.rates().size() - 1)),
                                grid.color(grid.rates().get(grid.rates().size() - 1)))));
        List<TrialResult> ok = grid.results().stream().filter(r -> r.status() == TrialStatus.OK).toList();
        for (Metric metric : CURVES) {
            Focus focus = Focus.of(ReportGrid.values(ok.isEmpty() ? grid.results() : ok, metric.value()), metric.lowerIsBetter());
            if (focus == null) {
                continue; // a metric the task does not measure: a regression's accuracy, a classifier's mean absolute error
            }
            page.append("<h3>").append(escape(capitalized(metric.title()))).append("</h3>\n<div class=\"grid\" id=\"")
                    .append(metric.id()).append("-charts\">\n");
            for (int i = 0; i < grid.schedules().size(); i++) {
                String schedule = grid.schedules().get(i);
                var chart = new SvgChart(schedule, "epoch", metric.title()).width(CHART_WIDTH).legend(false);
                chart.yRange(focus.min(), focus.max()).logY(focus.log());
                for (double lr : grid.rates()) {
                    List<TrialResult> trials = grid.trials(lr, schedule);
                    List<TrialResult> okSeeds = trials.stream().filter(r -> r.status() == TrialStatus.OK).toList();
                    if (okSeeds.size() > 1) {
                        chart.add(seedBand(okSeeds, grid.color(lr), metric.value()));
                    }
                    for (TrialResult r : trials) {
                        if (okSeeds.size() <= 1 || r.status() != TrialStatus.OK) {
                            chart.add(series(r, describe(r), grid.color(lr), metric.value()));
                        }
                    }
                }
                page.append(chart.render(metric.id() + "-" + i)).append('\n');
            }
            page.append("</div>\n");
        }
        page.append("</section>\n");
    }

    /** The seeds of one configuration that trained ok: their mean per epoch, with their min to max as a band. */
    private static SvgChart.Series seedBand(List<TrialResult> seeds, String color, ToDoubleFunction<EpochRecord> value) {
        int epochs = seeds.stream().mapToInt(r -> r.epochs().size()).max().orElse(0);
        double[] x = new double[epochs];
        double[] mean = new double[epochs];
        double[] low = new double[epochs];
        double[] high = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            int epoch = e;
            // early stopping ends seeds at different epochs: each epoch averages the seeds that reached it
            var at = seeds.stream().filter(r -> r.epochs().size() > epoch).mapToDouble(r -> value.applyAsDouble(r.epochs().get(epoch)))
                    .filter(Double::isFinite).summaryStatistics();
            x[e] = seeds.stream().filter(r -> r.epochs().size() > epoch).findFirst().orElseThrow().epochs().get(e).epoch();
            mean[e] = at.getCount() == 0 ? Double.NaN : at.getAverage();
            low[e] = at.getCount() == 0 ? Double.NaN : at.getMin();
            high[e] = at.getCount() == 0 ? Double.NaN : at.getMax();
        }
        Trial t = seeds.get(0).trial();
        String label = String.format(Locale.ROOT, "lr %s, %s, %s: mean of %d seeds (band: min to max); trials %s",
                rate(t.learningRate()), t.schedule().name(), t.train().optimizer().name(), seeds.size(),
                seeds.stream().map(r -> r.trial().id()).collect(Collectors.joining(", ")));
        return new SvgChart.Series(label, color, x, mean, false, low, high);
    }

    /** A trial as hover texts show it: its id, rate, schedule, optimizer, seed and status. */
    static String describe(TrialResult r) {
        Trial t = r.trial();
        return String.format(Locale.ROOT, "trial %s: lr %s, %s, %s, seed %d, %s", t.id(), rate(t.learningRate()),
                t.schedule().name(), t.train().optimizer().name(), t.seed(), r.status().label());
    }

    /** A rate in a chart's legend or hover text: 3 significant digits, enough to tell sampled rates apart. */
    private static String rate(double lr) {
        return SvgChart.tickLabel(lr);
    }

    /** One legend for the charts that follow it, so that each chart keeps its height for the plot. */
    static void legend(StringBuilder page, List<Key> keys) {
        page.append("<p class=\"legend\">");
        keys.forEach(k -> page.append("<span><i style=\"background:").append(escape(k.color())).append("\"></i>")
                .append(escape(k.label())).append("</span> "));
        page.append("</p>\n");
    }

    private static SvgChart.Series series(TrialResult r, String label, String color, ToDoubleFunction<EpochRecord> value) {
        return new SvgChart.Series(label, color,
                r.epochs().stream().mapToDouble(EpochRecord::epoch).toArray(),
                r.epochs().stream().mapToDouble(value).toArray(),
                r.status() != TrialStatus.OK);
    }

    /** With repeated seeds: one row per configuration, mean ± std of the best value of the objective, ties marked. */
    private static void configurations(StringBuilder page, List<Configurations.Configuration> configurations) {
        var best = configurations.get(0);
        String objective = best.runs().get(0).trial().train().objective().key();
        page.append("<section>\n<h2>Configurations over seeds</h2>\n<p class=\"note\">Mean ± standard deviation of the best ")
                .append(objective).append(" over the runs that trained ok. A tie: the difference from the best is no larger than ")
                .append("the two standard deviations combined.</p>\n<table id=\"configurations\">\n<thead><tr>")
                .append("<th>rank</th><th class=\"text\">configuration</th><th>runs ok</th><th>best ").append(objective)
                .append("</th><th class=\"text\">verdict</th>")
                .append("</tr></thead>\n<tbody>\n");
        int rank = 1;
        for (var c : configurations) {
            String verdict = c == best ? "best" : c.tiedWith(best) ? "tie with best" : "";
            page.append("<tr").append(c == best ? " class=\"best\"" : "").append("><td>").append(rank++)
                    .append("</td><td class=\"text\">").append(escape(c.label()))
                    .append("</td><td>").append(c.ok()).append('/').append(c.runs().size())
                    .append("</td><td>").append(Double.isNaN(c.mean()) ? "–" : escape(Summary.meanStd(c)))
                    .append("</td><td class=\"text\">").append(verdict).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    /** Successive halving: per rung, how many trials reported and went on (the curves show where each stopped). */
    private static void pruning(StringBuilder page, List<Pruning.Rung> rungs, List<TrialResult> results) {
        page.append("<section id=\"pruning\">\n<h2>Successive halving</h2>\n<p class=\"note\">")
                .append(escape(Pruning.summary(results)))
                .append(" Pruned trials end early in the curves above.</p>\n<table>\n<thead><tr><th>rung</th><th>reported</th>")
                .append("<th>went on</th></tr></thead>\n<tbody>\n");
        for (Pruning.Rung r : rungs) {
            page.append("<tr><td>").append(r.index()).append("</td><td>").append(r.reported()).append("</td><td>")
                    .append(r.promoted()).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    /** The verdict's warnings, if any: one list above the charts. */
    private static void warnings(StringBuilder page, Verdict verdict) {
        if (verdict.warnings().isEmpty()) {
            return;
        }
        page.append("<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n");
        verdict.warnings().forEach(w -> page.append("<li>").append(escape(w)).append("</li>\n"));
        page.append("</ul>\n</section>\n");
    }

    private static void ranking(StringBuilder page, List<TrialResult> results, Verdict verdict) {
        Judging.RankBy rankBy = verdict.judging().rankBy();
        Objective objective = results.get(0).trial().train().objective();
        // the final metric the task has: accuracy, or a regression's mean absolute error
        boolean regression = results.stream().anyMatch(r -> r.last().map(e -> !Double.isNaN(e.valMae())).orElse(false));
        page.append("<section>\n<h2>Ranking</h2>\n<p class=\"note\">Ok trials by " + Summary.rankedBy(rankBy, objective.key())
                + ", then diverged, then failed. "
                + "Click a header to sort.</p>\n<table id=\"ranking\" class=\"sortable\">\n<thead><tr>");
        for (String header : List.of("rank", "trial", "learning rate", "schedule", "optimizer", "seed", "status", "best epoch",
                "stopped epoch", "best " + objective.key(), "final " + objective.key(), regression ? "final val mae" : "final val acc",
                "train s")) {
            boolean text = List.of("trial", "schedule", "optimizer", "status").contains(header);
            page.append(text ? "<th>" : "<th class=\"num\" data-type=\"number\">").append(header).append("</th>");
        }
        page.append("</tr></thead>\n<tbody>\n");
        Optional<TrialResult> best = Ranking.best(results, rankBy);
        int rank = 0;
        for (TrialResult r : Ranking.rank(results, rankBy)) {
            rank++;
            Trial t = r.trial();
            Optional<EpochRecord> bestEpoch = r.best();
            Optional<EpochRecord> last = r.last().filter(EpochRecord::finite);
            String rowClass = best.filter(r::equals).isPresent() ? "best" : r.status().label();
            page.append("<tr class=\"").append(rowClass).append("\" data-trial=\"").append(escape(t.id())).append("\">")
                    .append(num(rank, Integer.toString(rank)))
                    .append("<td><code>").append(escape(t.id())).append("</code></td>")
                    .append(num(t.learningRate(), TrialText.rate(t.learningRate())))
                    .append("<td>").append(escape(TrialText.schedule(t.schedule()))).append("</td>")
                    .append("<td>").append(escape(t.train().optimizer().name())).append("</td>")
                    .append(num(t.seed(), Integer.toString(t.seed())))
                    .append("<td").append(r.error() == null ? "" : " title=\"" + escape(r.error()) + "\"").append('>')
                    .append(verdict.status(r)).append("</td>")
                    .append(num(bestEpoch.map(EpochRecord::epoch), Object::toString))
                    .append(num(r.stoppedEpoch(), Object::toString))
                    .append(num(bestEpoch.map(objective::value), v -> String.format(Locale.ROOT, "%.4f", v)))
                    .append(num(last.map(objective::value), v -> String.format(Locale.ROOT, "%.4f", v)))
                    .append(num(last.map(regression ? EpochRecord::valMae : EpochRecord::valAccuracy),
                            v -> String.format(Locale.ROOT, "%.4f", v)))
                    .append(num(r.trainMillis() / 1000.0, String.format(Locale.ROOT, "%.1f", r.trainMillis() / 1000.0)))
                    .append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    private static String num(double sortKey, String shown) {
        return "<td class=\"num\" data-sort=\"" + sortKey + "\">" + escape(shown) + "</td>";
    }

    /** A missing value sorts last ascending. */
    private static <T extends Number> String num(Optional<T> value, Function<T, String> shown) {
        return value.map(v -> num(v.doubleValue(), shown.apply(v)))
                .orElse("<td class=\"num\" data-sort=\"Infinity\">–</td>");
    }

    private static void runFacts(StringBuilder page, List<TrialResult> results, RunFacts facts, ReportGrid grid) {
        RunFacts.Execution run = facts.execution();
        String notRecorded = "not recorded (rebuilt from the Parquet tables)";
        page.append("<section id=\"run-facts\">\n<h2>Run</h2>\n<dl>\n");
        if (facts.partial() != null) {
            fact(page, "partial", facts.partial());
        }
        fact(page, "grid", results.size() + " trials = " + grid.shape());
        results.stream().findFirst().map(r -> r.trial().train()).ifPresent(train ->
                fact(page, "training", train.epochs() + " epochs, batch size " + train.batchSize() + ", "
                        + results.stream().map(r -> r.trial().train().optimizer().name()).distinct().collect(Collectors.joining(", "))
                        + (train.patience() > 0 ? ", early stopping after " + train.patience() + " epochs without improvement" : "")));
        fact(page, "outcome", counts(results));
        fact(page, "wall time", run == null ? notRecorded : String.format(Locale.ROOT, "%.1f s", run.wallMillis() / 1000.0));
        fact(page, "Spark master", run == null ? notRecorded : run.master());
        fact(page, "task slots", run == null ? notRecorded : run.taskSlots() + " (trials trained at once)");
        page.append("</dl>\n");
        List<TrialResult> failed = results.stream().filter(r -> r.status() == TrialStatus.FAILED).toList();
        if (!failed.isEmpty()) {
            page.append("<h3>Failures</h3>\n<ul id=\"failures\">\n");
            failed.forEach(r -> page.append("<li><code>").append(escape(r.trial().id())).append("</code> (")
                    .append(escape(TrialText.of(r.trial()))).append("): ").append(escape(String.valueOf(r.error()))).append("</li>\n"));
            page.append("</ul>\n");
        }
        page.append("<details><summary>config.conf (the resolved config of the run)</summary>\n<pre id=\"config\">")
                .append(escape(facts.config())).append("</pre>\n</details>\n</section>\n");
    }

    private static void fact(StringBuilder page, String name, String value) {
        page.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static String counts(List<TrialResult> results) {
        return String.format(Locale.ROOT, "%d trials: %d ok, %d diverged, %d failed", results.size(),
                Summary.count(results, TrialStatus.OK), Summary.count(results, TrialStatus.DIVERGED),
                Summary.count(results, TrialStatus.FAILED));
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static final String HEAD = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff;
                   max-width: 1400px; margin: 0 auto; padding: 24px 32px; line-height: 1.45; }
            h1 { font-size: 1.6em; margin: 0 0 4px; }
            h2 { font-size: 1.2em; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #e5e5e5; }
            h3 { font-size: 1em; margin: 18px 0 6px; color: #444; }
            code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
            pre { background: #f6f8fa; padding: 10px 12px; border-radius: 6px; overflow-x: auto; }
            .summary { color: #444; margin: 0; }
            .note { color: #666; font-size: 0.9em; margin: 4px 0 10px; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; }
            .grid.wide { grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); }
            .grid svg.chart { width: 100%; height: auto; }
            .chart { border: 1px solid #eee; border-radius: 6px; background: #fff; }
            .chart g.series:hover path:not(.band):not(.outlier) { stroke-width: 3.2; }
            .chart g.series:hover circle { r: 5; }
            .chart g.jump:hover path { stroke-width: 2.8; }
            .legend { margin: 4px 0 8px; font-size: 0.9em; }
            .legend span { margin-right: 14px; white-space: nowrap; }
            .legend i { display: inline-block; width: 18px; height: 4px; margin-right: 5px; vertical-align: middle; border-radius: 2px; }
            .marginals { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
            .bar { display: inline-block; height: 10px; background: #4e79a7; border-radius: 2px; }
            table { border-collapse: collapse; font-size: 0.9em; }
            th, td { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: left; }
            th { background: #fafafa; font-weight: 600; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            table.sortable th { cursor: pointer; user-select: none; }
            table.sortable th[data-dir=asc]::after { content: " \\25B2"; }
            table.sortable th[data-dir=desc]::after { content: " \\25BC"; }
            #ranking tr.best td { background: #eef6ee; font-weight: 600; }
            #ranking tr.diverged td { color: #a35200; }
            #ranking tr.failed td { color: #c0392b; }
            .heatmap td { text-align: center; min-width: 84px; font-variant-numeric: tabular-nums; border: 1px solid #fff; }
            .heatmap td.best { outline: 3px solid #e15759; outline-offset: -3px; font-weight: 700; }
            .heatmap td.none { background: #f0f0f0; color: #888; }
            dl { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 0 0 12px; }
            dt { color: #666; }
            dd { margin: 0; }
            summary { cursor: pointer; color: #4e79a7; }
            #page-errors { color: #c0392b; white-space: pre-wrap; }
            #page-errors:empty { display: none; }
            </style>
            </head>
            <body>
            <div id="page-errors"></div>
            <script>
            // Script errors show on the page (and in tests that read the DOM) instead of only in a console.
            window.onerror = function (message, source, line) {
              document.getElementById('page-errors').textContent += 'script error: ' + message + ' (line ' + line + ')\\n';
            };
            </script>
            """;

    private static final String FOOT = """
            <script>
            // Sort the ranking by the clicked column; numbers by their data-sort value.
            document.querySelectorAll('table.sortable').forEach(function (table) {
              table.querySelectorAll('th').forEach(function (th, column) {
                th.addEventListener('click', function () {
                  var ascending = th.dataset.dir !== 'asc';
                  table.querySelectorAll('th').forEach(function (other) { delete other.dataset.dir; });
                  th.dataset.dir = ascending ? 'asc' : 'desc';
                  var numeric = th.dataset.type === 'number';
                  var key = function (row) {
                    var cell = row.cells[column];
                    return numeric ? parseFloat(cell.dataset.sort) : cell.textContent;
                  };
                  var body = table.tBodies[0];
                  var rows = Array.prototype.slice.call(body.rows).sort(function (a, b) {
                    var x = key(a), y = key(b);
                    var order = numeric ? (x === y ? 0 : x < y ? -1 : 1) : x.localeCompare(y);
                    return ascending ? order : -order;
                  });
                  rows.forEach(function (row) { body.appendChild(row); });
                });
              });
            });
            </script>
            </body>
            </html>
            """;
}
