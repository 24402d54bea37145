package lrsweep.output;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.strategy.TrialKeys;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of made-up results with known winners: 3 base rates × 2 schedules × 2 seeds, where
 * lr 10000 diverges with cosine and fails with the step schedule. Validation loss is lowest at
 * lr 0.3, cosine, seed 1 (0.585 at epoch 3); the seeds' mean there is 0.59.
 */
class HtmlReportTest {

    static final SweepConfig CONFIG = ConfigLoader.fromConfig(ConfigFactory.parseString("""
            sweep.learning-rates = [0.3, 0.1, 10000]
            sweep.schedules = [{type = cosine}, {type = step, every = 1, factor = 0.5, name = "halving <fast>"}]
            sweep.seeds = [1, 2]
            train.epochs = 4
            """), "browser-test");
    static final List<TrialResult> RESULTS = SearchStrategy.of(CONFIG).trials().stream().map(HtmlReportTest::result).toList();
    static final RunFacts FACTS = new RunFacts("browser-test", CONFIG.resolved(), new RunFacts.Execution(12_345, "local[2]", 2), null,
            CONFIG.judging());

    @TempDir
    Path tmp;

    private static TrialResult result(Trial t) {
        boolean cosine = t.schedule().name().equals("cosine");
        if (t.learningRate() == 10000) {
            return cosine
                    ? new TrialResult(t, TrialStatus.DIVERGED, List.of(epoch(t, 0, 50), epoch(t, 1, Double.NaN)), null, 300)
                    : new TrialResult(t, TrialStatus.FAILED, List.of(), "boom <script>alert(1)</script>", 10);
        }
        List<EpochRecord> epochs = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            epochs.add(epoch(t, e, 0.5 + 0.3 / (e + 1) + (t.learningRate() == 0.1 ? 0.1 : 0) + (cosine ? 0 : 0.05) + 0.01 * t.seed()));
        }
        return new TrialResult(t, TrialStatus.OK, epochs, null, 1500);
    }

    private static EpochRecord epoch(Trial t, int e, double valLoss) {
        return new EpochRecord(e, t.schedule().rate(t.learningRate(), e, 4), valLoss + 0.1, valLoss, Math.max(0.1, 1 - valLoss / 2), 100);
    }

    private static Trial trial(double lr, String schedule, int seed) {
        return RESULTS.stream().map(TrialResult::trial)
                .filter(t -> t.learningRate() == lr && t.schedule().name().equals(schedule) && t.seed() == seed)
                .findFirst().orElseThrow();
    }

    @Test
    void hoconSnippetTrainsTheSameTrialAgain() {
        for (Trial t : List.of(trial(0.3, "cosine", 1), trial(0.1, "halving <fast>", 2))) {
            String snippet = HtmlReport.hocon(t, CONFIG.resolved());
            List<Trial> again = SearchStrategy.of(ConfigLoader.fromConfig(ConfigFactory.parseString(snippet), "again")).trials();
            assertEquals(1, again.size(), snippet);
            assertEquals(t.id(), again.get(0).id(), snippet);
            assertEquals(t.schedule().name(), again.get(0).schedule().name());
        }
    }

    @Test
    void hoconSnippetOfAHalvingSearchKeepsItsHalvingSettings() {
        SweepConfig halving = ConfigLoader.fromConfig(ConfigFactory.parseString(
                "sweep { search = halving, learning-rates = [0.1, 0.3], schedules = [{type = cosine}] }\n"
                        + "halving { min-epochs = 1, eta = 2 }\ntrain.epochs = 4"), "halving");
        Trial t = SearchStrategy.of(halving).trials().get(1);
        String snippet = HtmlReport.hocon(t, halving.resolved());
        List<Trial> again = SearchStrategy.of(ConfigLoader.fromConfig(ConfigFactory.parseString(snippet), "again")).trials();
        assertEquals(List.of(t.id()), again.stream().map(Trial::id).toList(), snippet);
    }

    @Test
    void heatmapShowsTheMeanOverSeedsAndOutlinesTheBestCell() {
        String html = HtmlReport.render(RESULTS, FACTS, null);
        Matcher best = Pattern.compile("<td class=\"best\"[^>]*>([^<]*)</td>").matcher(html);
        assertTrue(best.find(), "no best cell");
        assertEquals("★ 0.5900", best.group(1));
        assertFalse(best.find(), "two best cells");
        assertTrue(html.contains("title=\"cosine, lr 0.1: best val_loss 0.6900 (mean), rank 3 of 4; 2 of 2 trials ok\">0.6900</td>"),
                "mean of lr 0.1, cosine, its value and rank on hover");
        assertTrue(html.contains(">diverged</td>") && html.contains(">failed</td>"), "cells without an ok trial say why");
    }

    @Test
    void heatmapShadesByRankSoThatCloseGoodCellsDiffer() {
        String html = HtmlReport.render(RESULTS, FACTS, null);
        // four cells 0.59, 0.64, 0.69, 0.74: evenly spread shades, though a value scale would also do here
        List<String> shades = Pattern.compile("<td class=\"(?:best)?\" style=\"background:(#[0-9a-f]{6})").matcher(html).results()
                .map(m -> m.group(1)).toList();
        assertEquals(4, shades.size(), html);
        assertEquals(4, Set.copyOf(shades).size(), "each rank its own shade: " + shades);
    }

    @Test
    void seedsAreAMeanWithAMinToMaxBand() {
        String html = HtmlReport.render(RESULTS, FACTS, null);
        String chart = svg(html, "val-loss-0");
        // cosine: lr 0.3 and 0.1 trained ok with both seeds (a band each), lr 10000 diverged (both seeds drawn, dashed)
        assertEquals(2, count(chart, "class=\"band\""), chart);
        assertTrue(chart.contains("<title>lr 0.3, cosine, sgd: mean of 2 seeds (band: min to max); trials "), chart);
        assertEquals(2, count(chart, "stroke-dasharray=\"4 3\""), chart);
        assertFalse(html.contains("id=\"search-plots\""), "a grid has a heatmap, not the search plots");
    }

    @Test
    void aRandomSearchHasASlicePlotAndHistoryInPlaceOfTheHeatmap() {
        SweepConfig random = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { search = random, trials = 8, learning-rates = {log-uniform = [1e-3, 1]}
                        schedules = [{type = constant}, {type = exponential, decay-rate = {uniform = [0.8, 0.99]}}] }
                train.epochs = 3
                """), "random");
        List<TrialResult> results = SearchStrategy.of(random).trials().stream().map(t -> {
            double miss = Math.abs(Math.log10(t.learningRate() / 0.03));
            List<EpochRecord> epochs = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                epochs.add(epoch(t, e, 0.4 + miss + 0.1 / (e + 1)));
            }
            return new TrialResult(t, TrialStatus.OK, epochs, null, 100);
        }).toList();
        String html = HtmlReport.render(results, new RunFacts("random", random.resolved(), null, null, random.judging()), null);
        assertFalse(html.contains("id=\"heatmap\""));
        assertTrue(html.contains("8 sampled learning rates × 2 schedules × 1 seed"), html);
        String slice = svg(html, "slice");
        assertEquals(8, count(slice, "<circle "), "a dot per trial");
        assertTrue(slice.contains("<title>trial " + results.get(0).trial().id() + ": lr "), slice);
        List<String> ticks = Pattern.compile("class=\"tick\">([^<]*)<").matcher(slice).results().map(m -> m.group(1)).toList();
        assertTrue(ticks.contains("0.01") && ticks.contains("0.1"), "a log rate axis: " + ticks);
        String history = svg(html, "history");
        assertTrue(history.contains("<title>best so far</title>"), history);
        assertFalse(html.contains("id=\"marginals\""), "two axes");
    }

    @Test
    void threeAxesShowWhichMatters() {
        SweepConfig three = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { learning-rates = [0.01, 0.1], schedules = [{type = constant}, {type = cosine}], optimizers = [sgd, adam] }
                train.epochs = 2
                """), "three");
        List<TrialResult> results = SearchStrategy.of(three).trials().stream().map(t -> new TrialResult(t, TrialStatus.OK,
                List.of(epoch(t, 0, 1), epoch(t, 1, t.train().optimizer().name().equals("adam") ? 0.4 : 0.8)), null, 100)).toList();
        String html = HtmlReport.render(results, new RunFacts("three", three.resolved(), null, null, three.judging()), null);
        String marginals = html.substring(html.indexOf("<section id=\"marginals\">"));
        marginals = marginals.substring(0, marginals.indexOf("</section>"));
        assertTrue(marginals.contains("<tr><th>adam</th><td class=\"num\">0.4000</td><td class=\"num\">0.4000</td>"), marginals);
        assertTrue(marginals.contains("<tr><th>sgd</th><td class=\"num\">0.8000</td><td class=\"num\">0.8000</td>"), marginals);
        // the rate chart draws each schedule once, not once per optimizer
        assertEquals(2, count(svg(html, "lr"), "<g class=\"series\">"));
    }

    @Test
    void focusLeavesOutliersBeyondTukeysFence() {
        Focus f = Focus.of(new double[] {0.36, 0.38, 0.4, 0.42, 0.45, 2.3}, true);
        assertEquals(0.36, f.min());
        assertTrue(f.max() < 0.6, "the collapsed trial's 2.3 is beyond the fence: " + f);
        assertFalse(f.log());
        assertTrue(Focus.of(new double[] {0.01, 0.05, 0.1}, true).log(), "a factor of 10: log");
        assertEquals(0.9, Focus.of(new double[] {0.1, 0.85, 0.86, 0.88, 0.9}, false).max());
    }

    @Test
    void learningRateChartShowsTheLargestBaseRateAllSchedulesTrainedOkOnALinearScale() {
        String html = HtmlReport.render(RESULTS, FACTS, null);
        assertTrue(html.contains("at base learning rate 0.3 (the largest at which every schedule trained ok)"));
        String chart = html.substring(html.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"lr\""));
        chart = chart.substring(0, chart.indexOf("</svg>"));
        // rates 0.3 down to 0.0375 (step halving): linear; the diverged lr 10000 is not drawn and does not force a log scale
        assertEquals(List.of("0.1", "0.2", "0.3", "0", "1", "2", "3"),
                Pattern.compile("class=\"tick\">([^<]*)<").matcher(chart).results().map(m -> m.group(1)).toList());
    }

    @Test
    void escapesEveryText() {
        String html = HtmlReport.render(RESULTS, FACTS, null);
        assertFalse(html.contains("alert(1)</script>"));
        assertFalse(html.contains("halving <fast>"));
        assertTrue(html.contains("boom &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("halving &lt;fast&gt;"));
    }

    @Test
    void rebuiltReportsSayTheRunFactsAreNotRecorded() {
        String html = HtmlReport.render(RESULTS, new RunFacts("browser-test", CONFIG.resolved(), null, null, CONFIG.judging()), null);
        assertTrue(html.contains("<dt>Spark master</dt><dd>not recorded (rebuilt from the Parquet tables)</dd>"));
        assertTrue(HtmlReport.render(RESULTS, FACTS, null).contains("<dt>Spark master</dt><dd>local[2]</dd>"));
    }

    @Test
    void rendersInHeadlessChromium() throws Exception {
        Chromium.assumeInstalled();
        Path page = tmp.resolve("report.html");
        // the test's own script records the charts' rendered widths in the DOM it dumps
        Files.writeString(page, HtmlReport.render(RESULTS, FACTS, null).replace("</body>", "<script>document.body.dataset.widths = "
                + "Array.from(document.querySelectorAll('svg.chart'), s => Math.round(s.getBoundingClientRect().width)).join(' ');"
                + "</script></body>"));

        var output = Chromium.dumpDom(page, tmp);
        String dom = output.stdout();
        assertFalse(output.stderr().contains("Uncaught"), output.stderr());
        assertTrue(dom.contains("<div id=\"page-errors\"></div>"), "script errors on the page: " + dom);
        for (String id : List.of("best-config", "lr-chart", "loss-charts", "heatmap", "ranking", "run-facts")) {
            assertTrue(dom.contains("id=\"" + id + "\""), id);
        }
        // one rate chart, and a chart per schedule for each of the three metrics
        assertEquals(1 + 3 * 2, count(dom, "<svg "));
        assertEquals(2 * 3, count(dom, "class=\"cross\""), "both diverged trials (2 seeds) are marked in cosine's 3 charts");
        Trial best = trial(0.3, "cosine", 1);
        assertTrue(dom.contains("<code id=\"best-trial\">" + best.id() + "</code>"));
        assertTrue(dom.contains("sweep.learning-rates = [0.3]\nsweep.schedules = [{"), dom);
        assertTrue(dom.contains("sweep.seeds = [1]\ntrain = {"));
        assertEquals(RESULTS.size(), count(dom, " data-trial=\""), "one ranking row per trial");
        Matcher widths = Pattern.compile("data-widths=\"([0-9 ]*)\"").matcher(dom);
        assertTrue(widths.find(), dom);
        // Chromium's default window is 800 px wide (the page 736 px inside its padding): one chart to a row, the row's width
        for (String w : widths.group(1).split(" ")) {
            assertTrue(Integer.parseInt(w) > 600, "charts follow the page's width: " + widths.group(1));
        }
        assertTrue(dom.contains("id=\"configurations\""), "2 seeds: a table per configuration");
        assertTrue(dom.contains("<tr class=\"best\" data-trial=\"" + best.id() + "\">"));

        Path png = Path.of("target", "browser-test", "report.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        Chromium.screenshot(page, png, tmp);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "a blank or nearly blank screenshot: " + colours.size() + " colours");
    }

    static String svg(String html, String id) {
        String chart = html.substring(html.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\""));
        return chart.substring(0, chart.indexOf("</svg>"));
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
