package lrsweep.sweep;

import lrsweep.strategy.SearchStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import lrsweep.cli.ReportCommand;
import lrsweep.config.ConfigLoader;
import lrsweep.output.ResultTables;
import lrsweep.store.SweepStore;
import lrsweep.store.SweepStore.Mode;
import lrsweep.train.EpochRecord;
import lrsweep.train.Trial;
import lrsweep.train.TrialResult;
import lrsweep.train.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report DIR} on a real (tiny) sweep: the reports rebuilt from Parquet agree with the run's own. */
class ReportRebuildTest {

    @TempDir
    Path output;

    @Test
    void rebuildsTheReportsFromTheParquetTables() throws Exception {
        var spark = SharedSpark.session();
        var config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                sweep.learning-rates = [0.1, 10000]
                sweep.schedules = [{type = cosine, name = "my cosine"}]
                train { epochs = 2, batch-size = 32 }
                data { train-examples = 200, validation-examples = 100 }
                output.dir = "%s"
                """.formatted(output.toString().replace("\\", "/"))), "rebuild");
        var outcome = SweepJob.run(spark, config, Mode.NEW, new PrintStream(new ByteArrayOutputStream()), false);
        Path dir = Path.of(outcome.directory());
        String bestJson = Files.readString(dir.resolve("best.json"));
        String runHtml = Files.readString(dir.resolve("report.html"));
        assertTrue(runHtml.contains("<dt>Spark master</dt><dd>local[2]</dd>"), "the run's report states its master");
        assertEquals(List.of(TrialStatus.OK, TrialStatus.DIVERGED), outcome.results().stream().map(TrialResult::status).toList());
        for (String report : List.of("best.json", "report.md", "report.html")) {
            Files.delete(dir.resolve(report));
        }

        List<TrialResult> rebuilt = ReportCommand.rebuild(dir.toString()).results();

        assertEquals(outcome.results(), rebuilt, "trials, schedules (with their configured name) and histories read back");
        assertEquals(bestJson, Files.readString(dir.resolve("best.json")));
        String html = Files.readString(dir.resolve("report.html"));
        String bestId = outcome.results().get(0).trial().id();
        assertTrue(html.contains("<code id=\"best-trial\">" + bestId + "</code>"));
        assertTrue(html.contains("<dt>Spark master</dt><dd>not recorded (rebuilt from the Parquet tables)</dd>"));
        assertFalse(html.contains("local[2]"));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("`" + bestId + "`"));
    }

    @Test
    void aTableOfSeveralFilesIsReadBackInTheOrderItWasWritten() throws Exception {
        // 12,000 trials
        var config = ConfigLoader.fromConfig(ConfigFactory.parseString("sweep.learning-rates = [0.1]"), "order");
        Trial template = SearchStrategy.of(config).trials().get(0);
        List<TrialResult> results = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            // ids and losses in no order that a sort could restore
            String id = String.format(Locale.ROOT, "%012x", (i * 7_919L) % 12_000 * 1_000_003L);
            double loss = 0.3 + ((i * 31) % 997) / 1000.0;
            var trial = new Trial(id, template.learningRate(), template.schedule(), template.seed(), template.train(), template.model());
            results.add(new TrialResult(trial, TrialStatus.OK, List.of(new EpochRecord(0, 0.1, loss, loss, 0.5, 1)), null, 1));
        }
        List<TrialResult> read;
        try (var store = SweepStore.open(output.resolve("order").toString(), "output.dir", Mode.NEW,
                new org.apache.hadoop.conf.Configuration(), java.time.Duration.ofSeconds(60))) {
            ResultTables.write(store, results, config.judging().unstableFactor());
            read = ResultTables.read(store, config.train(), config.model(), null);
        }
        assertEquals(results.size(), read.size());
        int firstOutOfOrder = IntStream.range(0, read.size())
                .filter(i -> !read.get(i).trial().id().equals(results.get(i).trial().id())).findFirst().orElse(-1);
        assertEquals(-1, firstOutOfOrder, "the index of the first trial read back out of order");
    }
}
