package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lrsweep.config.ConfigLoader;
import lrsweep.config.InputException;
import lrsweep.store.SweepStore.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --overwrite replaces a sweep only once the new run is under way: a run that cannot start changes nothing. */
class OverwriteTest {

    @TempDir
    Path output;

    @Test
    void aRunThatCannotReadItsTableLeavesTheOldSweepAsItWas() throws Exception {
        Path old = Files.createDirectories(output.resolve("ow"));
        Files.writeString(old.resolve("best.json"), "{\"the\": \"old results\"}");
        Path table = Files.writeString(output.resolve("no-label.csv"), "a,b\n1,2\n3,4\n5,6\n7,8\n");
        var config = ConfigLoader.fromConfig(ConfigFactory.parseString("""
                data { format = csv, train-path = "%s", validation-split = 0.5 }
                output.dir = "%s"
                """.formatted(table, output)), "ow");

        var e = assertThrows(InputException.class,
                () -> SweepJob.run(SharedSpark.session(), config, Mode.OVERWRITE, new PrintStream(new ByteArrayOutputStream()), false));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
        assertEquals("{\"the\": \"old results\"}", Files.readString(old.resolve("best.json")));
        try (Stream<Path> left = Files.list(output)) {
            assertEquals(List.of("no-label.csv", "ow"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing moved aside is left behind");
        }
        try (Stream<Path> inside = Files.list(old)) {
            assertEquals(List.of("best.json"), inside.map(p -> p.getFileName().toString()).toList());
        }
    }
}
