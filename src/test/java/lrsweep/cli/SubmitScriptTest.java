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
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(jdk.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
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
}
