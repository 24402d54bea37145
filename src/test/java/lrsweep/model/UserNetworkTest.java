package lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** A user's DL4J network, built here with DL4J's builders and saved as JSON and as a zip. */
class UserNetworkTest {

    /** features → 16 relu → classes softmax, with an updater of its own that the sweep must replace. */
    static MultiLayerConfiguration mlp(int features, int classes, LossFunction loss, Activation output) {
        return new NeuralNetConfiguration.Builder().seed(42).updater(new Nesterovs(0.5, 0.5)).list()
                .layer(new DenseLayer.Builder().nIn(features).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(loss).nIn(16).nOut(classes).activation(output).build())
                .build();
    }

    static MultiLayerConfiguration mlp(int features, int classes) {
        return mlp(features, classes, LossFunction.MCXENT, Activation.SOFTMAX);
    }

    static ComputationGraphConfiguration graph(int features, int classes) {
        return new NeuralNetConfiguration.Builder().seed(42).updater(new Nesterovs(0.5, 0.5)).graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(features).nOut(12).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunction.NEGATIVELOGLIKELIHOOD).nIn(12).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
    }

    static byte[] zip(Model net) throws IOException {
        var bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        return bytes.toByteArray();
    }

    private static UserNetwork fresh(String json) {
        return UserNetwork.declared("net.json", UserNetwork.Init.FRESH).read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConfigurationIsReadInCanonicalFormSoLayoutDoesNotChangeTheKey() throws Exception {
        String json = mlp(20, 3).toJson();
        String compact = new ObjectMapper().readTree(json).toString();
        assertNotEquals(json, compact);
        var network = fresh(json);
        assertEquals(UserNetwork.Kind.MULTI_LAYER, network.kind());
        assertEquals(network.key(), fresh(compact).key());
        assertNotEquals(network.key(), fresh(mlp(20, 4).toJson()).key(), "another output size is another network");
        assertTrue(network.key().startsWith("dl4j(multi-layer,init=fresh,configuration="), network.key());
        var reseeded = mlp(20, 3);
        reseeded.getConfs().forEach(c -> c.setSeed(7));
        assertEquals(network.key(), fresh(reseeded.toJson()).key(), "each trial's seed replaces the file's");
    }

    @Test
    void everyTrainableLayerTrainsWithTheTrialsUpdaterAndDecay() {
        MultiLayerNetwork net = (MultiLayerNetwork) fresh(mlp(20, 3).toJson()).build(1, new Adam(0.01), 0.05);
        for (var layer : net.getLayerWiseConfigurations().getConfs()) {
            var base = (BaseLayer) layer.getLayer();
            assertInstanceOf(Adam.class, base.getIUpdater());
            assertEquals(0.01, base.getIUpdater().getLearningRate(0, 0), 0);
            assertNull(base.getBiasUpdater(), "biases use the same updater");
            assertTrue(base.getRegularization().stream().anyMatch(r -> r instanceof WeightDecay w && w.getCoeff().valueAt(0, 0) == 0.05));
        }
    }

    @Test
    void freshWeightsFollowTheTrialsSeed() {
        var network = fresh(mlp(20, 3).toJson());
        var a = network.build(5, new Adam(0.01), 0).params();
        assertEquals(a, network.build(5, new Adam(0.01), 0).params());
        assertNotEquals(a, network.build(6, new Adam(0.01), 0).params());
    }

    @Test
    void aZipsWeightsStartEveryTrial() throws Exception {
        var saved = new ComputationGraph(graph(20, 3));
        saved.init();
        var network = UserNetwork.declared("net.zip", UserNetwork.Init.WEIGHTS).read(zip(saved));
        assertEquals(UserNetwork.Kind.GRAPH, network.kind());
        for (int seed : new int[] {1, 2}) {
            Model built = network.build(seed, new Adam(0.01), 0);
            assertInstanceOf(ComputationGraph.class, built);
            assertEquals(saved.params(), built.params(), "seed " + seed);
        }
        var freshFromZip = UserNetwork.declared("net.zip", UserNetwork.Init.FRESH).read(zip(saved));
        assertNull(freshFromZip.weights());
        assertNotEquals(saved.params(), freshFromZip.build(1, new Adam(0.01), 0).params());
        assertNotEquals(network.key(), freshFromZip.key(), "the weights are part of the key");
        network.check(20, Task.CLASSIFICATION, 3);
    }

    @Test
    void whatDoesNotFitTheDataIsSaid() {
        assertEquals("the network takes 20 inputs, the data has 784 features",
                assertThrows(IllegalArgumentException.class, () -> fresh(mlp(20, 3).toJson()).check(784, Task.CLASSIFICATION, 3)).getMessage());
        assertEquals("the network has 3 outputs, the data has 10 classes",
                assertThrows(IllegalArgumentException.class, () -> fresh(mlp(20, 3).toJson()).check(20, Task.CLASSIFICATION, 10)).getMessage());
        var mse = assertThrows(IllegalArgumentException.class,
                () -> fresh(mlp(20, 3, LossFunction.MSE, Activation.IDENTITY).toJson()).check(20, Task.CLASSIFICATION, 3));
        assertTrue(mse.getMessage().startsWith("its output layer has loss MSE"), mse.getMessage());
        assertTrue(mse.getMessage().endsWith("a classification sweep needs softmax with MCXENT (or NEGATIVELOGLIKELIHOOD)"));
        var graphInput = assertThrows(IllegalArgumentException.class, () -> fresh(graph(20, 3).toJson()).check(30, Task.CLASSIFICATION, 3));
        assertTrue(graphInput.getMessage().startsWith("the network cannot take the data's 30 features: "), graphInput.getMessage());
        fresh(graph(20, 3).toJson()).check(20, Task.CLASSIFICATION, 3);
    }

    @Test
    void aRegressionNeedsOneIdentityOutputWithSquaredError() {
        fresh(mlp(20, 1, LossFunction.MSE, Activation.IDENTITY).toJson()).check(20, Task.REGRESSION, 1);
        fresh(mlp(20, 1, LossFunction.L2, Activation.IDENTITY).toJson()).check(20, Task.REGRESSION, 1);
        assertEquals("the network has 3 outputs, a regression predicts 1 value", assertThrows(IllegalArgumentException.class,
                () -> fresh(mlp(20, 3, LossFunction.MSE, Activation.IDENTITY).toJson()).check(20, Task.REGRESSION, 1)).getMessage());
        var softmax = assertThrows(IllegalArgumentException.class, () -> fresh(mlp(20, 3).toJson()).check(20, Task.REGRESSION, 1));
        assertTrue(softmax.getMessage().endsWith("a regression sweep (model.task = regression) needs identity with MSE (or L2)"),
                softmax.getMessage());
    }

    @Test
    void aCnnTakesItsFlatImage() {
        var conf = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1))
                .build();
        fresh(conf.toJson()).check(64, Task.CLASSIFICATION, 10);
        assertEquals("the network takes 64 inputs, the data has 784 features",
                assertThrows(IllegalArgumentException.class, () -> fresh(conf.toJson()).check(784, Task.CLASSIFICATION, 10)).getMessage());
    }

    @Test
    void whatIsNotADl4jNetworkIsRefused() throws Exception {
        var declared = UserNetwork.declared("x", UserNetwork.Init.FRESH);
        var text = assertThrows(IllegalArgumentException.class, () -> declared.read("{\"layers\": [1, 2".getBytes(StandardCharsets.UTF_8)));
        assertTrue(text.getMessage().startsWith("not a DL4J network: the file is not JSON ("), text.getMessage());
        assertEquals("not a DL4J network: the file has neither \"confs\" (a MultiLayerConfiguration) nor \"vertices\" (a "
                + "ComputationGraphConfiguration)", assertThrows(IllegalArgumentException.class,
                        () -> declared.read("{\"hello\": 1}".getBytes(StandardCharsets.UTF_8))).getMessage());
        var garbled = assertThrows(IllegalArgumentException.class,
                () -> declared.read("{\"confs\": [{\"layer\": 3}]}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(garbled.getMessage().startsWith("not a DL4J network: DL4J cannot read the file as a MultiLayerConfiguration ("),
                garbled.getMessage());
        var weights = assertThrows(IllegalArgumentException.class,
                () -> UserNetwork.declared("x", UserNetwork.Init.WEIGHTS).read(mlp(20, 3).toJson().getBytes(StandardCharsets.UTF_8)));
        assertTrue(weights.getMessage().startsWith("model.init = weights needs a ModelSerializer zip"), weights.getMessage());
        var zipWithout = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(zipWithout)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("other.txt"));
        }
        assertEquals("a zip without configuration.json, so not a DL4J ModelSerializer zip",
                assertThrows(IllegalArgumentException.class, () -> declared.read(zipWithout.toByteArray())).getMessage());
    }
}
