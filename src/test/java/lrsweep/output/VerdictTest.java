package lrsweep.output;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lrsweep.config.ConfigLoader;
import lrsweep.config.Judging;
import lrsweep.config.SweepConfig;
import lrsweep.strategy.TrialKeys;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;

/** The verdict's warnings, rank-by and the one trial text, on results whose answers are known by construction. */
class VerdictTest {

    private static final String HOCON = """
            sweep { learning-rates = [0.3, 0.1, 0.03], optimizers = [sgd, adam] }
            train.epochs = 2
            """;

    /** Validation loss at epochs 0 and 1, by optimizer and rate; adam at 0.3 diverges. */
    private static final Map<String, double[]> LOSSES = Map.of(
            "sgd 0.3", new double[] {0.6, 0.45}, // sgd's best at its largest rate: the grid's edge
            "sgd 0.1", new double[] {0.7, 0.55},
            "sgd 0.03", new double[] {0.9, 0.8},
            "adam 0.1", new double[] {0.5, 0.40},
            "adam 0.03", new double[] {0.35, 2.3}); // the lowest loss of all, then a collapse: unstable

    private static List<TrialResult> results(SweepConfig config) {
        return SearchStrategy.of(config).trials().stream().map(VerdictTest::result).toList();
    }

    private static TrialResult result(Trial t) {
        double[] losses = LOSSES.get(t.train().optimizer().name() + " " + TrialText.rate(t.learningRate()));
        if (losses == null) {
            return new TrialResult(t, TrialStatus.DIVERGED, List.of(new EpochRecord(0, 0.3, Double.NaN, Double.NaN, 0, 1)), null, 1);
        }
        return new TrialResult(t, TrialStatus.OK, List.of(new EpochRecord(0, t.learningRate(), 1, losses[0], 0.8, 1),
                new EpochRecord(1, t.learningRate(), 1, losses[1], 0.8, 1)), null, 1);
    }

