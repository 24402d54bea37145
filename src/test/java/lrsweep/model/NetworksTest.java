package lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class NetworksTest {

    @Test
    void theMlpHasTheConfiguredLayers() {
        var net = Networks.build(ModelConfig.mlp(List.of(128), "relu"), Task.CLASSIFICATION, 784, 10, 1, new Sgd(0.1), 0);
        assertEquals(784 * 128 + 128 + 128 * 10 + 10, net.numParams());
        var w = net.getLayer(0).getParam("W");
        double bound = 1 / Math.sqrt(784);
        assertTrue(w.maxNumber().doubleValue() <= bound && w.minNumber().doubleValue() >= -bound, "U(-1/√fanIn, 1/√fanIn)");
    }

    @Test
    void mlpDropoutIsTheProbabilityOfDropping() {
        var config = new ModelConfig("mlp", List.of(32), "tanh", 0.2, List.of(), null);
        var net = Networks.build(config, Task.CLASSIFICATION, 784, 10, 1, new Sgd(0.1), 0);
        assertEquals(List.of(0.8, 0.8), keeps(net, 0, 1));
    }

    @Test
    void biasesAreDrawnLikeWeightsFromTheFanIn() {
        var net = Networks.build(ModelConfig.mlp(List.of(128), "relu"), Task.CLASSIFICATION, 784, 10, 7, new Sgd(0.1), 0);
        for (int layer = 0; layer < 2; layer++) {
            double bound = 1 / Math.sqrt(layer == 0 ? 784 : 128);
            INDArray b = net.getLayer(layer).getParam("b");
            assertTrue(b.amaxNumber().doubleValue() <= bound, "layer " + layer + " within ±1/√fanIn");
            // spread over the range, as U(-bound, bound) is; DL4J alone would leave them at 0
            assertTrue(b.maxNumber().doubleValue() > bound / 2 && b.minNumber().doubleValue() < -bound / 2, "layer " + layer);
        }
        // the biases are the network's own parameters, not a copy
        assertEquals(net.getLayer(1).getParam("b").getDouble(3), net.params().getDouble(784 * 128 + 128 + 128 * 10 + 3), 0);
        // and the same seed draws the same ones
        var again = Networks.build(ModelConfig.mlp(List.of(128), "relu"), Task.CLASSIFICATION, 784, 10, 7, new Sgd(0.1), 0);
        assertEquals(net.params(), again.params());
    }

    @Test
    void theCnnIsTheKerasMnistConvnet() {
        var net = Networks.build(new ModelConfig("cnn", List.of(128), "relu", 0, List.of(), null), Task.CLASSIFICATION, 784, 10, 1, new Sgd(0.1), 0);
        long conv1 = 3 * 3 * 32 + 32;
        long conv2 = 3 * 3 * 32 * 64 + 64;
        long dense = 12 * 12 * 64 * 128 + 128; // 28 → 26 → 24 → pooled 12
        long output = 128 * 10 + 10;
        assertEquals(conv1 + conv2 + dense + output, net.numParams());
        assertEquals(List.of(0.75, 0.5), keeps(net, 3, 4));
    }

    /** model.task = regression: the MLP and the CNN end in one identity unit with mean squared error. */
    @Test
    void aRegressionEndsInOneIdentityUnitWithMse() {
        for (var model : List.of(ModelConfig.mlp(List.of(16), "relu"), new ModelConfig("cnn", List.of(16), "relu", 0, List.of(), null))) {
            var net = Networks.build(model, Task.REGRESSION, 64, 1, 1, new Sgd(0.1), 0);
            var output = (org.deeplearning4j.nn.conf.layers.OutputLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer();
            assertEquals(1, output.getNOut(), model.type());
            assertEquals("identity", output.getActivationFn().toString(), model.type());
            assertEquals("LossMSE", output.getLossFn().getClass().getSimpleName(), model.type());
        }
    }

    @Test
    void theCnnsDenseLayersAreTheHiddenSizes() {
        var net = Networks.build(new ModelConfig("cnn", List.of(64, 32), "relu", 0, List.of(), null), Task.CLASSIFICATION, 784, 10, 1, new Sgd(0.1), 0);
        assertEquals(3 * 3 * 32 + 32 + 3 * 3 * 32 * 64 + 64 + 12 * 12 * 64 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10, net.numParams());
        assertEquals(List.of(0.75, 0.5, 0.5), keeps(net, 3, 4, 5));
        var none = Networks.build(new ModelConfig("cnn", List.of(), "relu", 0, List.of(), null), Task.CLASSIFICATION, 784, 10, 1, new Sgd(0.1), 0);
        assertEquals(3 * 3 * 32 + 32 + 3 * 3 * 32 * 64 + 64 + 12 * 12 * 64 * 10 + 10, none.numParams());
        assertEquals(List.of(0.75), keeps(none, 3));
    }

    @Test
    void theCnnTakesImagesDownToSixBySix() {
        assertEquals(6, Networks.MIN_IMAGE_SIDE);
        var net = Networks.build(new ModelConfig("cnn", List.of(16), "relu", 0, List.of(), null), Task.CLASSIFICATION, 36, 3, 1, new Sgd(0.1), 0);
        // 6 → 4 → 2 → pooled 1
        assertEquals(3 * 3 * 32 + 32 + 3 * 3 * 32 * 64 + 64 + 64 * 16 + 16 + 16 * 3 + 3, net.numParams());
        var before = net.params().dup();
        net.fit(Nd4j.rand(DataType.FLOAT, 4, 36), Nd4j.eye(4).getColumns(0, 1, 2).castTo(DataType.FLOAT));
        assertTrue(Double.isFinite(net.score()), "score " + net.score());
        assertNotEquals(before, net.params(), "one step trained");
        // the minimum holds for height and width apart
        assertArrayEquals(new int[] {6, 40, 1}, Networks.imageShape(List.of(6, 40, 1), 240));

        var derived = assertThrows(IllegalArgumentException.class, () -> Networks.imageShape(List.of(), 25));
        assertEquals("model.type = cnn needs images of at least 6×6 pixels (its two 3×3 convolutions take 4 off each side,"
                + " its 2×2 max-pool needs 2 left); the data's 25 features are a 5×5 image", derived.getMessage());
        var configured = assertThrows(IllegalArgumentException.class, () -> Networks.imageShape(List.of(40, 5, 1), 200));
        assertTrue(configured.getMessage().endsWith("at least 6×6 pixels (its two 3×3 convolutions take 4 off each side,"
                + " its 2×2 max-pool needs 2 left); model.image-shape is [40, 5, 1]"), configured.getMessage());
    }

    /** The dropout of the given layers as DL4J holds it: the probability of keeping an input. */
    private static List<Double> keeps(MultiLayerNetwork net, int... layers) {
        return Arrays.stream(layers)
                .mapToObj(i -> ((Dropout) ((BaseLayer) net.getLayerWiseConfigurations().getConf(i).getLayer()).getIDropout()).getP())
                .toList();
    }

    @Test
    void imageShapes() {
        assertArrayEquals(new int[] {28, 28, 1}, Networks.imageShape(List.of(), 784));
        assertArrayEquals(new int[] {32, 32, 3}, Networks.imageShape(List.of(32, 32, 3), 3072));
        var notSquare = assertThrows(IllegalArgumentException.class, () -> Networks.imageShape(List.of(), 785));
        assertTrue(notSquare.getMessage().contains("model.image-shape"), notSquare.getMessage());
        var wrong = assertThrows(IllegalArgumentException.class, () -> Networks.imageShape(List.of(28, 27, 1), 784));
        assertTrue(wrong.getMessage().contains("holds 756 values, the data has 784"), wrong.getMessage());
    }
}
