package lrsweep.model;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/** Builds the DL4J network a {@link ModelConfig} describes. */
public final class Networks {

    /**
     * How {@link #build} initialises a network, part of every trial's id: a sweep resumed across a
     * change of it must not take the old results for new ones.
     */
    public static final String INITIALISATION = "weights and biases U(-1/sqrt(fanIn), 1/sqrt(fanIn))";

    // the CNN's kernels: stride-1 convolutions and a max-pool of stride POOL, none padded (DL4J's
    // default ConvolutionMode.Truncate)
    private static final int KERNEL = 3;
    private static final int POOL = 2;

    /**
     * The CNN's smallest image height and width: each convolution takes KERNEL - 1 off, and the
     * pool's window needs POOL left. DL4J 1.0.0-M2.1 also builds one less, but only by clipping the
     * pool's window to the single pixel left; two less leaves the dense layers nothing.
     */
    public static final int MIN_IMAGE_SIDE = 2 * (KERNEL - 1) + POOL;

    /** The CNN's need, for the messages refusing too small an image. */
    public static final String MIN_IMAGE = "model.type = cnn needs images of at least " + MIN_IMAGE_SIDE + "×"
            + MIN_IMAGE_SIDE + " pixels (its two " + KERNEL + "×" + KERNEL + " convolutions take " + 2 * (KERNEL - 1)
            + " off each side, its " + POOL + "×" + POOL + " max-pool needs " + POOL + " left)";

    private Networks() {}

    /**
     * An initialised network: weights and biases U(-1/√fanIn, 1/√fanIn), as PyTorch's {@code nn.Linear}
     * and {@code nn.Conv2d}, so that results compare with the usual PyTorch baseline.
     *
     * @param task        the output layer: softmax with cross-entropy over {@code outputs} classes, or
     *                    identity with mean squared error ({@link Task})
     * @param weightDecay decoupled weight decay (AdamW), 0 for none: DL4J's {@code WeightDecay} with
     *                    applyLR, on weights and biases as PyTorch's AdamW
     * @throws IllegalArgumentException when a CNN's image shape does not fit the feature count
     */
    public static MultiLayerNetwork build(ModelConfig config, Task task, int inputs, int outputs, long seed, IUpdater updater,
            double weightDecay) {
        var layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.UNIFORM)
                .list();
        Activation activation = activation(config.activation());
        // DL4J's dropOut(p) takes the probability of keeping an input, not of dropping it
        double keep = 1 - config.dropout();
        int in = inputs;
        if (config.type().equals("cnn")) {
            int[] shape = imageShape(config.imageShape(), inputs);
            layers.layer(decayed(new ConvolutionLayer.Builder(KERNEL, KERNEL), weightDecay).nOut(32).activation(activation).build())
                    .layer(decayed(new ConvolutionLayer.Builder(KERNEL, KERNEL), weightDecay).nOut(64).activation(activation).build())
                    .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(POOL, POOL).stride(POOL, POOL).build());
            // as Keras's example: dropout 0.25 of the pooled features, 0.5 of each dense layer's outputs
            double keepIn = 0.75;
            for (int size : config.hidden()) {
                layers.layer(decayed(new DenseLayer.Builder(), weightDecay).nOut(size).activation(activation).dropOut(keepIn).build());
                keepIn = 0.5;
            }
            layers.layer(decayed(new OutputLayer.Builder(task.loss()), weightDecay).nOut(outputs)
                            .activation(task.outputActivation()).dropOut(keepIn).build())
                    .setInputType(InputType.convolutionalFlat(shape[0], shape[1], shape[2]));
        } else {
            for (int size : config.hidden()) {
                var dense = decayed(new DenseLayer.Builder(), weightDecay).nIn(in).nOut(size).activation(activation);
                layers.layer((keep < 1 ? dense.dropOut(keep) : dense).build());
                in = size;
            }
            var output = decayed(new OutputLayer.Builder(task.loss()), weightDecay).nIn(in).nOut(outputs)
                    .activation(task.outputActivation());
            layers.layer((keep < 1 && !config.hidden().isEmpty() ? output.dropOut(keep) : output).build());
        }
        var net = new MultiLayerNetwork(layers.build());
        net.init();
        initBiases(net, seed);
        return net;
    }

    /** DL4J starts biases at a constant; PyTorch draws them like the weights, from the layer's fan-in. */
    private static void initBiases(MultiLayerNetwork net, long seed) {
        var random = new SplittableRandom(seed);
        for (var layer : net.getLayers()) {
            var table = layer.paramTable();
            if (table.containsKey("W") && table.containsKey("b")) {
                INDArray b = table.get("b");
                double bound = 1 / Math.sqrt((double) table.get("W").length() / b.length());
                float[] values = new float[(int) b.length()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextDouble(-bound, bound);
                }
                b.assign(Nd4j.create(values, b.shape(), 'c'));
            }
        }
    }

    /**
     * Height, width and channels; by default the square single-channel image of {@code inputs} pixels.
     *
     * @throws IllegalArgumentException when they do not fit {@code inputs}, or the image is smaller
     *                                  than {@link #MIN_IMAGE_SIDE} a side
     */
    public static int[] imageShape(List<Integer> configured, int inputs) {
        if (configured.isEmpty()) {
            int side = (int) Math.round(Math.sqrt(inputs));
            if (side * side != inputs) {
                throw new IllegalArgumentException("model.type = cnn needs model.image-shape: " + inputs
                        + " features are not a square image");
            }
            if (side < MIN_IMAGE_SIDE) {
                throw new IllegalArgumentException(MIN_IMAGE + "; the data's " + inputs + " features are a " + side + "×"
                        + side + " image");
            }
            return new int[] {side, side, 1};
        }
        int[] shape = configured.stream().mapToInt(Integer::intValue).toArray();
        if ((long) shape[0] * shape[1] * shape[2] != inputs) {
            throw new IllegalArgumentException("model.image-shape " + configured + " holds " + (long) shape[0] * shape[1] * shape[2]
                    + " values, the data has " + inputs + " features");
        }
        if (Math.min(shape[0], shape[1]) < MIN_IMAGE_SIDE) { // the config loader refuses this first
            throw new IllegalArgumentException(MIN_IMAGE + "; model.image-shape is " + configured);
        }
        return shape;
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
        return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
