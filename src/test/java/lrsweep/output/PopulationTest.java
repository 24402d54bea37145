package lrsweep.output;

import static lrsweep.output.HtmlReportTest.count;
import static lrsweep.output.HtmlReportTest.svg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.schedule.Values;
import lrsweep.strategy.SearchStrategy;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;

/**
 * The population section of made-up pbt results with known exploits: members a (lr 0.12), b (0.05),
 * c (0.3) and d (0.02) train 9 epochs. At epoch 3 d takes a's state and goes on at 0.096; at epoch 6
 * b takes d's at 0.1152 and c takes a's at 0.144. b ends best, so its discovered schedule is a's
 * 0.12 for epochs 0-2, d's 0.096 for 3-5, its own 0.1152 for 6-8.
 */
class PopulationTest {

    static final SweepConfig CONFIG = ConfigLoader.fromConfig(ConfigFactory.parseString("""
            sweep.learning-rates = [0.12, 0.05, 0.3, 0.02]
            sweep.schedules = [{type = constant}]
            train.epochs = 9
            """), "pbt-test");
    static final List<Trial> MEMBERS = SearchStrategy.of(CONFIG).trials();
    static final Trial A = member(0.12);
    static final Trial B = member(0.05);
    static final Trial C = member(0.3);
    static final Trial D = member(0.02);
    static final List<TrialResult> RESULTS = List.of(
            result(A, Map.of(), new double[] {0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12}, 1.1, 0),
            result(B, Map.of(6, D.id()), new double[] {0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1152, 0.1152, 0.1152}, 1.05, -0.2),
            result(C, Map.of(6, A.id()), new double[] {0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.144, 0.144, 0.144}, 1.2, -0.05),
            result(D, Map.of(3, A.id()), new double[] {0.02, 0.02, 0.02, 0.096, 0.096, 0.096, 0.096, 0.096, 0.096}, 1.15, 0));
    static final List<Double> DISCOVERED = List.of(0.12, 0.12, 0.12, 0.096, 0.096, 0.096, 0.1152, 0.1152, 0.1152);
    static final RunFacts FACTS = new RunFacts("pbt-test", CONFIG.resolved(), new RunFacts.Execution(1_000, "local[2]", 2), null,
            CONFIG.judging());

    private static Trial member(double lr) {
        return MEMBERS.stream().filter(t -> t.learningRate() == lr).findFirst().orElseThrow();
    }

    /** Validation loss falls by 0.05 an epoch from {@code start}; from epoch 6 on, {@code late} is added. */
    private static TrialResult result(Trial t, Map<Integer, String> exploits, double[] rates, double start, double late) {
        List<EpochRecord> epochs = new ArrayList<>();
        for (int e = 0; e < rates.length; e++) {
            double valLoss = start - 0.05 * e + (e >= 6 ? late : 0);
            epochs.add(new EpochRecord(e, rates[e], valLoss + 0.1, valLoss, 0.5, 100));
        }
        return new TrialResult(t, TrialStatus.OK, epochs, null, 1000, -1, false, exploits);
    }

    @Test
    void theBestMemberIsBAndItsLineageIsAsExploited() {
        assertEquals(B, Ranking.best(RESULTS, CONFIG.judging().rankBy()).orElseThrow().trial());
        assertEquals(DISCOVERED, Lineage.rates(RESULTS, RESULTS.get(1)));
    }

    @Test
    void aPopulationHasNoGridEdgeToWarnOf() {
        // d, the smallest first rate, ends best; it trained at a's rates and its own since epoch 3
        var results = List.of(RESULTS.get(0), RESULTS.get(1), RESULTS.get(2),
                result(D, Map.of(3, A.id()), new double[] {0.02, 0.02, 0.02, 0.096, 0.096, 0.096, 0.096, 0.096, 0.096}, 0.9, -0.3));
        assertEquals(D, Ranking.best(results, CONFIG.judging().rankBy()).orElseThrow().trial());
        assertEquals(List.of(), Verdict.of(results, CONFIG.judging()).warnings());
        // the same trials without exploits, as a random search's: its best is at the edge of the rates tried
        var sampled = results.stream().map(r -> new TrialResult(r.trial(), r.status(), r.epochs(), null, 1000)).toList();
        assertTrue(Verdict.of(sampled, CONFIG.judging()).warnings().stream().anyMatch(w -> w.contains("is the smallest of the 4")),
                Verdict.of(sampled, CONFIG.judging()).warnings().toString());
    }

