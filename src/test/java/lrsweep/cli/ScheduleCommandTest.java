package lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lrsweep.testing.UserJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleCommandTest {

    /** Exit code, stdout, stderr of one run. */
    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScheduleCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsHeaderAndOneLinePerPoint() {
        Result r = run("--spec", "{type: step, every: 2, factor: 0.5}", "--lr", "0.1", "--points", "5");
        assertEquals(0, r.code());
        assertEquals("t,lr\n0,0.1\n1,0.1\n2,0.05\n3,0.05\n4,0.025\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void pointsAreTheRunLengthUnlessRunIsGiven() {
        String half = Double.toString(0.5 * (1 + Math.cos(Math.PI / 2)));
        String[] lines = run("--spec", "{type: cosine}", "--lr", "1", "--points", "4").out().split("\n");
        assertEquals("2," + half, lines[3]);
        lines = run("--spec", "{type: cosine}", "--lr", "1", "--points", "3", "--run", "2").out().split("\n");
        assertEquals(List.of("t,lr", "0,1.0", "1," + half, "2,0.0"), List.of(lines));
    }

    @Test
    void stepsPerEpochHoldsEachEpochRate() {
        Result r = run("--spec", "{type: step, every: 1, factor: 0.5}", "--lr", "1", "--points", "5",
                "--steps-per-epoch", "2");
        assertEquals("t,lr\n0,1.0\n1,1.0\n2,0.5\n3,0.5\n4,0.25\n", r.out());
        r = run("--spec", "{type: step, every: 1, factor: 0.5, unit: step}", "--lr", "1", "--points", "3",
                "--steps-per-epoch", "2");
        assertEquals("t,lr\n0,1.0\n1,0.5\n2,0.25\n", r.out());
    }

    @Test
    void svgDrawsTheSameRatesAndTheCsvStays(@TempDir Path tmp) throws Exception {
        Path svg = tmp.resolve("cosine.svg");
        Result r = run("--spec", "{type: step, every: 2, factor: 0.5}", "--lr", "0.1", "--points", "5", "--svg", svg.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("t,lr\n0,0.1\n1,0.1\n2,0.05\n3,0.05\n4,0.025\n", r.out());
        String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), chart);
        Matcher path = Pattern.compile("<path d=\"M([^\"]*)\"").matcher(chart);
        assertTrue(path.find(), chart);
        // five points; each halving draws lower, at a larger y pixel
        List<Double> ys = Pattern.compile("[ML]\\S+ (\\S+)").matcher("M" + path.group(1)).results()
                .map(m -> Double.parseDouble(m.group(1))).toList();
        assertEquals(5, ys.size(), path.group(1));
        assertEquals(ys.get(0), ys.get(1));
        assertTrue(ys.get(2) > ys.get(1) && ys.get(4) > ys.get(3), ys.toString());
    }

    @Test
    void badSpecsAndArgumentsExitWith2() {
        for (String[] args : List.of(
                new String[] {"--spec", "{type: cosin}", "--lr", "0.1", "--points", "3"},
                new String[] {"--spec", "{type: step}", "--lr", "0.1", "--points", "3"},
                new String[] {"--spec", "{type: cosine", "--lr", "0.1", "--points", "3"},
                new String[] {"--spec", "{type: cosine}", "--lr", "fast", "--points", "3"},
                new String[] {"--spec", "{type: cosine}", "--lr", "0.1", "--points", "0"},
                new String[] {"--spec", "{type: cosine}", "--lr", "0.1", "--points", "99999999999"},
                new String[] {"--spec", "{type: cosine}", "--lr", "0.1"},
                new String[] {"--lr", "0.1", "--points", "3"},
                new String[] {"--spec", "{type: cosine}", "--lr", "0.1", "--points", "3", "--epochs", "2"},
                new String[] {"--spec", "{type: cosine}", "--lr"})) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals("", r.out(), String.join(" ", args));
            assertTrue(r.err().startsWith("schedule: "), r.err());
        }
        assertTrue(run("--spec", "{type: cosin}", "--lr", "0.1", "--points", "3").err().contains("known types: constant"));
    }

    @Test
    void verboseIsMainsAndAccepted() {
        Result r = run("--verbose", "--spec", "{type: step, every: 2, factor: 0.5}", "--lr", "0.1", "--points", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals("t,lr\n0,0.1\n1,0.1\n2,0.05\n", r.out());
    }

    @Test
    void plateauCannotBePreviewed() {
        Result r = run("--spec", "{type: plateau}", "--lr", "0.1", "--points", "3");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("cannot be previewed"), r.err());
    }

    @Test
    void expressionAndValuesPreview() {
        Result r = run("--spec", "{type: expression, expr: \"lr0 / (1 + t)\"}", "--lr", "1", "--points", "3");
        assertEquals("t,lr\n0,1.0\n1,0.5\n2,0.3333333333333333\n", r.out(), r.err());
        r = run("--spec", "{type: values, values: [1, 0.5]}", "--lr", "0.2", "--points", "3");
        assertEquals("t,lr\n0,0.2\n1,0.1\n2,0.1\n", r.out(), r.err());
        r = run("--spec", "{type: expression, expr: \"lr0 * k\"}", "--lr", "1", "--points", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("schedule: --spec: 1: Invalid value at '--spec.expr'"), r.err());
    }

    /** The real command line, as ./submit.sh schedule runs it: Main with --jars naming a jar the test built. */
    @Test
    void classFromJars(@TempDir Path tmp) throws Exception {
        String jar = UserJar.build(tmp).toString();
        Path svg = tmp.resolve("halving.svg");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(List.of("schedule", "--jars", jar, "--spec", "{type: class, class: com.acme.Halving, every: 2}",
                "--lr", "0.1", "--points", "5", "--svg", svg.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("t,lr\n0,0.1\n1,0.1\n2,0.05\n3,0.05\n4,0.025\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(Files.readString(svg).contains("class(class=com.acme.Halving,every=2)"));

        // without the jar (a class never loaded from it before), or with a wrong type: one line, exit 2
        Result r = run("--spec", "{type: class, class: com.acme.NotASchedule}", "--lr", "0.1", "--points", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("schedule: --spec: 1: Invalid value at '--spec.class': class com.acme.NotASchedule not found;"
                + " give the jar that holds it with --jars\n"), r.err());
        r = run("--jars", jar, "--spec", "{type: class, class: com.acme.NotASchedule}", "--lr", "0.1", "--points", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("com.acme.NotASchedule does not implement lrsweep.schedule.Schedule"), r.err());
        r = run("--jars", tmp.resolve("missing.jar").toString(), "--spec", "{type: cosine}", "--lr", "0.1", "--points", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("schedule: --jars: no such file "), r.err());
        // the preview leaves the thread's context loader as it found it
        assertEquals(ScheduleCommandTest.class.getClassLoader(), Thread.currentThread().getContextClassLoader());
    }

    @Test
    void helpGoesToStdout() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("usage: schedule --spec"), r.out());
        assertTrue(r.out().contains("one-cycle"), r.out());
        assertEquals("", r.err());
    }
}
