package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lrsweep.cli.ReportCommand;
import lrsweep.config.ConfigLoader;
import lrsweep.output.SweepDirectory.Mode;
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
        Path dir = outcome.directory();
        String bestJson = Files.readString(dir.resolve("best.json"));
        String runHtml = Files.readString(dir.resolve("report.html"));
        assertTrue(runHtml.contains("<dt>Spark master</dt><dd>local[2]</dd>"), "the run's report states its master");
        assertEquals(List.of(TrialStatus.OK, TrialStatus.DIVERGED), outcome.results().stream().map(TrialResult::status).toList());
        for (String report : List.of("best.json", "report.md", "report.html")) {
            Files.delete(dir.resolve(report));
        }

        List<TrialResult> rebuilt = ReportCommand.rebuild(spark, dir);

        assertEquals(outcome.results(), rebuilt, "trials, schedules (with their configured name) and histories read back");
        assertEquals(bestJson, Files.readString(dir.resolve("best.json")));
        String html = Files.readString(dir.resolve("report.html"));
        String bestId = outcome.results().get(0).trial().id();
        assertTrue(html.contains("<code id=\"best-trial\">" + bestId + "</code>"));
        assertTrue(html.contains("<dt>Spark master</dt><dd>not recorded (rebuilt from the Parquet tables)</dd>"));
        assertFalse(html.contains("local[2]"));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("`" + bestId + "`"));
    }
}
