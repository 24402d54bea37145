package lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names, specs, offset and the registry, beyond what the reference traces cover. */
class SchedulesTest {

    private static ScheduleVariant parse(String hocon) {
        return Schedules.parse(ConfigFactory.parseString(hocon), "test");
    }

    @Test
    void derivedNamesShowRequiredAndNonDefaultParameters() {
        assertEquals("constant", parse("type: constant").name());
        assertEquals("exponential(k=0.1)", parse("type: exponential, k: 0.1").name());
        assertEquals("step(every=2,factor=0.5)", parse("type: step, every: 2, factor: 0.5").name());
        assertEquals("step(every=2)", parse("type: step, every: 2.0, factor: 0.1").name());
        assertEquals("cosine(alpha=0.01)", parse("type: cosine, alpha: 0.01").name());
        assertEquals("multi-step(milestones=[30,80],unit=step,offset=3)",
                parse("type: multi-step, milestones: [30, 80], unit: step, offset: 3").name());
        assertEquals("warmup(steps=5,then=cosine(alpha=1e-8))",
                parse("type: warmup, steps: 5, then: {type: cosine, alpha: 1e-8}").name());
        assertEquals("my cosine", parse("type: cosine, name: \"my cosine\"").name());
    }

    @Test
    void specListsEveryParameterInAStableOrder() {
        assertEquals("{\"type\":\"cosine\",\"decay-steps\":null,\"alpha\":0,\"unit\":\"epoch\",\"offset\":0}",
                parse("offset: 0, alpha: 0, type: cosine").spec());
        assertEquals("{\"type\":\"inverse-time\",\"decay-rate\":0.1,\"decay-steps\":1,\"staircase\":false,"
                + "\"unit\":\"epoch\",\"offset\":0}", parse("type: time-based, decay-rate: 0.1").spec());
        assertEquals("{\"type\":\"one-cycle\",\"total-steps\":null,\"pct-start\":0.3,\"anneal\":\"cos\","
                        + "\"div-factor\":25,\"final-div-factor\":10000,\"three-phase\":false,\"unit\":\"epoch\",\"offset\":0}",
                parse("type: one-cycle").spec());
        assertEquals("{\"type\":\"warmup\",\"steps\":5,\"start-factor\":0,\"then\":{\"type\":\"constant\",\"factor\":1},"
                + "\"unit\":\"epoch\",\"offset\":0}", parse("type: warmup, steps: 5").spec());
    }

    @Test
    void specParsesBackToItself() {
        for (String hocon : List.of("type: exponential, k: 0.1", "type: cosine, unit: step, offset: 4",
                "type: cyclic, base-lr: 1e-5, step-size-up: 4, mode: exp-range, gamma: 0.99",
                "type: sequence, parts: [{steps: 3, schedule: {type: linear, start-factor: 0.1}}, {schedule: {type: cosine}}]",
                "type: plateau, min-lr: 1e-6")) {
            String spec = parse(hocon).spec();
            assertEquals(spec, parse(spec).spec(), hocon);
        }
    }

    @Test
    void offsetHoldsTheFirstRateThenSpansTheRestOfTheRun() {
        ScheduleVariant delayed = parse("type: linear, start-factor: 0.5, end-factor: 1, offset: 4");
        ScheduleVariant plain = parse("type: linear, start-factor: 0.5, end-factor: 1");
        for (long t = 0; t <= 4; t++) {
            assertEquals(0.05, delayed.rate(0.1, t, 14), 1e-15, "t=" + t);
        }
        for (long t = 4; t < 14; t++) {
            assertEquals(plain.rate(0.1, t - 4, 10), delayed.rate(0.1, t, 14), 0.0, "t=" + t);
        }
    }

    @Test
    void omittedLengthsSpanTheRun() {
        ScheduleVariant cosine = parse("type: cosine");
        assertEquals(0.1, cosine.rate(0.1, 0, 10), 0.0);
        assertEquals(0.05, cosine.rate(0.1, 5, 10), 1e-15);
        assertEquals(0.0, cosine.rate(0.1, 10, 10), 1e-15);
        // past its decay-steps a Keras CosineDecay stays at alpha * lr0
        assertEquals(0.01, parse("type: cosine, decay-steps: 4, alpha: 0.1").rate(0.1, 9, 10), 1e-15);
    }

    @Test
    void oneCycleKeepsItsFinalRatePastTheEnd() {
        ScheduleVariant v = parse("type: one-cycle, total-steps: 10");
        assertEquals(v.rate(0.1, 9, 20), v.rate(0.1, 15, 20), 0.0);
        assertEquals(0.1 / 25 / 1e4, v.rate(0.1, 9, 20), 1e-18);
    }

    @Test
    void onlyPlateauIsReactive() {
        assertTrue(parse("type: plateau").reactive());
        assertFalse(parse("type: cosine").reactive());
        Plateau.Tracker tracker = ((Plateau) parse("type: plateau, patience: 0, factor: 0.5").schedule()).tracker(1.0);
        assertEquals(1.0, tracker.step(1.0));
        assertEquals(0.5, tracker.step(1.0));
        assertEquals(0.5, tracker.rate());
    }

    @Test
    void registryKnowsEveryFamily() {
        assertEquals(List.of("constant", "inverse-time", "exponential", "hold-then-exponential", "ramp-sustain-decay",
                "step", "multi-step", "piecewise", "linear", "polynomial", "cosine", "cosine-restarts", "one-cycle",
                "cyclic", "warmup", "sequence", "plateau", "expression", "values", "class"), List.copyOf(Schedules.types()));
    }

    @Test
    void variantsAreSerializable() throws Exception {
        ScheduleVariant v = parse("type: sequence, parts: [{steps: 3, schedule: {type: multi-step, milestones: [1, 2]}},"
                + " {schedule: {type: one-cycle}}]");
        new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(v);
    }
}
