package lrsweep.output;

import static lrsweep.output.SvgChart.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lrsweep.schedule.Names;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * Population-based training's members ({@code sweep.search = pbt}): for report.html each member's
 * rate and validation loss per epoch, every exploit a dashed jump from the donor's epoch to the
 * member's next, and the best member's discovered schedule ({@link Lineage#rates}) bold; for
 * report.md the members, the discovered schedule run-length encoded and the HOCON that replays it.
 */
final class Population {

    /** Dark, so that the discovered schedule stands apart from the members' palette colours. */
    private static final String DISCOVERED = "#222";

    private Population() {}

    static void render(StringBuilder page, List<TrialResult> results, Optional<TrialResult> best) {
        List<Double> schedule = best.map(b -> Lineage.rates(results, b)).orElse(List.of());
        String text = Lineage.runLength(schedule);
        Optional<SvgChart.Series> discovered = best.map(b -> new SvgChart.Series("discovered schedule (best member " + b.trial().id()
                + "): " + text, DISCOVERED, IntStream.range(0, schedule.size()).asDoubleStream().toArray(), array(schedule), false)
                .emphasized());
        // perturbing multiplies a rate: a log axis shows each × 0.8 or × 1.2 as the same step at any height
        var rates = chart("Learning rate per member", "learning rate", results, EpochRecord::learningRate, discovered).logY(true);
        var loss = chart("Validation loss per member", "validation loss", results, EpochRecord::valLoss, Optional.empty());
        List<TrialResult> ok = results.stream().filter(r -> r.status() == TrialStatus.OK).toList();
        Focus focus = Focus.of(ReportGrid.values(ok.isEmpty() ? results : ok, EpochRecord::valLoss), true);
        if (focus != null) {
            loss.yRange(focus.min(), focus.max()).logY(focus.log());
        }
        page.append("<section id=\"population\">\n<h2>Population</h2>\n<p class=\"note\">")
                .append(results.size()).append(" members, ").append(exploits(results))
                .append(" exploits: at each dashed jump, ending in a ring, a member took another's network and optimizer state, ")
                .append("as it was at the jump's start, and went on at a perturbed rate. The bold line is the best member's discovered ")
                .append("schedule, the rates that trained its network along its lineage. Hover a line or jump for its member.</p>\n");
        List<HtmlReport.Key> keys = new ArrayList<>();
        for (int m = 0; m < results.size(); m++) {
            keys.add(new HtmlReport.Key("member " + results.get(m).trial().id(), color(m)));
        }
        best.ifPresent(b -> keys.add(new HtmlReport.Key("discovered schedule", DISCOVERED)));
        HtmlReport.legend(page, keys);
        page.append("<div class=\"grid wide\">").append(rates.render("pbt-rates")).append('\n').append(loss.render("pbt-val-loss"))
                .append("</div>\n");
        best.ifPresent(b -> page.append("<p class=\"note\">Discovered schedule (best member <code>").append(escape(b.trial().id()))
                .append("</code>), per epoch: <span id=\"pbt-discovered\">").append(escape(text))
                .append("</span>. To replay it as a fixed schedule:</p>\n<pre><code id=\"pbt-replay\">")
                .append(escape(replay(results, b))).append("</code></pre>\n"));
        page.append("</section>\n");
    }

    /**
     * One line per member, broken before each exploit (the next epoch went on from the donor's
     * network), and its jumps; {@code beneath} drawn first, so that they lie on top of it.
     */
    private static SvgChart chart(String title, String yLabel, List<TrialResult> results, ToDoubleFunction<EpochRecord> value,
            Optional<SvgChart.Series> beneath) {
        var chart = new SvgChart(title, "epoch", yLabel).width(SearchPlots.WIDTH).legend(false);
        beneath.ifPresent(chart::add);
        Map<String, TrialResult> byId = results.stream().collect(Collectors.toMap(r -> r.trial().id(), Function.identity()));
        for (int m = 0; m < results.size(); m++) {
            TrialResult r = results.get(m);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (EpochRecord e : r.epochs()) {
                if (r.exploits().containsKey(e.epoch())) {
                    x.add(e.epoch() - 0.5);
                    y.add(Double.NaN); // SvgChart breaks a line at a value it cannot show
                }
                x.add((double) e.epoch());
                y.add(value.applyAsDouble(e));
            }
            chart.add(new SvgChart.Series(describe(r), color(m), array(x), array(y), r.status() != TrialStatus.OK));
            for (var exploit : r.exploits().entrySet()) {
                int epoch = exploit.getKey();
                TrialResult donor = byId.get(exploit.getValue());
                String label = String.format(Locale.ROOT, "epoch %d: member %s took member %s's state (after epoch %d); %s %s → %s",
                        epoch, r.trial().id(), exploit.getValue(), epoch - 1, yLabel, at(donor, epoch - 1, value), at(r, epoch, value));
                chart.jump(new SvgChart.Jump(epoch - 1, value(donor, epoch - 1, value), epoch, value(r, epoch, value), label, color(m)));
            }
        }
        return chart;
    }

    /** report.md's section: the members, the discovered schedule and the HOCON that replays it. */
    static void markdown(StringBuilder sb, List<TrialResult> results, Optional<TrialResult> best) {
        sb.append("## Population\n\n").append(results.size()).append(" members, ").append(exploits(results))
                .append(" exploits (a member took another's network and optimizer state, then perturbed its rate).\n\n")
                .append("| member | first lr | final lr | exploits | best val_loss |\n|---|---:|---:|---:|---:|\n");
        for (TrialResult r : results) {
            sb.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %d | %s |%n", r.trial().id(),
                    r.epochs().isEmpty() ? "–" : TrialText.rate(r.epochs().get(0).learningRate()),
                    r.last().map(e -> TrialText.rate(e.learningRate())).orElse("–"), r.exploits().size(),
                    r.best().map(e -> String.format(Locale.ROOT, "%.4f", e.valLoss())).orElse("–")));
        }
        best.ifPresent(b -> sb.append("\n**Discovered schedule** (best member `").append(b.trial().id())
                .append("`, the rates along its lineage, per epoch): ").append(Lineage.runLength(Lineage.rates(results, b)))
                .append("\n\nTo replay it as a fixed schedule (the same seed and optimizer), add to the config:\n\n```\n")
                .append(replay(results, b)).append("\n```\n"));
        sb.append('\n');
    }

    /**
     * {@code best}'s discovered schedule as a grid of one trial ({@link Lineage#replay}): pasted
     * into the pbt config, it overrides the search, the rates and schedules with its own.
     */
    static String replay(List<TrialResult> results, TrialResult best) {
        Trial t = Lineage.replay(results, best);
        return "sweep { search = grid, learning-rates = [" + Names.number(t.learningRate()) + "], schedules = ["
                + HtmlReport.schedule(t.schedule()) + "], optimizers = [" + t.train().optimizer().spec() + "], seeds = [" + t.seed()
                + "] }";
    }

    private static String describe(TrialResult r) {
        return HtmlReport.describe(r).replaceFirst("^trial", "member") + r.last()
                .map(e -> ", final lr " + TrialText.rate(e.learningRate())).orElse("") + ", " + r.exploits().size() + " exploits";
    }

    private static int exploits(List<TrialResult> results) {
        return results.stream().mapToInt(r -> r.exploits().size()).sum();
    }

    private static String color(int member) {
        return SvgChart.PALETTE.get(member % SvgChart.PALETTE.size());
    }

    /** {@code r}'s value at {@code epoch}; NaN if its history has none (a member cut short, or none given). */
    private static double value(TrialResult r, int epoch, ToDoubleFunction<EpochRecord> value) {
        return r == null ? Double.NaN
                : r.epochs().stream().filter(e -> e.epoch() == epoch).mapToDouble(value).findFirst().orElse(Double.NaN);
    }

    private static String at(TrialResult r, int epoch, ToDoubleFunction<EpochRecord> value) {
        double v = value(r, epoch, value);
        return Double.isNaN(v) ? "–" : SvgChart.tickLabel(v);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
