package lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every rejected config names the key path, says what is allowed, and points at the file and
 * line. The variant body starts on line 3 of test.conf, so its n-th line is line n + 2.
 */
class ScheduleValidationTest {

    static ConfigException error(String... bodyLines) {
        String text = "sweep.schedules = [\n  {\n" + String.join("\n", bodyLines) + "\n  }\n]\n";
        Config root = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("test.conf"));
        Config variant = root.getConfigList("sweep.schedules").get(0);
        return assertThrows(ConfigException.class, () -> Schedules.parse(variant, "sweep.schedules[0]"));
    }

    static void says(ConfigException e, int line, String... parts) {
        String m = e.getMessage();
        assertAll(Stream.concat(Stream.of("test.conf: " + line), Stream.of(parts))
                .map(p -> () -> assertTrue(m.contains(p), "'" + p + "' not in: " + m)));
    }

    @Test
    void countsStayFarFromOverflow() {
        says(error("type: ramp-sustain-decay", "rampup: 1", "sustain: 1e19"), 5, "sweep.schedules[0].sustain", "up to 2^53");
    }

    @Test
    void plateauThresholdIsARelativeImprovementBelowOne() {
        says(error("type: plateau", "threshold: 1"), 4, "sweep.schedules[0].threshold", "in [0, 1)");
    }

    @Test
    void unknownTypeListsTheKnownTypes() {
        says(error("type: cosin"), 3, "sweep.schedules[0].type", "unknown schedule type 'cosin'",
                "cosine", "one-cycle", "plateau", "time-based");
    }

    @Test
    void missingTypeIsReported() {
        says(error("alpha: 0.1"), 2, "sweep.schedules[0].type", "missing required parameter", "cosine");
    }

    @Test
    void unknownParameterListsTheAllowedOnes() {
        says(error("type: polynomial", "decay-step: 10"), 4, "sweep.schedules[0].decay-step",
                "unknown parameter", "decay-steps, power, end-lr, cycle, unit, offset, name");
    }

    @Test
    void missingRequiredParameter() {
        says(error("type: step", "factor: 0.5"), 2, "sweep.schedules[0].every", "missing required parameter",
                "whole number >= 1");
    }

    @Test
    void wrongType() {
        ConfigException e = error("type: step", "every: 2", "factor: half");
        assertInstanceOf(ConfigException.WrongType.class, e);
        says(e, 5, "sweep.schedules[0].factor", "STRING", "a number in (0, 1]");
    }

    @Test
    void zeroOrFractionalSteps() {
        says(error("type: step", "every: 0"), 4, "sweep.schedules[0].every", "whole number >= 1", "got 0");
        says(error("type: step", "every: 2.5"), 4, "sweep.schedules[0].every", "whole number >= 1", "got 2.5");
        says(error("type: cosine", "decay-steps: -3"), 4, "sweep.schedules[0].decay-steps", ">= 1");
    }

    @Test
    void factorOutOfRange() {
        says(error("type: step", "every: 2", "factor: 1.5"), 5, "sweep.schedules[0].factor", "in (0, 1]", "got 1.5");
        says(error("type: cosine", "alpha: -0.1"), 4, "sweep.schedules[0].alpha", "in [0, 1]");
        says(error("type: one-cycle", "pct-start: 1"), 4, "sweep.schedules[0].pct-start", "in (0, 1)");
    }

    @Test
    void piecewiseNeedsOneMoreMultiplierThanBoundaries() {
        says(error("type: piecewise", "boundaries: [5, 10]", "multipliers: [1, 0.1]"), 5,
                "sweep.schedules[0].multipliers", "exactly one more value than boundaries", "3 for 2 boundaries");
    }

    @Test
    void milestonesAndBoundariesMustIncrease() {
        says(error("type: multi-step", "milestones: [10, 5]"), 4, "sweep.schedules[0].milestones",
                "strictly increasing");
        says(error("type: piecewise", "boundaries: [3, 3]", "multipliers: [1, 0.5, 0.1]"), 4,
                "sweep.schedules[0].boundaries", "strictly increasing");
        says(error("type: multi-step", "milestones: []"), 4, "sweep.schedules[0].milestones", "must not be empty");
    }

    @Test
    void unknownChoices() {
        says(error("type: cyclic", "base-lr: 0.001", "step-size-up: 4", "mode: exp_range"), 6,
                "sweep.schedules[0].mode", "triangular | triangular2 | exp-range");
        says(error("type: one-cycle", "anneal: cosine"), 4, "sweep.schedules[0].anneal", "cos | linear");
        says(error("type: constant", "unit: batch"), 4, "sweep.schedules[0].unit", "epoch | step");
    }

    @Test
    void exponentialTakesExactlyOneOfKAndDecayRate() {
        says(error("type: exponential", "k: 0.1", "decay-rate: 0.9"), 5, "sweep.schedules[0].decay-rate",
                "exactly one of k", "decay-rate");
        says(error("type: exponential"), 2, "sweep.schedules[0].k", "exactly one of k");
    }

    @Test
    void negativeOffset() {
        says(error("type: cosine", "offset: -1"), 4, "sweep.schedules[0].offset", ">= 0");
    }

    @Test
    void nestedSchedulesTakeNoVariantKeys() {
        says(error("type: warmup", "steps: 5", "then: {", "  type: cosine", "  unit: step", "}"), 7,
                "sweep.schedules[0].then.unit", "only be set on the top-level variant");
        says(error("type: warmup", "steps: 5", "then: {type: cosine, alhpa: 0.1}"), 5,
                "sweep.schedules[0].then.alhpa", "decay-steps, alpha");
    }

    @Test
    void nestedErrorsCarryTheirPath() {
        says(error("type: sequence", "parts: [", "  {steps: 3, schedule: {type: constant}}",
                        "  {schedule: {type: step, every: 0}}", "]"), 6,
                "sweep.schedules[0].parts[1].schedule.every", ">= 1");
    }

    @Test
    void sequenceSteps() {
        says(error("type: sequence", "parts: [", "  {schedule: {type: constant}}", "  {schedule: {type: cosine}}", "]"),
                5, "sweep.schedules[0].parts[0].steps", "every part but the last needs steps");
        says(error("type: sequence", "parts: [", "  {steps: 3, schedule: {type: constant}}", "]"),
                5, "sweep.schedules[0].parts[0].steps", "the last part spans the rest of the run");
        says(error("type: sequence", "parts: [", "  {steps: 3, schedule: {type: constant}, type: cosine}",
                "  {schedule: {type: cosine}}", "]"), 5, "sweep.schedules[0].parts[0].type", "steps, schedule");
    }

    @Test
    void plateauIsEpochWiseAndNotNestable() {
        says(error("type: plateau", "unit: step"), 4, "sweep.schedules[0].unit", "unit must be epoch");
        says(error("type: plateau", "offset: 2"), 4, "sweep.schedules[0].offset", "offset must be 0");
        says(error("type: warmup", "steps: 2", "then: {type: plateau}"), 5, "sweep.schedules[0].then.type",
                "cannot be nested");
        says(error("type: plateau", "factor: 1"), 4, "sweep.schedules[0].factor", "in (0, 1)");
    }

    @Test
    void nameMustBeAString() {
        says(error("type: constant", "name: [a]"), 4, "sweep.schedules[0].name", "a string");
    }
}
