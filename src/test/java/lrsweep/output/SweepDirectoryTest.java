package lrsweep.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepDirectoryTest {

    @TempDir
    Path output;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDirectoryIsReplacedWhole() throws IOException {
        var directory = SweepDirectory.open(output.resolve("s"), SweepDirectory.Mode.NEW);
        directory.write("table", tmp -> Files.writeString(Files.createDirectories(tmp).resolve("part-0"), "old"));
        directory.write("table", tmp -> Files.writeString(Files.createDirectories(tmp).resolve("part-1"), "new"));
        assertEquals(List.of("table"), names(directory.root()));
        assertEquals(List.of("part-1"), names(directory.resolve("table")));
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        var directory = SweepDirectory.open(output.resolve("s"), SweepDirectory.Mode.NEW);
        directory.writeAtomically("best.json", "old");
        directory.write("table", tmp -> Files.writeString(Files.createDirectories(tmp).resolve("part-0"), "old"));
        assertThrows(IOException.class, () -> directory.write("best.json", tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        var sneaky = assertThrows(Exception.class, () -> directory.write("table", tmp -> {
            Files.writeString(Files.createDirectories(tmp).resolve("part-0"), "half");
            throw SweepDirectoryTest.<RuntimeException>sneaky(new Exception("a checked exception from Scala"));
        }));
        assertEquals("a checked exception from Scala", sneaky.getMessage());
        assertEquals(List.of("best.json", "table"), names(directory.root()));
        assertEquals("old", Files.readString(directory.resolve("best.json")));
        assertEquals("old", Files.readString(directory.resolve("table/part-0")));
    }

    /** Throws a checked exception undeclared, as Scala code (Spark's jobs) may. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
