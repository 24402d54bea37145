package lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands say at the end of a real run: each optimizer's suggestion, the verdict's warnings. */
class CommandLineVerdictTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String command, String hocon, String... options) throws Exception {
        Path file = dir.resolve("verdict.conf");
        Files.writeString(file, hocon + "\ndata { train-examples = 300, validation-examples = 100 }\n");
        var args = new java.util.ArrayList<>(List.of(command, file.toString(), "--output", dir.resolve("results").toString()));
        args.addAll(List.of(options));
        return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void findLrTestsEachOptimizerAndSaysEachSuggestion() throws Exception {
        assertEquals(0, main("find-lr", "sweep.optimizers = [sgd, {type = adam, learning-rates = [1e-3]}]\nfinder.steps = 30"),
                err.toString());
        String console = out.toString();
        assertTrue(console.matches("(?s)sgd: steepest descent [0-9.e-]+, minimum loss / 10 [0-9.e-]+\nadam: steepest descent .*"),
                console);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results/verdict-lr-find/lr-find.json").toFile());
        assertEquals(2, json.get("suggestions").size());
        assertEquals("sgd", json.get("suggestions").get(0).get("optimizer").asText());
        assertEquals("adam", json.get("suggestions").get(1).get("optimizer").asText());
        assertEquals(2, json.get("tests").size(), "one test per optimizer and seed");
    }

    @Test
    void aBestRateAtTheGridsEdgeIsWarnedOfOnTheConsoleAndInTheReports() throws Exception {
        // sgd for one epoch: the larger the rate in this range, the further it gets
        assertEquals(0, main("run", "sweep.learning-rates = [0.001, 0.01, 0.1]\ntrain.epochs = 1"), err.toString());
        String warning = "sgd: the best learning rate, 0.1, is the largest of the 3 swept (0.001 to 0.1): at the grid's edge: widen it";
        String console = out.toString();
        assertTrue(console.contains("best: lr 0.1, constant, sgd, seed 1: val_loss "), console);
        assertTrue(console.contains("warning: " + warning), console);
        Path sweep = dir.resolve("results/verdict");
        assertTrue(Files.readString(sweep.resolve("report.md")).contains("- " + warning), "report.md");
        assertTrue(Files.readString(sweep.resolve("report.html")).contains("<li>" + warning.replace("'", "&#39;") + "</li>"),
                "report.html");
        JsonNode warnings = new ObjectMapper().readTree(sweep.resolve("best.json").toFile()).get("warnings");
        assertEquals(warning, warnings.get(0).asText());
    }

    @Test
    void aDryRunListsEachOptimizersOwnRates() throws Exception {
        assertEquals(0, main("run", "sweep { learning-rates = [0.3, 0.1], optimizers = [sgd, {type = adam, learning-rates = [1e-3, 3e-4]}] }",
                "--dry-run"), err.toString());
        String listing = out.toString();
        assertTrue(listing.startsWith("sweep 'verdict': 4 trials = each optimizer's learning rates (sgd: 0.3, 0.1; adam: 0.001, 0.0003)"),
                listing);
        assertEquals(1 + 1 + 4, listing.lines().count(), listing);
    }
}
