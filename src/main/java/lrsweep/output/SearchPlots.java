package lrsweep.output;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import lrsweep.train.Objective;
import lrsweep.train.TrialResult;

/**
 * For a search that samples its rates (random, TPE), in place of the heatmap (whose columns would
 * be as many as the trials, mostly empty): the slice plot, best validation loss against base rate
 * with one colour per schedule, and the optimisation history, each trial's value and the best so far.
 */
final class SearchPlots {

    /** Two charts to a row (each wider than the curves' three): units to match, so that their text keeps its size. */
    static final int WIDTH = 640;

    private SearchPlots() {}

    static void render(StringBuilder page, ReportGrid grid) {
        List<String> schedules = grid.results().stream().map(r -> r.trial().schedule().name()).distinct().toList();
        Objective objective = grid.objective();
        Focus focus = Focus.of(grid.results().stream().map(ReportGrid::objective).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray(), !objective.largerIsBetter());
        var slice = new SvgChart("Best " + objective.key() + " by base learning rate", "base learning rate", "best " + objective.key())
                .logX(true).legend(false).width(WIDTH);
        var history = new SvgChart("Optimisation history", "trial (in the order sampled)", "best " + objective.key())
                .legend(false).width(WIDTH);
        if (focus != null) {
            slice.yRange(focus.min(), focus.max()).logY(focus.log());
            history.yRange(focus.min(), focus.max()).logY(focus.log());
        }
        // drawn first, so that the trials' dots lie on top of it
        var bestLine = new SvgChart.Series("best so far", "#999", new double[grid.results().size()], new double[grid.results().size()], false);
        history.add(bestLine);
        double bestSoFar = Double.NaN;
        double[] steps = bestLine.x();
        double[] bests = bestLine.y();
        for (int i = 0; i < steps.length; i++) {
            TrialResult r = grid.results().get(i);
            OptionalDouble v = ReportGrid.objective(r);
            String color = SvgChart.PALETTE.get(schedules.indexOf(r.trial().schedule().name()) % SvgChart.PALETTE.size());
            String label = HtmlReport.describe(r) + (v.isPresent() ? String.format(Locale.ROOT, ": best %s %.4f", objective.key(), v.getAsDouble()) : "");
            if (v.isPresent()) {
                double[] at = {r.trial().learningRate()};
                slice.add(new SvgChart.Series(label, color, at, new double[] {v.getAsDouble()}, false));
                history.add(new SvgChart.Series(label, color, new double[] {i + 1}, new double[] {v.getAsDouble()}, false));
                if (!(objective.cost(bestSoFar) <= objective.cost(v.getAsDouble()))) {
                    bestSoFar = v.getAsDouble();
                }
            }
            steps[i] = i + 1;
            bests[i] = bestSoFar;
        }
        long notOk = grid.results().stream().filter(r -> ReportGrid.objective(r).isEmpty()).count();
        page.append("<section id=\"search-plots\">\n<h2>Where the search found good rates</h2>\n<p class=\"note\">")
                .append("One dot per trial, coloured by schedule; hover a dot for its trial. ")
                .append(notOk > 0 ? notOk + " trials that did not train ok have no value and are not drawn. " : "")
                .append("A ▲ at the top edge: a loss beyond the range of the others.</p>\n");
        HtmlReport.legend(page, schedules.stream().map(s -> new HtmlReport.Key(s, SvgChart.PALETTE.get(schedules.indexOf(s) % SvgChart.PALETTE.size()))).toList());
        page.append("<div class=\"grid wide\">").append(slice.render("slice")).append('\n').append(history.render("history"))
                .append("</div>\n</section>\n");
    }
}
