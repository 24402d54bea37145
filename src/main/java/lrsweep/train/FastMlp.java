package lrsweep.train;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lrsweep.data.Dataset;
import lrsweep.model.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The configured MLP trained by hand: per step a few {@code cblas_sgemm} calls (the BLAS ND4J itself
 * uses) and Java loops for bias, activation, softmax and the bias update, on buffers allocated once.
 * Why: at this model size DL4J spends most of a step launching its ~33 native ops, not computing.
 * Same maths as DL4J's dense layers with a softmax / MCXENT output, or for a regression an identity /
 * MSE one (one output unit: only the output's loss and gradient differ, the BLAS calls are the same,
 * so this engine trains it rather than leave regressions to DL4J's slower loop), and its updaters (see {@link ParameterUpdate}): it starts from the DL4J network's own initial weights and asks the same
 * schedule for each step's rate.
 *
 * <p>Layout: row-major; layer l maps {@code sizes[l]} to {@code sizes[l + 1]} units, its weights are
 * {@code sizes[l] × sizes[l + 1]}. Buffers are direct, so BLAS reads them without a copy.
 */
final class FastMlp implements Network {

    private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid");

    /** DL4J's MCXENT clips the softmax output before the log; the validation loss does the same. */
    static final double PROBABILITY_FLOOR = 1e-10;

    private final Activation activation;
    private final int[] sizes;
    private final FloatBuffer[] weights;
    private final FloatBuffer[] biases;
    /** outputs[l]: layer l's activations (softmax, or identity for a regression, for the last), for up to max(batch, validation) rows. */
    private final FloatBuffer[] outputs;
    /** deltas[l]: loss gradient w.r.t. layer l's pre-activations, per minibatch row. */
    private final FloatBuffer[] deltas;
    /** gradients[l]: the loss gradient w.r.t. layer l's weights; null with SGD, which folds it into a GEMM. */
    private final FloatBuffer[] gradients;
    private final FloatBuffer biasGradient;
    private final ParameterUpdate[] weightUpdates;
    private final ParameterUpdate[] biasUpdates;
    private final boolean sgd;
    private final MultiLayerNetwork net;
    private final FloatBuffer batch;
    private final Dataset train;
    private final Dataset validation;
    private final FloatBuffer validationFeatures;
    private ISchedule rate;
    private int iteration;
    private int epoch;

    /** Whether this engine can train {@code model} (other activations train with DL4J). */
    static boolean supports(ModelConfig model) {
        return model.type().equals("mlp") && model.dropout() == 0 && ACTIVATIONS.contains(model.activation());
    }

    /**
     * @param net                initialised network whose parameters are the starting point; {@link #dl4j}
     *                           copies the trained ones back into it
     * @param rate               the learning rate per (iteration, epoch)
     * @param validationFeatures the validation examples, row-major, direct
     */
    FastMlp(MultiLayerNetwork net, Optimizer optimizer, ISchedule rate, ModelConfig model, Dataset train, Dataset validation,
            FloatBuffer validationFeatures, int batchSize) {
        this.activation = Activation.valueOf(model.activation().toUpperCase(Locale.ROOT));
        this.net = net;
        this.rate = rate;
        this.sgd = optimizer.type() == Optimizer.Type.SGD;
        this.train = train;
        this.validation = validation;
        this.validationFeatures = validationFeatures;
        int layers = net.getnLayers();
        sizes = new int[layers + 1];
        sizes[0] = train.featureCount();
        weights = new FloatBuffer[layers];
        biases = new FloatBuffer[layers];
        outputs = new FloatBuffer[layers];
        deltas = new FloatBuffer[layers];
        gradients = new FloatBuffer[layers];
        weightUpdates = new ParameterUpdate[layers];
        biasUpdates = new ParameterUpdate[layers];
        int rows = Math.max(batchSize, validation.size());
        for (int l = 0; l < layers; l++) {
            INDArray w = net.getLayer(l).getParam("W");
            sizes[l + 1] = (int) w.columns();
            weights[l] = direct(w.dup('c').data().asFloat());
            biases[l] = direct(net.getLayer(l).getParam("b").toFloatVector());
            outputs[l] = direct(rows * sizes[l + 1]);
            deltas[l] = direct(batchSize * sizes[l + 1]);
            int size = sizes[l] * sizes[l + 1];
            gradients[l] = sgd ? null : direct(size);
            weightUpdates[l] = sgd ? null : ParameterUpdate.of(optimizer, size);
            biasUpdates[l] = ParameterUpdate.of(optimizer, sizes[l + 1]);
        }
        biasGradient = direct(java.util.Arrays.stream(sizes).max().orElseThrow());
        batch = direct(batchSize * sizes[0]);
    }

    @Override
    public void startEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public double learningRate() {
        return rate.valueAt(iteration, epoch);
    }

    @Override
    public void setLearningRate(double rate) {
        this.rate = new FixedSchedule(rate);
    }

    @Override
    public double fit(int[] rows) {
        int n = rows.length;
        int features = sizes[0];
        for (int i = 0; i < n; i++) {
            batch.put(i * features, train.features(), rows[i] * features, features);
        }
        forward(batch, n);
        double loss = train.regression() ? squaredError(rows) : crossEntropy(rows);
        backward(n, (float) learningRate());
        iteration++;
        return loss;
    }

    /** The minibatch's mean cross-entropy; sets the output deltas of softmax + cross-entropy. */
    private double crossEntropy(int[] rows) {
        int n = rows.length;
        int last = sizes.length - 2;
        int classes = sizes[last + 1];
        FloatBuffer p = outputs[last];
        FloatBuffer delta = deltas[last];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int label = train.labels()[rows[i]];
            loss -= Math.log(Math.max(p.get(i * classes + label), PROBABILITY_FLOOR));
            for (int k = 0; k < classes; k++) {
                // softmax + cross-entropy: dL/dz = (p - y), averaged over the minibatch as DL4J does
                delta.put(i * classes + k, (p.get(i * classes + k) - (k == label ? 1f : 0f)) / n);
            }
        }
        return loss / n;
    }

    /** The minibatch's mean squared error; sets the output deltas of identity + MSE (one output unit). */
    private double squaredError(int[] rows) {
        int n = rows.length;
        int last = sizes.length - 2;
        FloatBuffer prediction = outputs[last];
        FloatBuffer delta = deltas[last];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            float error = prediction.get(i) - train.targets()[rows[i]];
            loss += error * error;
            // DL4J's LossMSE: dL/dz = 2 (ŷ - y) / outputs, averaged over the minibatch
            delta.put(i, 2 * error / n);
        }
        return loss / n;
    }

    @Override
    public float[] predictValidation() {
        forward(validationFeatures, validation.size());
        float[] p = new float[validation.size() * validation.outputs()];
        outputs[sizes.length - 2].get(0, p);
        return p;
    }

    /** Copies the trained weights into the DL4J network this engine started from. */
    @Override
    public MultiLayerNetwork dl4j() {
        for (int l = 0; l < weights.length; l++) {
            float[] w = new float[sizes[l] * sizes[l + 1]];
            float[] b = new float[sizes[l + 1]];
            weights[l].get(0, w);
            biases[l].get(0, b);
            net.getLayer(l).getParam("W").assign(Nd4j.create(w, new long[] {sizes[l], sizes[l + 1]}, 'c'));
            net.getLayer(l).getParam("b").assign(Nd4j.create(b, new long[] {1, sizes[l + 1]}, 'c'));
        }
        return net;
    }

    @Override
    public NetworkState state() {
        return new NetworkState(concat(parameterBuffers()), concat(updaterBuffers()), iteration);
    }

    @Override
    public void load(NetworkState state) {
        split(state.parameters(), parameterBuffers(), "parameters");
        split(state.updater(), updaterBuffers(), "optimizer state values");
        iteration = state.iteration();
    }

    /** Each layer's weights, then its biases, layer by layer. */
    private List<FloatBuffer> parameterBuffers() {
        List<FloatBuffer> buffers = new ArrayList<>();
        for (int l = 0; l < weights.length; l++) {
            buffers.add(weights[l]);
            buffers.add(biases[l]);
        }
        return buffers;
    }

    /** The optimizer's state arrays: each layer's for its weights (none with SGD), then for its biases. */
    private List<FloatBuffer> updaterBuffers() {
        List<FloatBuffer> buffers = new ArrayList<>();
        for (int l = 0; l < weights.length; l++) {
            for (ParameterUpdate update : sgd ? List.of(biasUpdates[l]) : List.of(weightUpdates[l], biasUpdates[l])) {
                for (float[] values : update.state()) {
                    buffers.add(FloatBuffer.wrap(values));
                }
            }
        }
        return buffers;
    }

    private static float[] concat(List<FloatBuffer> buffers) {
        float[] all = new float[buffers.stream().mapToInt(FloatBuffer::capacity).sum()];
        int at = 0;
        for (FloatBuffer b : buffers) {
            b.get(0, all, at, b.capacity());
            at += b.capacity();
        }
        return all;
    }

    private static void split(float[] all, List<FloatBuffer> buffers, String what) {
        NetworkState.checkFits(all.length, buffers.stream().mapToInt(FloatBuffer::capacity).sum(), what);
        int at = 0;
        for (FloatBuffer b : buffers) {
            b.put(0, all, at, b.capacity());
            at += b.capacity();
        }
    }

    /** outputs[l] = act(input · W + b) per layer, softmax (classification) at the end, for the first {@code n} rows. */
    private void forward(FloatBuffer input, int n) {
        FloatBuffer in = input;
        for (int l = 0; l < weights.length; l++) {
            int fanIn = sizes[l];
            int units = sizes[l + 1];
            FloatBuffer out = outputs[l];
            for (int i = 0; i < n; i++) {
                out.put(i * units, biases[l], 0, units);
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, units, fanIn,
                    1f, in, fanIn, weights[l], units, 1f, out, units);
            if (l < weights.length - 1) {
                activation.apply(out, n * units);
            } else if (!train.regression()) {
                softmax(out, n, units);
            }
            in = out;
        }
    }

    /**
     * Backpropagates deltas[last] and applies the optimizer: each layer's input gradient is taken
     * before its weights change. With SGD the weight update is one GEMM, W = W − lr · inputᵀ · delta
     * (beta = 1); other optimizers take the gradient inputᵀ · delta and update from it.
     */
    private void backward(int n, float lr) {
        for (int l = weights.length - 1; l >= 0; l--) {
            int fanIn = sizes[l];
            int units = sizes[l + 1];
            FloatBuffer in = l == 0 ? batch : outputs[l - 1];
            if (l > 0) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, fanIn, units,
                        1f, deltas[l], units, weights[l], units, 0f, deltas[l - 1], fanIn);
                activation.backprop(deltas[l - 1], outputs[l - 1], n * fanIn);
            }
            if (sgd) {
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, fanIn, units, n,
                        -lr, in, fanIn, deltas[l], units, 1f, weights[l], units);
            } else {
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, fanIn, units, n,
                        1f, in, fanIn, deltas[l], units, 0f, gradients[l], units);
                weightUpdates[l].apply(weights[l], gradients[l], fanIn * units, lr, iteration);
            }
            for (int j = 0; j < units; j++) {
                float sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += deltas[l].get(i * units + j);
                }
                biasGradient.put(j, sum);
            }
            biasUpdates[l].apply(biases[l], biasGradient, units, lr, iteration);
        }
    }

    private static void softmax(FloatBuffer z, int n, int classes) {
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z.get(row + k));
            }
            float sum = 0;
            for (int k = 0; k < classes; k++) {
                float e = (float) Math.exp(z.get(row + k) - max);
                z.put(row + k, e);
                sum += e;
            }
            for (int k = 0; k < classes; k++) {
                z.put(row + k, z.get(row + k) / sum);
            }
        }
    }

    /** Buffers stay at position 0: BLAS reads a buffer from its position, and all access here is absolute. */
    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static FloatBuffer direct(float[] values) {
        return direct(values.length).put(0, values);
    }

    /** Hidden-layer activations; each derivative is written in terms of the activation's output. */
    private enum Activation {
        RELU {
            float of(float z) {
                return Math.max(z, 0f);
            }

            float slope(float a) {
                return a > 0f ? 1f : 0f;
            }
        },
        TANH {
            float of(float z) {
                return (float) Math.tanh(z);
            }

            float slope(float a) {
                return 1f - a * a;
            }
        },
        SIGMOID {
            float of(float z) {
                return (float) (1 / (1 + Math.exp(-z)));
            }

            float slope(float a) {
                return a * (1f - a);
            }
        };

        abstract float of(float z);

        abstract float slope(float a);

        void apply(FloatBuffer z, int count) {
            for (int i = 0; i < count; i++) {
                z.put(i, of(z.get(i)));
            }
        }

        /** delta ⊙= act'(z), from the activations a = act(z). */
        void backprop(FloatBuffer delta, FloatBuffer a, int count) {
            for (int i = 0; i < count; i++) {
                delta.put(i, delta.get(i) * slope(a.get(i)));
            }
        }
    }
}
