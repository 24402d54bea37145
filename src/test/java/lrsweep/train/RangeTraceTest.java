package lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two suggestions read off a synthetic range-test curve whose answers are known. */
class RangeTraceTest {

    /**
     * Rates 10^(-4 + k/10) for k = 0..40 (1e-4 to 1); the smoothed loss falls as a smooth step,
     * steepest at 1e-2 (k = 20), to its minimum at 10^-0.5 (k = 35), then rises.
     */
    private static RangeTrace trace() {
        List<RangeTrace.Point> points = new ArrayList<>();
        for (int k = 0; k <= 40; k++) {
            double x = -4 + k / 10.0; // log10(rate)
            double loss = 2.0 - Math.tanh(2 * (x + 2)) + (k > 35 ? 0.5 * (k - 35) : 0);
            points.add(new RangeTrace.Point(k, Math.pow(10, x), loss, loss));
        }
        return new RangeTrace("synthetic", 1, points, false);
    }

    @Test
    void steepestDescentIsWhereTheLossFallsFastestBeforeItsMinimum() {
        assertEquals(1e-2, trace().steepest(), 1e-12);
    }

    @Test
    void minimumOverTenIsTheRateOfTheLowestLossDividedByTen() {
        assertEquals(Math.pow(10, -0.5) / 10, trace().minLossOver10(), 1e-12);
    }
}
