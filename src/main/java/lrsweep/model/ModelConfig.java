package lrsweep.model;

import java.io.Serializable;
import java.util.List;

/**
 * The network every trial trains: a built-in one, whose input and output sizes come from the data
 * and whose output layer follows its {@link Task} (softmax with cross-entropy, or one identity unit
 * with mean squared error), or the user's own.
 *
 * @param type       {@code mlp}: dense hidden layers; {@code dl4j}: the user's {@code network};
 *                   {@code cnn}: the small convnet of the Keras
 *                   MNIST example (conv 32 3×3, conv 64 3×3, max-pool 2, dropout 0.25, then its
 *                   dense layers, each followed by dropout 0.5: the example's is one of 128)
 * @param hidden     the MLP's hidden layer sizes; the CNN's dense layer sizes
 * @param activation of the hidden layers (MLP) or of the convolutions and the dense layers (CNN)
 * @param dropout    probability of dropping each input of a hidden and the output layer (MLP); 0 = none
 * @param imageShape height, width, channels of each example, for the CNN; empty: a square,
 *                   single-channel image of the data's feature count
 * @param network    the user's network for {@code dl4j}, else null; the built-in settings are then empty
 */
public record ModelConfig(String type, List<Integer> hidden, String activation, double dropout, List<Integer> imageShape,
        UserNetwork network) implements Serializable {

    public static final List<String> TYPES = List.of("mlp", "cnn", "dl4j");
    public static final List<String> ACTIVATIONS =
            List.of("relu", "tanh", "sigmoid", "leakyrelu", "elu", "selu", "gelu", "swish", "softplus");

    public ModelConfig {
        hidden = List.copyOf(hidden);
        imageShape = List.copyOf(imageShape);
    }

    /** An MLP without dropout. */
    public static ModelConfig mlp(List<Integer> hidden, String activation) {
        return new ModelConfig("mlp", hidden, activation, 0, List.of(), null);
    }

    /** The user's network ({@code model.type = dl4j}). */
    public static ModelConfig dl4j(UserNetwork network) {
        return new ModelConfig("dl4j", List.of(), "", 0, List.of(), network);
    }

    /** The same model with its user network read; a built-in one as it is. */
    public ModelConfig withNetwork(UserNetwork read) {
        return new ModelConfig(type, hidden, activation, dropout, imageShape, read);
    }

    /**
     * What trial ids digest. A built-in model keeps the text its ids have always digested (the
     * record's form before it had a user network), so existing sweeps resume.
     */
    public String key() {
        return network != null ? network.key()
                : "ModelConfig[type=" + type + ", hidden=" + hidden + ", activation=" + activation + ", dropout=" + dropout
                        + ", imageShape=" + imageShape + "]";
    }
}
