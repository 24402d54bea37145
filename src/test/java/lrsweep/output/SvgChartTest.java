package lrsweep.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    private static List<String> tickLabels(String svg) {
        Matcher m = Pattern.compile("class=\"tick\">([^<]*)<").matcher(svg);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void breaksTheLineAtNonFiniteValues() {
        String svg = new SvgChart("t", "x", "y")
                .add(new SvgChart.Series("a", "#000", new double[] {0, 1, 2, 3}, new double[] {1, Double.NaN, 2, 3}, false))
                .render("c");
        Matcher path = Pattern.compile("<path d=\"([^\"]*)\"").matcher(svg);
        assertTrue(path.find());
        assertEquals(2, path.group(1).chars().filter(c -> c == 'M').count(), path.group(1));
        assertEquals(1, path.group(1).chars().filter(c -> c == 'L').count(), path.group(1));
        assertEquals(3, svg.split("<circle ", -1).length - 1, "a dot per finite point");
    }

    @Test
    void logScaleHasDecadeTicks() {
        String svg = new SvgChart("t", "x", "y").logY(true)
                .add(new SvgChart.Series("a", "#000", new double[] {0, 1, 2, 3}, new double[] {1e-4, 1e-3, 1e-2, 0.1}, false))
                .render("c");
        assertEquals(List.of("1e-4", "0.001", "0.01", "0.1", "0", "1", "2", "3"), tickLabels(svg));
    }

    @Test
    void linearTicksAreRoundNumbersInsideTheRange() {
        String svg = new SvgChart("t", "x", "y")
                .add(new SvgChart.Series("a", "#000", new double[] {0, 10}, new double[] {0.42, 2.3}, false))
                .render("c");
        assertEquals(List.of("0.5", "1", "1.5", "2", "0", "2", "4", "6", "8", "10"), tickLabels(svg));
    }

    @Test
    void valuesBeyondAFixedRangeAreMarkedAtTheEdgeAndBandsAreDrawn() {
        String svg = new SvgChart("t", "x", "y").yRange(0, 1)
                .add(new SvgChart.Series("a", "#000", new double[] {0, 1, 2}, new double[] {0.5, 3, -2}, false,
                        new double[] {0.4, 0.5, 0.6}, new double[] {0.6, 0.7, 0.8}))
                .render("c");
        assertEquals(2, svg.split("class=\"outlier\"", -1).length - 1, "one above, one below: " + svg);
        assertEquals(1, svg.split("class=\"band\"", -1).length - 1, svg);
        assertEquals(1, svg.split("<circle ", -1).length - 1, "a dot only where the value is inside");
    }

    @Test
    void widthAndLegendAreOptions() {
        String svg = new SvgChart("t", "x", "y").width(480).legend(false)
                .add(new SvgChart.Series("a label", "#000", new double[] {0, 1}, new double[] {1, 2}, false))
                .render("c");
        assertTrue(svg.contains("width=\"480\" height=\"200\" viewBox=\"0 0 480 200\""), svg);
        assertFalse(svg.contains("class=\"legend\""), svg);
    }

    @Test
    void tickLabelsAreShort() {
        assertEquals("0.25", SvgChart.tickLabel(0.25));
        assertEquals("1500", SvgChart.tickLabel(1500));
        assertEquals("2.5e-5", SvgChart.tickLabel(2.5e-5));
        assertEquals("1e5", SvgChart.tickLabel(1e5));
        assertEquals("0", SvgChart.tickLabel(0));
    }

    @Test
    void marksAndEscapes() {
        String svg = new SvgChart("a <b> & \"c\"", "x", "y")
                .add(new SvgChart.Series("lr 1e4 diverged", "#e15759", new double[] {0, 1}, new double[] {1, Double.NaN}, true))
                .render("c");
        assertTrue(svg.contains("class=\"cross\""));
        assertTrue(svg.contains("a &lt;b&gt; &amp; &quot;c&quot;"));
        assertFalse(svg.contains("<b>"));
    }
}
