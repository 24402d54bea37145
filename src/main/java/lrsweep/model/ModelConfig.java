package lrsweep.model;

import java.io.Serializable;
import java.util.List;

/**
 * The network every trial trains. Input and output sizes come from the data; the output layer is
 * softmax with cross-entropy loss.
 *
 * @param type       {@code mlp}: dense hidden layers; {@code cnn}: the small convnet of the Keras
 *                   MNIST example (conv 32 3×3, conv 64 3×3, max-pool 2, dropout 0.25, then its
 *                   dense layers, each followed by dropout 0.5: the example's is one of 128)
 * @param hidden     the MLP's hidden layer sizes; the CNN's dense layer sizes
 * @param activation of the hidden layers (MLP) or of the convolutions and the dense layers (CNN)
 * @param dropout    probability of dropping each input of a hidden and the output layer (MLP); 0 = none
 * @param imageShape height, width, channels of each example, for the CNN; empty: a square,
 *                   single-channel image of the data's feature count
 */
public record ModelConfig(String type, List<Integer> hidden, String activation, double dropout, List<Integer> imageShape)
        implements Serializable {

    public static final List<String> TYPES = List.of("mlp", "cnn");
    public static final List<String> ACTIVATIONS =
            List.of("relu", "tanh", "sigmoid", "leakyrelu", "elu", "selu", "gelu", "swish", "softplus");

    public ModelConfig {
        hidden = List.copyOf(hidden);
        imageShape = List.copyOf(imageShape);
    }

    /** An MLP without dropout. */
    public static ModelConfig mlp(List<Integer> hidden, String activation) {
        return new ModelConfig("mlp", hidden, activation, 0, List.of());
    }
}
