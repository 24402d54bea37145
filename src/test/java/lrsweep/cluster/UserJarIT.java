package lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lrsweep.testing.UserJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule class from the user's jar through {@code ./submit.sh ... --jars}: previewed, listed
 * by {@code --dry-run} (the JVM that checks the config has the jar) and trained in local mode
 * (the jar on the driver's classpath), and refused in one line without the jar.
 */
class UserJarIT {

    @TempDir
    Path work;

    @Test
    void scheduleDryRunAndRunTakeTheJar() throws Exception {
        String jar = UserJar.build(work.resolve("jar")).toString();
        Path config = Files.writeString(work.resolve("own.conf"), """
                sweep.learning-rates = [0.1]
                sweep.schedules = [{type = class, class = com.acme.Halving, every = 1}, {type = expression, expr = "lr0 / (1 + t)"}]
                train.epochs = 2
                data { train-examples = 500, validation-examples = 100 }
                """);
        var launcher = new Launcher(work, config, Map.of());

        var preview = launcher.submit("schedule", "--jars", jar, "--spec", "{type: class, class: com.acme.Halving, every: 2}",
                "--lr", "0.1", "--points", "5");
        assertEquals(0, preview.code(), preview.output());
        assertTrue(preview.output().endsWith("t,lr\n0,0.1\n1,0.1\n2,0.05\n3,0.05\n4,0.025\n"), preview.output());

        var dryRun = launcher.run("--dry-run", "--jars", jar);
        assertEquals(0, dryRun.code(), dryRun.output());
        assertTrue(dryRun.output().contains("class(class=com.acme.Halving,every=1)"), dryRun.output());

        var without = launcher.run("--dry-run");
        assertEquals(2, without.code(), without.output());
        assertTrue(without.output().contains("own.conf: 2: Invalid value at 'sweep.schedules[0].class': class com.acme.Halving"
                + " not found; give the jar that holds it with --jars"), without.output());

        var run = launcher.run("--jars", jar, "--output", work.resolve("out").toString());
        assertEquals(0, run.code(), run.output());
        assertTrue(run.output().contains("failed 0"), run.output());
        assertTrue(Files.isRegularFile(work.resolve("out/own/best.json")), run.output());
    }
}
