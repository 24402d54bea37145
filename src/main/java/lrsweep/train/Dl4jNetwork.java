package lrsweep.train;

import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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

    @Override
    public float[] predictValidation() {
        var output = net instanceof ComputationGraph g ? g.outputSingle(false, data.validationFeatures())
                : ((MultiLayerNetwork) net).output(data.validationFeatures(), false);
        return output.data().asFloat();
    }
}
