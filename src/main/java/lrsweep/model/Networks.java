package lrsweep.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Builds the DL4J network a {@link ModelConfig} describes. */
public final class Networks {

    private Networks() {}

    /**
     * An initialised MLP: the hidden layers of {@code config}, then a softmax output layer with
     * cross-entropy loss. Weights are U(-1/√fanIn, 1/√fanIn), as PyTorch's {@code nn.Linear}, so
     * that results compare with the usual PyTorch baseline.
     *
     * @param weightDecay decoupled weight decay (AdamW), 0 for none: DL4J's {@code WeightDecay} with
     *                    applyLR, on weights and biases as PyTorch's AdamW
     */
    public static MultiLayerNetwork mlp(ModelConfig config, int inputs, int classes, long seed, IUpdater updater,
            double weightDecay) {
        var layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.UNIFORM)
                .list();
        int in = inputs;
        for (int size : config.hidden()) {
            layers.layer(decayed(new DenseLayer.Builder(), weightDecay).nIn(in).nOut(size).activation(activation(config.activation())).build());
            in = size;
        }
        layers.layer(decayed(new OutputLayer.Builder(LossFunction.MCXENT), weightDecay)
                .nIn(in).nOut(classes).activation(Activation.SOFTMAX).build());
        var net = new MultiLayerNetwork(layers.build());
        net.init();
        return net;
    }

    /**
     * Weight decay set per layer: NeuralNetConfiguration.Builder.weightDecay (1.0.0-M2.1) lists it
     * twice on every layer, which decays twice as fast.
     */
    private static <T extends BaseLayer.Builder<T>> T decayed(T layer, double weightDecay) {
        if (weightDecay > 0) {
            layer.weightDecay(weightDecay, true).weightDecayBias(weightDecay, true);
        }
        return layer;
    }

    private static Activation activation(String name) {
        return switch (name) {
            case "leakyrelu" -> Activation.LEAKYRELU;
            default -> Activation.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        };
    }
}
