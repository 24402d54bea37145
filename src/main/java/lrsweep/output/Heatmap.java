package lrsweep.output;

import static lrsweep.output.SvgChart.escape;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import lrsweep.schedule.Names;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;

/**
 * The mean best validation loss over base rate × schedule as a table. Cells are shaded by rank,
 * not by value: a linear scale spends its shades on the diverging corner and leaves the good region
 * one colour; the value and rank show on hover.
 */
final class Heatmap {

    private Heatmap() {}

    static void render(StringBuilder page, ReportGrid grid) {
        var cells = grid.schedules().stream()
                .map(s -> grid.rates().stream().map(lr -> meanBest(grid.trials(lr, s))).toList()).toList();
        double[] sorted = cells.stream().flatMap(List::stream).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .sorted().toArray();
        page.append("<section>\n<h2>Best validation loss by base learning rate and schedule</h2>\n<p class=\"note\">")
                .append(grid.seeds() > 1 ? "Mean over the seeds that trained ok. " : "")
                .append("Shaded by rank, darkest is best; the best cell is outlined; hover a cell for its value and rank. ")
                .append("Grey cells: no trial trained ok.</p>\n");
        page.append("<table id=\"heatmap\" class=\"heatmap\">\n<thead><tr><th>schedule \\ base LR</th>");
        grid.rates().forEach(lr -> page.append("<th class=\"num\">").append(Names.number(lr)).append("</th>"));
        page.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < grid.schedules().size(); i++) {
            String schedule = grid.schedules().get(i);
            page.append("<tr><th>").append(escape(schedule)).append("</th>");
            for (int j = 0; j < grid.rates().size(); j++) {
                List<TrialResult> trials = grid.trials(grid.rates().get(j), schedule);
                long ok = trials.stream().filter(r -> r.status() == TrialStatus.OK).count();
                String where = String.format(Locale.ROOT, "%s, lr %s: ", schedule, Names.number(grid.rates().get(j)));
                String okOf = String.format(Locale.ROOT, "%d of %d trials ok", ok, trials.size());
                OptionalDouble v = cells.get(i).get(j);
                if (v.isEmpty()) {
                    String why = trials.isEmpty() ? "–" : trials.stream().map(r -> r.status().label()).distinct().sorted()
                            .reduce((a, b) -> a + ", " + b).orElseThrow();
                    page.append("<td class=\"none\" title=\"").append(escape(where + okOf)).append("\">").append(escape(why)).append("</td>");
                    continue;
                }
                int rank = rank(sorted, v.getAsDouble());
                double shade = sorted.length > 1 ? (double) rank / (sorted.length - 1) : 0;
                boolean best = rank == 0;
                String title = String.format(Locale.ROOT, "%sbest validation loss %.4f%s, rank %d of %d; %s", where, v.getAsDouble(),
                        grid.seeds() > 1 ? " (mean)" : "", rank + 1, sorted.length, okOf);
                page.append(String.format(Locale.ROOT, "<td class=\"%s\" style=\"background:%s;color:%s\" title=\"%s\">%s%.4f%s</td>",
                        best ? "best" : "", blend(shade), shade < 0.5 ? "#fff" : "#222", escape(title), best ? "★ " : "", v.getAsDouble(),
                        ok < trials.size() ? String.format(Locale.ROOT, " <small>(%d/%d ok)</small>", ok, trials.size()) : ""));
            }
            page.append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    /** The number of cells strictly better: equal values share a rank. */
    private static int rank(double[] sorted, double v) {
        int n = 0;
        while (n < sorted.length && sorted[n] < v) {
            n++;
        }
        return n;
    }

    private static OptionalDouble meanBest(List<TrialResult> trials) {
        return trials.stream().map(ReportGrid::objective).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
                .average();
    }

    /** Dark blue (0, best) to pale blue (1, worst). */
    private static String blend(double t) {
        int[] dark = {0x08, 0x45, 0x94};
        int[] pale = {0xe3, 0xee, 0xf9};
        var hex = new StringBuilder("#");
        for (int c = 0; c < 3; c++) {
            hex.append(String.format(Locale.ROOT, "%02x", Math.round(dark[c] + t * (pale[c] - dark[c]))));
        }
        return hex.toString();
    }
}
