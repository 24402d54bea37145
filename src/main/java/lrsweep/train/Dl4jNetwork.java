package lrsweep.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J's own {@link MultiLayerNetwork} loop: its updater applies the schedule, its layers do the maths. */
final class Dl4jNetwork implements Network {

    private final MultiLayerNetwork net;
    private final DataArrays data;

    Dl4jNetwork(MultiLayerNetwork net, DataArrays data) {
        this.net = net;
        this.data = data;
    }

    @Override
    public void startEpoch(int epoch) {
        net.setEpochCount(epoch);
    }

    @Override
    public double learningRate() {
        return net.getLearningRate(0);
    }

    @Override
    public void setLearningRate(double rate) {
        net.setLearningRate(rate);
    }

    /** The data loss, as the fast engine's: DL4J's score adds AdamW's weight-decay penalty, taken off here. */
    @Override
    public double fit(int[] rows) {
        double penalty = net.calcRegularizationScore(true); // of the parameters the step starts from, as the score
        // one native gather per array: getRows builds one small op per row, which cost more than the training step
        net.fit(new DataSet(Nd4j.pullRows(data.features(), 1, rows), Nd4j.pullRows(data.oneHot(), 1, rows)));
        return net.score() - penalty;
    }

    @Override
    public MultiLayerNetwork dl4j() {
        return net;
    }

    @Override
    public float[] predictValidation() {
        return net.output(data.validationFeatures(), false).data().asFloat();
    }
}
