package lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimizer steps against values worked out by hand from their textbook (and PyTorch) definitions. */
class ParameterUpdateTest {

    private static final float[][] GRADIENTS = {{0.5f, 1f}, {0.25f, -1f}, {1f, 0f}};

    /** The weights after each of three steps at rate 0.1 from w = [1, -2]. */
    private static float[][] steps(Optimizer optimizer) {
        FloatBuffer w = FloatBuffer.wrap(new float[] {1f, -2f});
        ParameterUpdate update = ParameterUpdate.of(optimizer, 2);
        float[][] after = new float[GRADIENTS.length][];
        for (int t = 0; t < GRADIENTS.length; t++) {
            update.apply(w, FloatBuffer.wrap(GRADIENTS[t]), 2, 0.1f, t);
            after[t] = new float[] {w.get(0), w.get(1)};
        }
        return after;
    }

    private static void assertSteps(float[][] expected, float[][] actual) {
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], actual[t], 1e-6f, "after step " + (t + 1));
        }
    }

    @Test
    void sgd() {
        assertSteps(new float[][] {{0.95f, -2.1f}, {0.925f, -2.0f}, {0.825f, -2.0f}}, steps(Optimizer.of(Optimizer.Type.SGD)));
    }

    @Test
    void heavyBallMomentumAccumulatesTheVelocity() {
        // PyTorch SGD(momentum = 0.9): v = 0.9 v + g (v = g at the first step), w -= 0.1 v
        // v1 = [0.5, 1]; v2 = [0.7, -0.1]; v3 = [1.63, -0.09]
        assertSteps(new float[][] {{0.95f, -2.1f}, {0.88f, -2.09f}, {0.717f, -2.081f}},
                steps(new Optimizer(Optimizer.Type.MOMENTUM, Map.of("momentum", 0.9))));
    }
}
