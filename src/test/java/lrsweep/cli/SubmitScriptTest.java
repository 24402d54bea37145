package lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit.sh's own checks, before any JVM starts. */
class SubmitScriptTest {

    @TempDir
    Path jdk;

    @Test
    void refusesAJavaSparkDoesNotSupport() throws Exception {
        // a JDK as submit.sh sees one: bin/java, and the release file that says its version
        executable(jdk.resolve("bin/java"), "exit 0");
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"25.0.1\"\n");
        var builder = new ProcessBuilder("./submit.sh", "--help").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", jdk.toString());
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor(), output);
        assertTrue(output.contains("is Java 25; lr-sweep needs Java 17 to 21"), output);

        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        p = builder.start();
        output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("Usage: ./submit.sh"), output);
    }

    @Test
    void runFromAnotherDirectoryFindsTheDefaultConfigNextToTheScript() throws Exception {
        // a java that prints the command it was given, and an mvn that builds nothing
        executable(jdk.resolve("bin/java"), "echo \"$@\"");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        executable(jdk.resolve("tools/mvn"), "exit 0");
        Path elsewhere = Files.createDirectories(jdk.resolve("elsewhere"));
        Path script = Path.of("submit.sh").toRealPath();
        var builder = new ProcessBuilder(script.toString(), "run", "--dry-run", "train.epochs=1").directory(elsewhere.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("PATH", jdk.resolve("tools") + ":" + System.getenv("PATH"));
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("lrsweep.cli.Main run " + script.resolveSibling("conf/sweep.conf") + " --dry-run train.epochs=1"),
                output);
    }

    private static void executable(Path file, String body) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
