package lrsweep.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;

/**
 * A small self-contained SVG line chart: axes with ticks, an optional log-scale y axis, a legend
 * below the plot. Lines break at non-finite values (a diverged loss is NaN); values outside a fixed
 * y range are clipped, so one exploding line does not flatten the others, and marked at the edge
 * they left by. A series may carry a band (seeds' min to max); a series of one point is a large dot
 * (a scatter plot is one series per point), and a jump a dashed segment between two points. Every
 * text is escaped; hovering a series or jump shows its label.
 */
public final class SvgChart {

    /** Tableau 10: distinct hues that stay readable on white. */
    public static final List<String> PALETTE = List.of(
            "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    /**
     * One line.
     *
     * @param marked drawn dashed with a cross at its last point: a trial that diverged or failed
     * @param bold   drawn wide, to stand out from the lines around it
     */
    public record Series(String label, String color, double[] x, double[] y, boolean marked, double[] low, double[] high,
            boolean bold) {

        public Series(String label, String color, double[] x, double[] y, boolean marked, double[] low, double[] high) {
            this(label, color, x, y, marked, low, high, false);
        }

        public Series(String label, String color, double[] x, double[] y, boolean marked) {
            this(label, color, x, y, marked, null, null);
        }

        public Series emphasized() {
            return new Series(label, color, x, y, marked, low, high, true);
        }
    }

    /** A labelled vertical line at {@code x}, e.g. a suggested learning rate. */
    public record Marker(double x, String label, String color) {}

    /**
     * A dashed segment from one point to another, ending in a ring: a jump between lines, such as
     * a population member taking another's state. Hovering it shows its label.
     */
    public record Jump(double x1, double y1, double x2, double y2, String label, String color) {}

    private static final int HEIGHT = 200;
    private static final int LEFT = 54;
    private static final int RIGHT = 12;
    private static final int TOP = 24;
    private static final int BOTTOM = 34;
    private static final int LEGEND_ROW = 14;
    /** Styles as attributes, not CSS, so that a chart saved on its own (schedule --svg) looks the same. */
    private static final String FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\" font-size=\"10\" fill=\"#333\"";
    /** Dots at the data points help with few epochs and only clutter long traces. */
    private static final int MAX_DOTTED_POINTS = 30;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private final List<Jump> jumps = new ArrayList<>();
    private boolean logX;
    private boolean logY;
    private double[] yRange;
    private int width = 320;
    private boolean legend = true;

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgChart logX(boolean on) {
        logX = on;
        return this;
    }

    public SvgChart logY(boolean on) {
        logY = on;
        return this;
    }

    public SvgChart mark(Marker marker) {
        markers.add(marker);
        return this;
    }

    public SvgChart jump(Jump jump) {
        jumps.add(jump);
        return this;
    }

    /** Fixes the y range (default: fitted to the finite data); lines leaving it are clipped. */
    public SvgChart yRange(double min, double max) {
        yRange = new double[] {min, max};
        return this;
    }

    /**
     * The width in SVG units; a page may scale the chart to its column (CSS width 100%), so a wider
     * chart keeps its text the same size when the column is wider.
     */
    public SvgChart width(int units) {
        width = units;
        return this;
    }

    /** Off when the page draws one legend for all its charts. */
    public SvgChart legend(boolean on) {
        legend = on;
        return this;
    }

    public SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    /** The chart as an {@code <svg>} element with the given id (also the prefix of its clip path's id). */
    public String render(String id) {
        List<String> legend = this.legend ? legendRows() : List.of();
        int height = HEIGHT + legend.size() * LEGEND_ROW + (legend.isEmpty() ? 0 : 4);
        var svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" class=\"chart\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" %s>",
                escape(id), width, height, width, height, escape(title), FONT));
        svg.append("<title>").append(escape(title)).append("</title>");
        svg.append(text(LEFT, 15, "start", "chart-title", title));
        double[] xs = range(series.stream().flatMapToDouble(s -> DoubleStream.of(s.x())), logX);
        double[] ys = yRange != null ? yRange : range(series.stream().flatMapToDouble(s -> DoubleStream.of(s.y())), logY);
        if (xs == null || ys == null) {
            svg.append(text((LEFT + width - RIGHT) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, "middle", "no-data", "no data"));
        } else {
            Axis x = logX ? Axis.log(xs[0], xs[1], LEFT, width - RIGHT) : Axis.linear(xs[0], xs[1], LEFT, width - RIGHT, true);
            Axis y = logY ? Axis.log(ys[0], ys[1], HEIGHT - BOTTOM, TOP) : Axis.linear(ys[0], ys[1], HEIGHT - BOTTOM, TOP, false);
            axes(svg, x, y);
            plot(svg, id, x, y);
            markers(svg, x);
        }
        int middle = (TOP + HEIGHT - BOTTOM) / 2;
        svg.append("<g transform=\"rotate(-90 12 ").append(middle).append(")\">")
                .append(text(12, middle, "middle", "axis-label", yLabel)).append("</g>");
        svg.append(text((LEFT + width - RIGHT) / 2.0, HEIGHT - 4, "middle", "axis-label", xLabel));
        for (int row = 0; row < legend.size(); row++) {
            svg.append("<g transform=\"translate(0 ").append(HEIGHT + row * LEGEND_ROW).append(")\">")
                    .append(legend.get(row)).append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private void axes(StringBuilder svg, Axis x, Axis y) {
        svg.append("<g class=\"grid\">");
        for (double t : y.ticks()) {
            double py = y.pixel(t);
            svg.append(line(LEFT, py, width - RIGHT, py, "gridline"));
            svg.append(text(LEFT - 4, py + 3, "end", "tick", tickLabel(t)));
        }
        for (double t : x.ticks()) {
            double px = x.pixel(t);
            svg.append(line(px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 4, "axis"));
            svg.append(text(px, HEIGHT - BOTTOM + 14, "middle", "tick", tickLabel(t)));
        }
        svg.append("</g>");
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "axis"));
        svg.append(line(LEFT, HEIGHT - BOTTOM, width - RIGHT, HEIGHT - BOTTOM, "axis"));
    }

    private void plot(StringBuilder svg, String id, Axis x, Axis y) {
        String clip = escape(id) + "-clip";
        svg.append(String.format(Locale.ROOT, "<clipPath id=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/></clipPath>",
                clip, LEFT, TOP, width - RIGHT - LEFT, HEIGHT - BOTTOM - TOP));
        svg.append("<g clip-path=\"url(#").append(clip).append(")\">");
        for (Series s : series) {
            var path = new StringBuilder();
            var dots = new StringBuilder();
            double lastX = Double.NaN;
            double lastY = Double.NaN;
            boolean pen = false;
            for (int i = 0; i < s.x().length; i++) {
                if (!x.shows(s.x()[i]) || !y.shows(s.y()[i])) {
                    pen = false; // a gap, not a line through the missing value
                    continue;
                }
                double px = x.pixel(s.x()[i]);
                double py = y.pixel(s.y()[i]);
                path.append(pen ? " L" : " M").append(fmt(px)).append(' ').append(fmt(py));
                pen = true;
                boolean outside = py < TOP || py > HEIGHT - BOTTOM;
                if (outside) {
                    dots.append(outlier(px, py < TOP, s.color()));
                } else if (s.x().length <= MAX_DOTTED_POINTS) {
                    dots.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"/>", fmt(px), fmt(py),
                            s.x().length == 1 ? "3.5" : "2", escape(s.color())));
                }
                lastX = px;
                lastY = Math.max(TOP, Math.min(HEIGHT - BOTTOM, py));
            }
            svg.append("<g class=\"series\"><title>").append(escape(s.label())).append("</title>");
            if (s.low() != null) {
                svg.append(band(s, x, y));
            }
            if (!path.isEmpty()) {
                svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s/>",
                        path.toString().trim(), escape(s.color()), s.bold() ? "3.6" : "1.6", s.marked() ? " stroke-dasharray=\"4 3\"" : ""));
            }
            svg.append(dots);
            if (s.marked() && !Double.isNaN(lastX)) {
                svg.append(cross(lastX, lastY, s.color()));
            }
            svg.append("</g>");
        }
        for (Jump j : jumps) {
            if (!x.shows(j.x2()) || !y.shows(j.y2())) {
                continue;
            }
            // without a start to draw from (a donor's value missing), the ring alone still marks the jump
            boolean from = x.shows(j.x1()) && y.shows(j.y1());
            double x2 = x.pixel(j.x2());
            double y2 = y.pixel(j.y2());
            svg.append("<g class=\"jump\"><title>").append(escape(j.label())).append("</title>");
            if (from) {
                svg.append(String.format(Locale.ROOT,
                        "<path d=\"M%s %s L%s %s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.4\" stroke-dasharray=\"3 2\"/>",
                        fmt(x.pixel(j.x1())), fmt(y.pixel(j.y1())), fmt(x2), fmt(y2), escape(j.color())));
            }
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"1.6\"/>",
                    fmt(x2), fmt(y2), escape(j.color())));
            svg.append("</g>");
        }
        svg.append("</g>");
    }

    /** The area between a series' low and high values (where both are shown), translucent in its colour. */
    private static String band(Series s, Axis x, Axis y) {
        var upper = new StringBuilder();
        var lower = new StringBuilder();
        for (int i = 0; i < s.x().length; i++) {
            if (x.shows(s.x()[i]) && y.shows(s.low()[i]) && y.shows(s.high()[i])) {
                double px = x.pixel(s.x()[i]);
                upper.append(upper.isEmpty() ? "M" : " L").append(fmt(px)).append(' ').append(fmt(y.pixel(s.high()[i])));
                lower.insert(0, " L" + fmt(px) + " " + fmt(y.pixel(s.low()[i])));
            }
        }
        return upper.isEmpty() ? "" : String.format(Locale.ROOT, "<path class=\"band\" d=\"%s%s Z\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\"/>",
                upper, lower, escape(s.color()));
    }

    /** A small triangle at the plot's top or bottom edge: a value beyond the fixed y range. */
    private String outlier(double px, boolean above, String color) {
        double edge = above ? TOP : HEIGHT - BOTTOM;
        double tip = above ? edge + 1 : edge - 1;
        double base = above ? edge + 8 : edge - 8;
        return String.format(Locale.ROOT, "<path class=\"outlier\" d=\"M%s %s L%s %s L%s %s Z\" fill=\"%s\"/>",
                fmt(px), fmt(tip), fmt(px - 4), fmt(base), fmt(px + 4), fmt(base), escape(color));
    }

    private void markers(StringBuilder svg, Axis x) {
        int row = 0;
        for (Marker m : markers) {
            if (!x.shows(m.x())) {
                continue;
            }
            double px = x.pixel(m.x());
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"marker\" x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.4\" stroke-dasharray=\"2 2\"/>",
                    fmt(px), TOP, fmt(px), HEIGHT - BOTTOM, escape(m.color())));
            boolean right = px > (LEFT + width - RIGHT) / 2.0;
            svg.append(text(px + (right ? -3 : 3), TOP + 10 + 11 * row++, right ? "end" : "start", "marker-label", m.label())
                    .replace("<text ", "<text fill=\"" + escape(m.color()) + "\" "));
        }
    }

    /** Legend items packed into rows of the chart's width. */
    private List<String> legendRows() {
        List<String> rows = new ArrayList<>();
        var row = new StringBuilder();
        double at = LEFT;
        for (Series s : series) {
            double width = 26 + 6 * s.label().length();
            if (at + width > width && at > LEFT) {
                rows.add(row.toString());
                row.setLength(0);
                at = LEFT;
            }
            row.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"6\" x2=\"%s\" y2=\"6\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                    fmt(at), fmt(at + 16), escape(s.color()), s.marked() ? " stroke-dasharray=\"4 3\"" : ""));
            row.append(text(at + 20, 10, "start", "legend", s.label()));
            at += width;
        }
        if (!row.isEmpty()) {
            rows.add(row.toString());
        }
        return rows;
    }

    /** Min and max of the plottable values (positive ones on a log scale), or null if there are none. */
    private static double[] range(DoubleStream values, boolean log) {
        var stats = values.filter(v -> Double.isFinite(v) && (!log || v > 0)).summaryStatistics();
        return stats.getCount() == 0 ? null : new double[] {stats.getMin(), stats.getMax()};
    }

    /** Maps data values to pixels and knows its ticks. */
    private record Axis(double min, double max, double from, double to, boolean log, List<Double> ticks) {

        static Axis linear(double lo, double hi, double from, double to, boolean whole) {
            if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            } else if (!whole) {
                double pad = (hi - lo) * 0.05; // keep lines off the frame
                lo -= pad;
                hi += pad;
            }
            double step = niceStep((hi - lo) / 4);
            if (whole) {
                step = Math.max(1, step);
            }
            List<Double> ticks = new ArrayList<>();
            for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
                ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            }
            return new Axis(lo, hi, from, to, false, ticks);
        }

        static Axis log(double lo, double hi, double from, double to) {
            double a = Math.log10(lo);
            double b = Math.log10(hi);
            double pad = Math.max(b - a, 0.2) * 0.05;
            a -= pad;
            b += pad;
            List<Double> ticks = new ArrayList<>();
            // decades only when there are several; otherwise 1-2-5 steps so the axis has labels at all
            double[] mantissas = b - a >= 2 ? new double[] {1} : new double[] {1, 2, 5};
            for (int e = (int) Math.floor(a); e <= Math.ceil(b); e++) {
                for (double m : mantissas) {
                    double t = m * Math.pow(10, e);
                    double lt = Math.log10(t);
                    if (lt >= a && lt <= b) {
                        ticks.add(t);
                    }
                }
            }
            return new Axis(a, b, from, to, true, ticks);
        }

        boolean shows(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }

        double pixel(double v) {
            DoubleUnaryOperator scale = log ? Math::log10 : u -> u;
            return from + (scale.applyAsDouble(v) - min) / (max - min) * (to - from);
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / magnitude;
            return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
        }
    }

    /** 0.25, 1500, 1e-4, 2.5e-5: short, exact enough for a tick. */
    static String tickLabel(double v) {
        double a = Math.abs(v);
        if (v == 0 || (a >= 1e-3 && a < 1e5)) {
            return v == 0 ? "0" : BigDecimal.valueOf(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        int e = (int) Math.floor(Math.log10(a));
        String mantissa = BigDecimal.valueOf(v / Math.pow(10, e)).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        return mantissa + "e" + e;
    }

    private static String cross(double x, double y, String color) {
        return String.format(Locale.ROOT, "<path class=\"cross\" d=\"M%s %s L%s %s M%s %s L%s %s\" stroke=\"%s\" stroke-width=\"2\"/>",
                fmt(x - 4), fmt(y - 4), fmt(x + 4), fmt(y + 4), fmt(x - 4), fmt(y + 4), fmt(x + 4), fmt(y - 4), escape(color));
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>",
                cssClass, fmt(x1), fmt(y1), fmt(x2), fmt(y2), cssClass.equals("gridline") ? "#e8e8e8" : "#888");
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        String weight = cssClass.equals("chart-title") ? " font-size=\"12\" font-weight=\"600\"" : "";
        return String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" class=\"%s\"%s>%s</text>",
                fmt(x), fmt(y), anchor, cssClass, weight, escape(content));
    }

    private static String fmt(double pixel) {
        return String.format(Locale.ROOT, "%.1f", pixel);
    }

    /** Escapes text for HTML and SVG, in element content and in quoted attributes. */
    static String escape(String s) {
        var out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
