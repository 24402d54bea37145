package lrsweep.model;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * What the label column holds ({@code model.task}), and so the output layer of the built-in
 * networks: class indices, predicted by a softmax with cross-entropy loss; or one number, predicted
 * by an identity output with mean squared error, as Keras's {@code Dense(1)} with {@code loss="mse"}.
 */
public enum Task {
    CLASSIFICATION(LossFunction.MCXENT, Activation.SOFTMAX),
    REGRESSION(LossFunction.MSE, Activation.IDENTITY);

    private final LossFunction loss;
    private final Activation activation;

    Task(LossFunction loss, Activation activation) {
        this.loss = loss;
        this.activation = activation;
    }

    public LossFunction loss() {
        return loss;
    }

    public Activation outputActivation() {
        return activation;
    }
}