    @Test
    void theReplayTrainsWithTheLineagesOptimizerNotTheMembersFirst() {
        var config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.12, 0.05]
                sweep.optimizers = [sgd, adam]
                train.epochs = 6
                """), "pbt-optimizers");
        List<Trial> trials = SearchStrategy.of(config).trials();
        Trial sgd = trials.stream().filter(t -> t.learningRate() == 0.12 && t.train().optimizer().name().equals("sgd")).findFirst()
                .orElseThrow();
        Trial adam = trials.stream().filter(t -> t.learningRate() == 0.05 && t.train().optimizer().name().equals("adam")).findFirst()
                .orElseThrow();
        // the adam member took the sgd member's state, and with it sgd, at epoch 3
        var results = List.of(result(sgd, Map.of(), new double[] {0.12, 0.12, 0.12, 0.12, 0.12, 0.12}, 1.1, 0),
                result(adam, Map.of(3, sgd.id()), new double[] {0.05, 0.05, 0.05, 0.1, 0.1, 0.1}, 1.0, 0));
        Trial replay = Lineage.replay(results, results.get(1));
        assertEquals("sgd", replay.train().optimizer().name());
        assertEquals(List.of(0.12, 0.12, 0.12, 0.1, 0.1, 0.1), ((Values) replay.schedule().schedule()).values());
    }

    @Test
    void htmlDrawsEachMembersRateAndLossWithAJumpPerExploitAndTheDiscoveredScheduleBold() {
        String html = HtmlReport.render(RESULTS, FACTS, null);
        assertTrue(html.contains("<section id=\"population\">"), "a population has its section");
        String rates = svg(html, "pbt-rates");
        String loss = svg(html, "pbt-val-loss");
        for (Trial t : List.of(A, B, C, D)) {
            assertTrue(rates.contains("<title>member " + t.id() + ": lr "), "hover names member " + t.id());
            assertTrue(loss.contains("<title>member " + t.id() + ": lr "), "hover names member " + t.id());
        }
        assertEquals(3, count(rates, "<g class=\"jump\">"), rates);
        assertEquals(3, count(loss, "<g class=\"jump\">"), loss);
        assertEquals(4, count(rates, "<g class=\"series\">") - 1, "a line per member besides the discovered schedule");
        assertTrue(rates.contains("<title>epoch 3: member " + D.id() + " took member " + A.id()
                + "&#39;s state (after epoch 2); learning rate 0.12 → 0.096</title>"), rates);
        assertTrue(loss.contains("<title>epoch 6: member " + B.id() + " took member " + D.id()
                + "&#39;s state (after epoch 5); validation loss 0.9 → 0.55</title>"), loss);
        assertTrue(rates.contains("<title>discovered schedule (best member " + B.id() + "): 0.12 ×3, 0.096 ×3, 0.115 ×3</title>"
                + "<path d=\""), rates);
        assertEquals(1, count(rates, "stroke-width=\"3.6\""), "the discovered schedule alone is bold");
        assertTrue(rates.contains("tick\">0.1</text>") && !rates.contains("tick\">0.15</text>"), "log y axis: " + rates);
        assertEquals("0.12 ×3, 0.096 ×3, 0.115 ×3", element(html, "pbt-discovered"));
        assertEquals(Population.replay(RESULTS, RESULTS.get(1)), element(html, "pbt-replay").replace("&quot;", "\""));
    }

    @Test
    void markdownListsTheMembersAndTheDiscoveredScheduleWithItsReplay() throws IOException {
        String md = Summary.reportMarkdown(FACTS, RESULTS, Verdict.of(RESULTS, CONFIG.judging()));
        assertTrue(md.contains("## Population\n\n4 members, 3 exploits"), md);
        assertTrue(md.contains("| `" + A.id() + "` | 0.12 | 0.12 | 0 | 0.7000 |\n"), md);
        assertTrue(md.contains("| `" + B.id() + "` | 0.05 | 0.115 | 1 | 0.4500 |\n"), md);
        assertTrue(md.contains("| `" + C.id() + "` | 0.3 | 0.144 | 1 | 0.7500 |\n"), md);
        assertTrue(md.contains("| `" + D.id() + "` | 0.02 | 0.096 | 1 | 0.7500 |\n"), md);
        assertTrue(md.contains("per epoch): 0.12 ×3, 0.096 ×3, 0.115 ×3\n"), md);
        assertTrue(md.indexOf("## Population") < md.indexOf("| rank |"), "before the ranking");

        Matcher replay = Pattern.compile("\n```\n(sweep \\{ search = grid, learning-rates = \\[0\\.12], schedules = .*)\n```\n").matcher(md);
        assertTrue(replay.find(), md);
        // pasted at the end of the pbt config it came from, it overrides the search, rates and schedules
        String pasted = Files.readString(Path.of("conf/pbt.conf")) + "\n" + replay.group(1) + "\ntrain.epochs = 9\n";
        List<Trial> again = SearchStrategy.of(ConfigLoader.fromConfig(ConfigFactory.parseString(pasted), "replay")).trials();
        assertEquals(1, again.size(), pasted);
        Trial t = again.get(0);
        List<Double> rates = new ArrayList<>();
        for (int e = 0; e < 9; e++) {
            rates.add(t.schedule().rate(t.learningRate(), e, 9));
        }
        assertEquals(DISCOVERED, rates, "the replay applies exactly the discovered rates");
        assertEquals(Lineage.rates(RESULTS, RESULTS.get(1)), rates);
        assertEquals(B.seed(), t.seed());
        assertEquals(B.train().optimizer(), t.train().optimizer());
    }

    @Test
    void aGridHasNoPopulationSection() {
        var grid = HtmlReportTest.RESULTS;
        String html = HtmlReport.render(grid, HtmlReportTest.FACTS, null);
        // (the resolved config at the page's foot mentions pbt's population in reference.conf's comments)
        assertFalse(html.contains("id=\"population\"") || html.contains("<h2>Population</h2>"), "no section");
        assertFalse(html.contains("class=\"jump\""), "no jumps");
        assertFalse(Summary.reportMarkdown(HtmlReportTest.FACTS, grid, Verdict.of(grid, HtmlReportTest.CONFIG.judging())).contains("Population"));
    }

    @Test
    void runLengthCountsRepeatsAndShowsMissingRates() {
        assertEquals("0.12 ×9, 0.0555 ×6, 0.0458 ×3", Lineage.runLength(List.of(0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12,
                0.0555, 0.0555, 0.0555, 0.0555, 0.0555, 0.0555, 0.04578, 0.04578, 0.04578)));
        assertEquals("– ×2, 0.1, 0.05", Lineage.runLength(List.of(Double.NaN, Double.NaN, 0.1, 0.05)));
        assertEquals("", Lineage.runLength(List.of()));
    }

    private static String element(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(html);
        assertTrue(m.find(), "no #" + id);
        return m.group(1);
    }
}
