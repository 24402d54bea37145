package lrsweep.output;

import static lrsweep.output.SvgChart.escape;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import lrsweep.schedule.Names;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;

/**
 * Which axis matters, for a grid of three or more (rate × schedule × optimizer): per value of each
 * axis, the best and the median best validation loss over the trials with that value. An axis
 * whose medians differ widely matters; one whose medians agree can be fixed.
 */
final class Marginals {

    private record Axis(String name, Function<Trial, String> value) {}

    private static final List<Axis> AXES = List.of(
            new Axis("learning rate", t -> Names.number(t.learningRate())),
            new Axis("schedule", t -> t.schedule().name()),
            new Axis("optimizer", t -> t.train().optimizer().name()));

    private Marginals() {}

    /** Whether the grid has three axes with more than one value each, and some trial trained ok. */
    static boolean apply(ReportGrid grid) {
        return !grid.sampled() && grid.results().stream().anyMatch(r -> ReportGrid.objective(r).isPresent()) && AXES.stream().allMatch(a -> grid.results().stream().map(r -> a.value().apply(r.trial())).distinct().count() > 1);
    }

    static void render(StringBuilder page, ReportGrid grid) {
        double[] all = objectives(grid.results());
        Focus focus = Focus.of(all, true);
        page.append("<section id=\"marginals\">\n<h2>Which axis matters</h2>\n<p class=\"note\">Per value of each axis, over the ")
                .append("trials with that value that trained ok: the best and the median best validation loss. The bar is the median, ")
                .append("longer is better; an axis whose bars differ widely matters most.</p>\n<div class=\"marginals\">\n");
        for (Axis axis : AXES) {
            page.append("<table class=\"marginal\">\n<thead><tr><th>").append(escape(axis.name()))
                    .append("</th><th class=\"num\">best</th><th class=\"num\">median</th><th></th></tr></thead>\n<tbody>\n");
            List<String> values = grid.results().stream().map(r -> axis.value().apply(r.trial())).distinct().toList();
            for (String value : values) {
                double[] v = objectives(grid.results().stream().filter(r -> axis.value().apply(r.trial()).equals(value)).toList());
                page.append("<tr><th>").append(escape(value)).append("</th>");
                if (v.length == 0) {
                    page.append("<td class=\"num\">–</td><td class=\"num\">–</td><td>no trial ok</td></tr>\n");
                    continue;
                }
                Arrays.sort(v);
                double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                // full bar: the best median possible (the best trial); a short one: at or beyond the focused range's worst
                double share = focus.max() > focus.min() ? (focus.max() - Math.min(median, focus.max())) / (focus.max() - focus.min()) : 1;
                page.append(String.format(Locale.ROOT, "<td class=\"num\">%.4f</td><td class=\"num\">%.4f</td>"
                                + "<td><span class=\"bar\" style=\"width:%.0fpx\" title=\"median %.4f over %d trials ok\"></span></td></tr>\n",
                        v[0], median, 4 + 140 * share, median, v.length));
            }
            page.append("</tbody>\n</table>\n");
        }
        page.append("</div>\n</section>\n");
    }

    private static double[] objectives(List<TrialResult> results) {
        return results.stream().map(ReportGrid::objective).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .toArray();
    }
}
