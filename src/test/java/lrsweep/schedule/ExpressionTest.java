package lrsweep.schedule;

import static lrsweep.schedule.ScheduleValidationTest.error;
import static lrsweep.schedule.ScheduleValidationTest.says;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The expression family: expected values are worked out by hand, not by exp4j. */
class ExpressionTest {

    private static ScheduleVariant parse(String hocon) {
        return Schedules.parse(ConfigFactory.parseString(hocon), "test");
    }

    private static ScheduleVariant expr(String formula) {
        return parse("type: expression, expr: \"" + formula + "\"");
    }

    @Test
    void inverseTime() {
        ScheduleVariant v = expr("lr0 / (1 + 0.1 * t)");
        assertEquals(0.5, v.rate(0.5, 0, 20));
        assertEquals(1.0 / 3, v.rate(0.5, 5, 20), 1e-15);
        assertEquals(0.25, v.rate(0.5, 10, 20), 1e-15);
    }

    @Test
    void functions() {
        ScheduleVariant stepped = expr("lr0 * max(0.1, pow(0.5, floor(t / 2)))");
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25, 0.125, 0.1, 0.1),
                List.of(stepped.rate(1, 0, 9), stepped.rate(1, 1, 9), stepped.rate(1, 2, 9), stepped.rate(1, 3, 9),
                        stepped.rate(1, 4, 9), stepped.rate(1, 6, 9), stepped.rate(1, 8, 9), stepped.rate(1, 9, 9)));
        ScheduleVariant cosine = expr("lr0 * 0.5 * (1 + cos(pi * min(t, n) / n))");
        assertEquals(0.2, cosine.rate(0.2, 0, 4), 1e-15);
        assertEquals(0.1 * (1 + Math.sqrt(0.5)), cosine.rate(0.2, 1, 4), 1e-15); // cos(pi/4) = sqrt(1/2)
        assertEquals(0.1, cosine.rate(0.2, 2, 4), 1e-15);
        assertEquals(0, cosine.rate(0.2, 6, 4), 1e-15);
        assertEquals(0.5, expr("lr0 * (1 - log(1 + t) / log(1 + n))").rate(1, 3, 15), 1e-15); // 1 - ln 4 / ln 16
        assertEquals(2 / Math.E, expr("lr0 * exp(-t)").rate(2, 1, 10), 1e-15);
        assertEquals(0.125, expr("lr0 * 2^-t").rate(1, 3, 10), 0);
    }

    @Test
    void tAndNCountTheUnitAfterTheOffset() {
        ScheduleVariant v = parse("type: expression, expr: \"lr0 * t / n\", unit: step, offset: 2");
        assertEquals(Unit.STEP, v.unit());
        assertEquals(0, v.rate(1, 1, 10));
        assertEquals(0, v.rate(1, 2, 10));
        assertEquals(0.5, v.rate(1, 6, 10)); // t = 4 of n = 8
    }

    @Test
    void nestedInWarmup() {
        ScheduleVariant v = parse("type: warmup, steps: 2, then: {type: expression, expr: \"lr0 * (n - t) / n\"}");
        assertEquals(0.5, v.rate(1, 1, 10)); // warming up from 0
        assertEquals(1, v.rate(1, 2, 10)); // then t = 0 of n = 8
        assertEquals(0.25, v.rate(1, 8, 10)); // t = 6 of n = 8
        assertEquals("warmup(steps=2,then=expression(expr=lr0 * (n - t) / n))", v.name());
    }

    @Test
    void divisionByZeroIsInfiniteNotAnException() {
        ScheduleVariant v = expr("lr0 / (t - 1) + 2");
        assertEquals(1, v.rate(1, 0, 10));
        assertEquals(Double.POSITIVE_INFINITY, v.rate(1, 1, 10));
        assertEquals(Double.NaN, expr("lr0 + t % (t - 1)").rate(1, 1, 10));
    }

    @Test
    void specAndNameCarryTheFormula() {
        ScheduleVariant v = expr("lr0 / (1 + 0.1 * t)");
        assertEquals("{\"type\":\"expression\",\"expr\":\"lr0 / (1 + 0.1 * t)\",\"unit\":\"epoch\",\"offset\":0}", v.spec());
        assertEquals("expression(expr=lr0 / (1 + 0.1 * t))", v.name());
        assertEquals(v.spec(), parse(v.spec()).spec());
        assertNotEquals(v.spec(), expr("lr0 / (1 + 0.2 * t)").spec());
    }

    @Test
    void refusedWithKeyPathAndLine() {
        says(error("type: expression", "expr: \"lr0 * k\""), 4, "sweep.schedules[0].expr", "'k'",
                "variables lr0, t, n");
        says(error("type: expression", "expr: \"lr0 * sqr(t)\""), 4, "sweep.schedules[0].expr", "'sqr'");
        says(error("type: expression", "expr: \"lr0 * (1 + t\""), 4, "sweep.schedules[0].expr", "Mismatched parentheses");
        says(error("type: expression", "expr: \"lr0 +\""), 4, "sweep.schedules[0].expr", "Too many operators");
        says(error("type: expression", "expr: \"2t\""), 4, "sweep.schedules[0].expr", "Too many operands");
        says(error("type: expression", "expr: \"pow(t)\""), 4, "sweep.schedules[0].expr", "Not enough arguments for 'pow'");
        says(error("type: expression", "expr: \"\""), 4, "sweep.schedules[0].expr", "empty");
        says(error("type: expression"), 2, "sweep.schedules[0].expr", "missing required parameter");
        says(error("type: expression", "expr: 3"), 4, "sweep.schedules[0].expr", "NUMBER");
        says(error("type: expression", "expr: \"lr0\"", "k: 1"), 5, "sweep.schedules[0].k", "unknown parameter", "expr");
    }

    @Test
    void refusedUnlessFiniteAndNonNegativeAtZero() {
        says(error("type: expression", "expr: \"lr0 / t\""), 4, "sweep.schedules[0].expr", "finite learning rate >= 0 at t = 0",
                "n = 100", "Infinity");
        says(error("type: expression", "expr: \"lr0 * log(t)\""), 4, "sweep.schedules[0].expr", "-Infinity");
        says(error("type: expression", "expr: \"0 / t\""), 4, "sweep.schedules[0].expr", "NaN");
        says(error("type: expression", "expr: \"lr0 - 2 - t\""), 4, "sweep.schedules[0].expr", "got -1");
    }

    @Test
    void survivesSerializationAndConcurrentUse() throws Exception {
        ScheduleVariant v = expr("lr0 / (1 + t)");
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        ScheduleVariant copy;
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ScheduleVariant) in.readObject();
        }
        assertEquals(v, copy);
        // exp4j's Expression holds its variables: threads sharing one would read each other's t
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int k = 1; k <= 4; k++) {
                double lr0 = k;
                checks.add(pool.submit((Callable<Boolean>) () -> {
                    for (long t = 0; t < 20_000; t++) {
                        if (copy.rate(lr0, t, 100) != lr0 / (1 + t)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var check : checks) {
                assertEquals(true, check.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
