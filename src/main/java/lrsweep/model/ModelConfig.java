package lrsweep.model;

import java.io.Serializable;
import java.util.List;

/**
 * A multilayer perceptron: hidden layer sizes and their activation. Input and output sizes come
 * from the data; the output layer is softmax with cross-entropy loss.
 */
public record ModelConfig(List<Integer> hidden, String activation) implements Serializable {

    public static final List<String> ACTIVATIONS =
            List.of("relu", "tanh", "sigmoid", "leakyrelu", "elu", "selu", "gelu", "swish", "softplus");

    public ModelConfig {
        hidden = List.copyOf(hidden);
    }
}