    private static SweepConfig config(String extra) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString(HOCON + extra), "verdict");
    }

    @Test
    void aBestRateAtTheGridsEdgeAndAnUnstableTrialAreWarnedOf() {
        SweepConfig config = config("");
        List<String> warnings = Verdict.of(results(config), config.judging()).warnings();
        assertEquals(3, warnings.size(), warnings.toString());
        assertEquals("sgd: the best learning rate, 0.3, is the largest of the 3 swept (0.03 to 0.3): at the grid's edge: widen it",
                warnings.get(0));
        assertTrue(warnings.get(1).startsWith("adam: the best learning rate, 0.03, is the smallest"), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("1 unstable trial (final validation loss above 1.5× the lowest): "
                + "lr 0.03, constant, adam, seed 1 (best 0.3500, final 2.3000)"), warnings.get(2));
        assertTrue(warnings.get(2).contains("The best trial is one of them"), warnings.get(2));
    }

    @Test
    void rankByFinalRanksByTheLastEpochsLoss() {
        SweepConfig best = config("");
        SweepConfig last = config("sweep.rank-by = final");
        List<TrialResult> results = results(best);
        assertEquals("lr 0.03, constant, adam, seed 1", TrialText.of(Ranking.best(results, best.judging().rankBy()).orElseThrow().trial()));
        assertEquals("lr 0.1, constant, adam, seed 1", TrialText.of(Ranking.best(results, last.judging().rankBy()).orElseThrow().trial()));
        List<TrialResult> ranked = Ranking.rank(results, Judging.RankBy.FINAL);
        assertEquals(2.3, ranked.get(4).last().orElseThrow().valLoss(), "the collapsed trial is the last ok one");
        assertEquals(0.40, Configurations.rank(results, Judging.RankBy.FINAL).get(0).mean(), 1e-12);
        // adam's best is now in the middle of its grid: only sgd's edge and the unstable trial remain
        List<String> warnings = Verdict.of(results, last.judging()).warnings();
        assertEquals(2, warnings.size(), warnings.toString());
        assertFalse(warnings.get(1).contains("The best trial is one of them"), warnings.get(1));
    }

    @Test
    void trialsRecordWhetherATrialIsUnstable() {
        SweepConfig config = config("");
        List<TrialResult> results = results(config);
        int column = ResultTables.TRIAL.columns().indexOf(ResultTables.TRIAL.columns().stream()
                .filter(c -> c.name().equals("unstable")).findFirst().orElseThrow());
        List<Object[]> rows = ResultTables.trialRows(results, config.judging().unstableFactor()).toList();
        for (int i = 0; i < results.size(); i++) {
            Trial t = results.get(i).trial();
            Object expected = results.get(i).status() == TrialStatus.DIVERGED ? null
                    : t.train().optimizer().name().equals("adam") && t.learningRate() == 0.03;
            assertEquals(expected, rows.get(i)[column], TrialText.of(t));
        }
        // a larger factor forgives the collapse
        assertTrue(ResultTables.trialRows(results, 10).noneMatch(r -> Boolean.TRUE.equals(r[column])));
    }

    @Test
    void reportMdAndBestJsonCarryTheWarningsAndBestJsonTheConfigsOwnKeys() throws Exception {
        SweepConfig config = config("model.hidden = [8]");
        List<TrialResult> results = results(config);
        Verdict verdict = Verdict.of(results, config.judging());
        var facts = new RunFacts("verdict", config.resolved(), null, null, config.judging());
        String md = Summary.reportMarkdown(facts, results, verdict);
        assertTrue(md.contains("**Warnings:**\n\n- sgd: the best learning rate, 0.3, is the largest"), md);
        assertTrue(md.contains("**Best:** lr 0.03, constant, adam, seed 1: val_loss 0.3500 at epoch 0 (final 2.3000)"), md);
        assertTrue(md.contains("| adam | 1 | ok, unstable | 0 |"), md);
        assertTrue(HtmlReport.render(results, facts, null).contains("<td>ok, unstable</td>"));

        String text = Summary.bestJson("verdict", results, verdict);
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(3, json.get("warnings").size());
        assertTrue(json.get("warnings").get(0).asText().contains("at the grid's edge: widen it"));
        assertEquals("best", json.get("rank_by").asText());
        JsonNode best = json.get("best");
        assertTrue(best.get("unstable").asBoolean());
        assertEquals("lr 0.03, constant, adam, seed 1", best.get("trial").asText());
        JsonNode c = best.get("config");
        assertEquals(0.03, c.get("learning-rate").asDouble());
        assertEquals(64, c.get("train").get("batch-size").asInt());
        assertEquals(4.0, c.get("train").get("divergence-factor").asDouble());
        assertTrue(c.get("train").get("early-stopping").get("patience").isNull(), "null stays null: " + c.get("train"));
        assertTrue(c.get("model").get("image-shape").isNull(), c.get("model").toString());
        assertEquals("[8]", c.get("model").get("hidden").toString());
        var camel = Pattern.compile("\"[a-z]+[A-Z][A-Za-z]*\" :").matcher(text);
        assertFalse(camel.find(), () -> "a camelCase key: " + camel.group());
    }

    @Test
    void aSampledScheduleReadsWithItsDrawnValues() {
        SweepConfig config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { search = random, trials = 3, learning-rates = {log-uniform = [0.001, 1]}
                        schedules = [{type = exponential, k = {uniform = [0.05, 0.3]}}] }
                """), "random");
        for (Trial t : SearchStrategy.of(config).trials()) {
            assertEquals("exponential(k~U[0.05,0.3])", t.schedule().name());
            String text = TrialText.of(t);
            // 3 significant digits, not a double's 17: lr 0.0123, exponential(k=0.157), sgd, seed 1
            assertTrue(text.matches("lr 0\\.0*[1-9]\\d{0,2}, exponential\\(k=0\\.0*[1-9]\\d{0,2}\\), sgd, seed 1"), text);
            double k = ConfigFactory.parseString(t.schedule().spec()).getDouble("k");
            assertTrue(text.contains("k=" + lrsweep.schedule.Names.number(lrsweep.schedule.Names.round(k)) + ")"), text);
        }
    }
}
