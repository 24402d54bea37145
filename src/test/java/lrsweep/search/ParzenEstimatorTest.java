package lrsweep.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The estimator against values worked out by hand from Optuna's rules, and against the normal's tables. */
class ParzenEstimatorTest {

    @Test
    void weightsAreEqualWithThePriorLastAndRampTheOldestBeyond25() {
        var three = new ParzenEstimator(new Dimension.Real(0, 10, false), List.of(9.0, 2.0, 5.0), 1.0);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, three.weights(), 1e-12);
        // numpy: linspace(1/27, 1, 2) = [1/27, 1], then 25 ones
        double[] w = ParzenEstimator.defaultWeights(27);
        assertEquals(1.0 / 27, w[0], 1e-12);
        assertEquals(1.0, w[1], 1e-12);
        assertEquals(1.0, w[26], 1e-12);
        assertArrayEquals(new double[] {1}, new ParzenEstimator(new Dimension.Categorical(3), List.of(), 1.0).weights(), 0);
    }

    @Test
    void sigmasAreTheLargerNeighbourGapClippedByTheMagicClip() {
        // sorted with ends: 0 | 2 5 9 | 10; gaps: 2 -> max(2,3), 5 -> max(3,4), 9 -> max(4,1); the outermost take
        // their inner gap (3 and 4); clip to [10 / min(100, 1 + 4), 10] = [2, 10]; the prior's is the range
        var e = new ParzenEstimator(new Dimension.Real(0, 10, false), List.of(9.0, 2.0, 5.0), 1.0);
        assertArrayEquals(new double[] {4, 3, 4, 10}, e.sigmas(), 1e-12);
        // two close points: their gap 0.1 is clipped up to 10 / (1 + 3)
        var close = new ParzenEstimator(new Dimension.Real(0, 10, false), List.of(5.0, 5.1), 1.0);
        assertArrayEquals(new double[] {2.5, 2.5, 10}, close.sigmas(), 1e-12);
    }

    @Test
    void aLogRangeIsModelledInLogSpace() {
        // log10-spaced points 1e-3, 1e-2, 1e-1 in [1e-4, 1]: gaps of ln 10 each
        var e = new ParzenEstimator(new Dimension.Real(1e-4, 1, true), List.of(1e-3, 1e-2, 1e-1), 1.0);
        double ln10 = Math.log(10);
        assertArrayEquals(new double[] {ln10, ln10, ln10, 4 * ln10}, e.sigmas(), 1e-9);
    }

    @Test
    void categoricalKernelsSpreadThePriorAndAddOneToTheirChoice() {
        // 2 observations (0 and 2) + the prior = 3 kernels, each row 1/3 per choice before its +1, then normalized
        var e = new ParzenEstimator(new Dimension.Categorical(3), List.of(0.0, 2.0), 1.0);
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 6, 1.0 / 6}, e.probabilities(0), 1e-12);
        assertArrayEquals(new double[] {1.0 / 6, 1.0 / 6, 2.0 / 3}, e.probabilities(1), 1e-12);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, e.probabilities(2), 1e-12);
        assertEquals(Math.log(7.0 / 18), e.logPdf(0), 1e-12);
        assertEquals(Math.log(4.0 / 18), e.logPdf(1), 1e-12);
    }

    @Test
    void samplesStayInTheRangeAndTheDensityIntegratesToOne() {
        var real = new Dimension.Real(-1, 3, false);
        var e = new ParzenEstimator(real, List.of(-0.9, 0.0, 2.9), 1.0);
        var random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            double x = e.sample(random);
            assertTrue(x >= -1 && x <= 3, "sample " + x);
        }
        double integral = 0;
        int steps = 40_000;
        for (int i = 0; i < steps; i++) {
            integral += Math.exp(e.logPdf(-1 + 4.0 * (i + 0.5) / steps)) * 4.0 / steps;
        }
        assertEquals(1.0, integral, 1e-5);
        var log = new ParzenEstimator(new Dimension.Real(1e-3, 1, true), List.of(0.5), 1.0);
        for (int i = 0; i < 2000; i++) {
            double x = log.sample(random);
            assertTrue(x >= 1e-3 && x <= 1, "sample " + x);
        }
    }

    @Test
    void phiMatchesTheNormalTable() {
        assertEquals(0.5, ParzenEstimator.phi(0), 1e-7);
        assertEquals(0.8413447461, ParzenEstimator.phi(1), 2e-7);
        assertEquals(0.0227501319, ParzenEstimator.phi(-2), 2e-7);
        assertEquals(0.9986501020, ParzenEstimator.phi(3), 2e-7);
    }
}
