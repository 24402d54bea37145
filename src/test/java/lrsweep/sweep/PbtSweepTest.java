package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import lrsweep.cli.ScheduleCommand;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.data.DataLoader;
import lrsweep.output.Lineage;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trainer;
import lrsweep.train.TrialResult;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep.search = pbt for real: members trained in segments on Spark, states through the driver, the discovered schedule replayed. */
class PbtSweepTest {

    @TempDir
    Path output;

    private SweepConfig config() {
        return ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep { search = pbt, learning-rates = {log-uniform = [0.003, 0.5]}, schedules = [{type = constant}] }
                sweep.pbt { population = 4, interval = 2 }
                train { epochs = 6, batch-size = 32 }
                data { train-examples = 300, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(output.toString().replace("\\", "/"))), "pbt");
    }

    @Test
    void aPopulationTrainsEveryEpochExploitsBetweenIntervalsAndItsDiscoveredScheduleReplaysTheBestMember() throws Exception {
        SweepConfig config = config();
        var outcome = SweepJob.run(SharedSpark.session(), config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false);
        List<TrialResult> results = outcome.results();
        assertEquals(4, results.size());
        // one member, the bottom quarter of 4, is replaced at each of the 2 interval ends
        assertEquals(2, results.stream().mapToInt(r -> r.exploits().size()).sum());
        results.forEach(r -> assertEquals(List.of(0, 1, 2, 3, 4, 5), r.epochs().stream().map(EpochRecord::epoch).toList()));

        // the tables: one row per member, one per member and epoch, exploited_from where a member took another's state
        var trials = SharedSpark.session().read().parquet(output.resolve("pbt/trials").toString()).collectAsList();
        assertEquals(results.stream().map(r -> r.trial().id()).collect(Collectors.toSet()),
                trials.stream().map(r -> r.<String>getAs("trial_id")).collect(Collectors.toSet()));
        List<Row> exploited = SharedSpark.session().read().parquet(output.resolve("pbt/histories").toString())
                .where("exploited_from is not null").collectAsList();
        assertEquals(2, exploited.size());
        for (Row row : exploited) {
            TrialResult member = results.stream().filter(r -> r.trial().id().equals(row.getAs("trial_id"))).findFirst().orElseThrow();
            assertEquals(member.exploits().get(row.<Integer>getAs("epoch")), row.getAs("exploited_from"));
            assertTrue(Set.of(2, 4).contains(row.<Integer>getAs("epoch")), "at an interval's end");
        }

        // best.json's discovered schedule previews exactly the rates the best member's network was trained with
        JsonNode discovered = new ObjectMapper().readTree(output.resolve("pbt/best.json").toFile()).get("discovered_schedule");
        TrialResult best = results.stream().filter(r -> r.trial().id().equals(discovered.get("member").asText())).findFirst().orElseThrow();
        List<Double> rates = Lineage.rates(results, best);
        List<Double> recorded = new ArrayList<>();
        discovered.get("rates").forEach(n -> recorded.add(n.asDouble()));
        assertEquals(rates, recorded);
        var out = new ByteArrayOutputStream();
        assertEquals(0, ScheduleCommand.run(List.of("--spec", discovered.get("config").get("schedule").toString(), "--lr", "1",
                "--points", "6"), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        List<Double> previewed = out.toString(StandardCharsets.UTF_8).lines().skip(1).map(l -> Double.parseDouble(l.split(",")[1])).toList();
        assertEquals(rates, previewed);

        // report.html's paste-ready config of the best is the replay, not the member's first configuration
        String html = java.nio.file.Files.readString(output.resolve("pbt/report.html"));
        int at = html.indexOf("<code id=\"best-hocon\">") + "<code id=\"best-hocon\">".length();
        String snippet = html.substring(at, html.indexOf("</code>", at)).replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        assertTrue(html.contains("id=\"population\"") && !html.contains("id=\"heatmap\""),
                "the population's charts, not a heatmap of the members' first configurations");
        var pasted = lrsweep.strategy.SearchStrategy.of(ConfigLoader.fromConfig(ConfigFactory.parseString(snippet), "pasted")).trials();
        assertEquals(1, pasted.size(), snippet);
        for (int e = 0; e < 6; e++) {
            assertEquals(rates.get(e), pasted.get(0).schedule().rate(pasted.get(0).learningRate(), e, 6), "epoch " + e);
        }

        // replayed from scratch as a fixed schedule, it trains the best member's network again: the
        // same validation losses, bit for bit, over the epochs since its last exploit
        var replayed = Trainer.train(Lineage.replay(results, best), DataLoader.load(config.data(), new org.apache.hadoop.conf.Configuration()));
        int since = best.exploits().keySet().stream().max(Integer::compare).orElse(0);
        for (int e = since; e < 6; e++) {
            assertEquals(best.epochs().get(e).valLoss(), replayed.epochs().get(e).valLoss(), "epoch " + e);
        }
    }
}
