package lrsweep.train;

import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own loop, for a {@link MultiLayerNetwork} or (a user's network) a single-input,
 * single-output {@link ComputationGraph}: its updater applies the schedule, its layers do the maths.
 */
final class Dl4jNetwork implements Network {

    private final Model net;
    private final DataArrays data;
    /** The first layer that has a learning rate (a user's network may start with one that has none, or frozen ones). */
    private final int ratedLayer;

    Dl4jNetwork(Model net, DataArrays data) {
        this.net = net;
        this.data = data;
        int layers = net instanceof ComputationGraph g ? g.getLayers().length : ((MultiLayerNetwork) net).getnLayers();
        ratedLayer = IntStream.range(0, layers).filter(i -> rate(i) != null).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer of the network has a learning rate to sweep"));
    }

    @Override
    public void startEpoch(int epoch) {
        if (net instanceof ComputationGraph g) {
            g.getConfiguration().setEpochCount(epoch);
        } else {
            ((MultiLayerNetwork) net).setEpochCount(epoch);
        }
    }

    @Override
    public double learningRate() {
        return rate(ratedLayer);
    }

    private Double rate(int layer) {
        return net instanceof ComputationGraph g ? g.getLearningRate(g.getLayer(layer).conf().getLayer().getLayerName())
                : ((MultiLayerNetwork) net).getLearningRate(layer);
    }

    @Override
    public void setLearningRate(double rate) {
        if (net instanceof ComputationGraph g) {
            g.setLearningRate(rate);
        } else {
            ((MultiLayerNetwork) net).setLearningRate(rate);
        }
    }

    /** The data loss, as the fast engine's: DL4J's score adds AdamW's weight-decay penalty, taken off here. */
    @Override
    public double fit(int[] rows) {
        // of the parameters the step starts from, as the score
        double penalty = net instanceof ComputationGraph g ? g.calcRegularizationScore(true)
                : ((MultiLayerNetwork) net).calcRegularizationScore(true);
        // one native gather per array: getRows builds one small op per row, which cost more than the training step
        var batch = new DataSet(Nd4j.pullRows(data.features(), 1, rows), Nd4j.pullRows(data.labels(), 1, rows));
        if (net instanceof ComputationGraph g) {
            g.fit(batch);
        } else {
            ((MultiLayerNetwork) net).fit(batch);
        }
        return net.score() - penalty;
    }

    @Override
    public Model dl4j() {
        return net;
    }

    /** Its flat parameter view and its updater's state view; the iteration count lives in the configuration. */
    @Override
    public NetworkState state() {
        INDArray updater = updaterState();
        return new NetworkState(floats(net.params()), updater == null ? new float[0] : floats(updater),
                net instanceof ComputationGraph g ? g.getConfiguration().getIterationCount()
                        : ((MultiLayerNetwork) net).getIterationCount());
    }

    @Override
    public void load(NetworkState state) {
        assign(net.params(), state.parameters(), "parameters");
        assign(updaterState(), state.updater(), "optimizer state values");
        if (net instanceof ComputationGraph g) {
            g.getConfiguration().setIterationCount(state.iteration());
        } else {
            ((MultiLayerNetwork) net).setIterationCount(state.iteration());
        }
    }

    /** The updater's state, live; null for an updater without state (SGD). */
    private INDArray updaterState() {
        return net instanceof ComputationGraph g ? g.getUpdater().getStateViewArray()
                : ((MultiLayerNetwork) net).getUpdater().getStateViewArray();
    }

    /** The values as floats, exactly: a network of another data type would lose precision here. */
    private static float[] floats(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalStateException("a saved state holds float values, the network's are " + array.dataType());
        }
        return array.toFloatVector();
    }

    /** Copies {@code values} into {@code live} (null: an updater without state), which must hold as many. */
    private static void assign(INDArray live, float[] values, String what) {
        NetworkState.checkFits(values.length, live == null ? 0 : live.length(), what);
        if (values.length > 0) {
            live.assign(Nd4j.create(values, live.shape(), 'c'));
        }
    }

    @Override
    public float[] predictValidation() {
        var output = net instanceof ComputationGraph g ? g.outputSingle(false, data.validationFeatures())
                : ((MultiLayerNetwork) net).output(data.validationFeatures(), false);
        return output.data().asFloat();
    }
}
