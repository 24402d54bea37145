package lrsweep.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A user's own DL4J network ({@code model.type = dl4j}): a {@code MultiLayerConfiguration} or
 * {@code ComputationGraphConfiguration} as JSON (what {@code conf.toJson()} writes), or a
 * {@code ModelSerializer} zip. Each trial builds it afresh with its own updater and schedule on
 * every layer; its weights come from the trial's seed ({@link Init#FRESH}) or from the zip
 * ({@link Init#WEIGHTS}: the sweep of a fine-tuning run).
 *
 * <p>Declared by the config ({@link #declared}) and read once by the driver ({@link #read}), before
 * any trial exists: trials carry the read network to the executors, so these never open
 * {@code model.path} themselves.
 *
 * @param path    {@code model.path}, for messages
 * @param init    where the starting weights come from
 * @param kind    which DL4J network; null until read
 * @param json    the configuration in DL4J's own canonical JSON (parsed and written again, so that
 *                layout and key order do not matter); null until read
 * @param weights the zip's bytes for {@link Init#WEIGHTS}, else null
 */
public record UserNetwork(String path, Init init, Kind kind, String json, byte[] weights) implements Serializable {

    /** Where a trial's starting weights come from. */
    public enum Init {
        /** The configuration's weight initialisation, seeded by the trial's seed. */
        FRESH,
        /** The zip's weights, the same for every trial. */
        WEIGHTS
    }

    /** The two kinds of DL4J network. */
    public enum Kind { MULTI_LAYER, GRAPH }

    /** The updater state and weights are the zip's own entries; its configuration is this one. */
    private static final String ZIP_CONFIGURATION = "configuration.json";

    public static UserNetwork declared(String path, Init init) {
        return new UserNetwork(path, init, null, null, null);
    }

    public boolean isRead() {
        return json != null;
    }

    /**
     * This network, read from the bytes of {@code model.path}.
     *
     * @throws IllegalArgumentException saying why the file is not a DL4J network this init can use
     */
    public UserNetwork read(byte[] file) {
        boolean zip = file.length >= 2 && file[0] == 'P' && file[1] == 'K';
        String text = zip ? zipConfiguration(file) : new String(file, StandardCharsets.UTF_8);
        if (!zip && init == Init.WEIGHTS) {
            throw new IllegalArgumentException("model.init = weights needs a ModelSerializer zip, and this is not one"
                    + " (a configuration holds no weights); use model.init = fresh, or give the zip");
        }
        String what = zip ? "the zip's " + ZIP_CONFIGURATION : "the file";
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a DL4J network: " + what + " is not JSON (" + firstLine(e) + ")", e);
        }
        // DL4J's JSON: a graph lists vertices, a multi-layer network its layers' confs
        if (tree == null || !(tree.has("vertices") || tree.has("confs"))) {
            throw new IllegalArgumentException("not a DL4J network: " + what
                    + " has neither \"confs\" (a MultiLayerConfiguration) nor \"vertices\" (a ComputationGraphConfiguration)");
        }
        Kind kind = tree.has("vertices") ? Kind.GRAPH : Kind.MULTI_LAYER;
        String canonical;
        try {
            // the file's seeds are replaced by each trial's (DL4J's builders default to the clock's time): not part of it
            if (kind == Kind.GRAPH) {
                var conf = ComputationGraphConfiguration.fromJson(text);
                conf.getDefaultConfiguration().setSeed(0);
                conf.getVertices().values().forEach(v -> layerConf(v).ifPresent(c -> c.setSeed(0)));
                canonical = conf.toJson();
            } else {
                var conf = MultiLayerConfiguration.fromJson(text);
                conf.getConfs().forEach(c -> c.setSeed(0));
                canonical = conf.toJson();
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a DL4J network: DL4J cannot read " + what + " as a "
                    + (kind == Kind.GRAPH ? "ComputationGraphConfiguration" : "MultiLayerConfiguration") + " (" + firstLine(e) + ")", e);
        }
        UserNetwork read = new UserNetwork(path, init, kind, canonical, init == Init.WEIGHTS ? file : null);
        if (read.outputLayer() == null) {
            throw new IllegalArgumentException("not a DL4J network: its configuration has no output layer");
        }
        return read;
    }

    /** The zip's configuration.json: what ModelSerializer writes first. */
    private static String zipConfiguration(byte[] file) {
        try (var in = new ZipInputStream(new ByteArrayInputStream(file))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(ZIP_CONFIGURATION)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable zip: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("a zip without " + ZIP_CONFIGURATION + ", so not a DL4J ModelSerializer zip");
    }

    /**
     * What trial ids digest: kind, init and a SHA-256 of the canonical configuration (and of the
     * weights), so that an edited file gives new ids and a resume trains again.
     */
    public String key() {
        requireRead();
        String weightsDigest = weights == null ? "" : ",weights=" + sha256(weights);
        return "dl4j(" + word(kind) + ",init=" + word(init) + ",configuration=" + sha256(json.getBytes(StandardCharsets.UTF_8))
                + weightsDigest + ")";
    }

    /**
     * Checks that the network fits the data: one input of {@code features} values and, for a
     * classification, one softmax output of {@code outputs} classes with a cross-entropy loss; for a
     * regression, one identity output unit with a squared-error loss (MSE, or L2, which is the same
     * over one unit), the loss the validation loss measures.
     *
     * @throws IllegalArgumentException saying what does not fit
     */
    public void check(int features, Task task, int outputs) {
        requireRead();
        if (kind == Kind.GRAPH) {
            var graph = ComputationGraphConfiguration.fromJson(json);
            if (graph.getNetworkInputs().size() != 1 || graph.getNetworkOutputs().size() != 1) {
                throw new IllegalArgumentException("the graph has " + graph.getNetworkInputs().size() + " inputs and "
                        + graph.getNetworkOutputs().size() + " outputs; a sweep trains a graph of one input and one output");
            }
        } else {
            int inputs = inputs(MultiLayerConfiguration.fromJson(json));
            if (inputs > 0 && inputs != features) {
                throw new IllegalArgumentException("the network takes " + inputs + " inputs, the data has " + features + " features");
            }
        }
        Layer output = outputLayer();
        ILossFunction loss = output instanceof BaseOutputLayer o ? o.getLossFn() : output instanceof LossLayer l ? l.getLossFn() : null;
        if (loss == null) {
            throw new IllegalArgumentException("its last layer (" + output.getClass().getSimpleName()
                    + ") is not an output layer with a loss");
        }
        var activation = output instanceof BaseOutputLayer o ? o.getActivationFn() : ((LossLayer) output).getActivationFn();
        boolean fits = task == Task.REGRESSION
                ? (loss instanceof LossMSE || loss instanceof LossL2) && activation instanceof ActivationIdentity
                : (loss instanceof LossMCXENT || loss instanceof LossNegativeLogLikelihood) && activation instanceof ActivationSoftmax;
        if (!fits) {
            // LossMCXENT is DL4J's LossFunction.MCXENT, the name a configuration gives
            String lossName = loss.getClass().getSimpleName().replaceFirst("^Loss", "").toUpperCase(Locale.ROOT);
            throw new IllegalArgumentException("its output layer has loss " + lossName + " and activation " + activation
                    + (task == Task.REGRESSION ? "; a regression sweep (model.task = regression) needs identity with MSE (or L2)"
                            : "; a classification sweep needs softmax with MCXENT (or NEGATIVELOGLIKELIHOOD)"));
        }
        String wanted = task == Task.REGRESSION ? "a regression predicts 1 value" : "the data has " + outputs + " classes";
        if (output instanceof FeedForwardLayer f && f.getNOut() != outputs) {
            throw new IllegalArgumentException("the network has " + f.getNOut() + " outputs, " + wanted);
        }
        // what the structure does not say (a graph's input, a layer's own constraints): one forward pass tells
        Model net = build(0, new Sgd(0.1), 0);
        long[] shape;
        try {
            var probe = Nd4j.zeros(DataType.FLOAT, 2, features);
            shape = (net instanceof ComputationGraph g ? g.outputSingle(false, probe) : ((MultiLayerNetwork) net).output(probe, false))
                    .shape();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the network cannot take the data's " + features + " features: " + firstLine(e), e);
        }
        if (shape.length != 2 || shape[1] != outputs) {
            throw new IllegalArgumentException("the network's output has shape " + Arrays.toString(shape)
                    + " for 2 examples; " + wanted);
        }
    }

    /** The input size a multi-layer network declares: a CNN's flat image, else its first layer's nIn; 0 if it says none. */
    private static int inputs(MultiLayerConfiguration conf) {
        if (conf.getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor p) {
            return Math.toIntExact(p.getInputHeight() * p.getInputWidth() * p.getNumChannels());
        }
        return conf.getConf(0).getLayer() instanceof FeedForwardLayer f ? Math.toIntExact(f.getNIn()) : 0;
    }

    /**
     * An initialised network that trains with {@code updater} on every trainable layer (the file's own
     * updaters go; frozen layers stay frozen), its weights from {@code seed} or the zip.
     *
     * @param weightDecay decoupled weight decay (AdamW) added to every trainable layer, 0 for none
     * @return a {@link MultiLayerNetwork} or a {@link ComputationGraph}
     */
    public Model build(long seed, IUpdater updater, double weightDecay) {
        requireRead();
        Model net;
        if (kind == Kind.GRAPH) {
            var conf = ComputationGraphConfiguration.fromJson(json);
            conf.getDefaultConfiguration().setSeed(seed);
            conf.getVertices().values().forEach(v -> layerConf(v).ifPresent(c -> train(c, seed, updater, weightDecay)));
            var graph = new ComputationGraph(conf);
            graph.init();
            net = graph;
        } else {
            var conf = MultiLayerConfiguration.fromJson(json);
            conf.getConfs().forEach(c -> train(c, seed, updater, weightDecay));
            var multi = new MultiLayerNetwork(conf);
            multi.init();
            net = multi;
        }
        if (init == Init.WEIGHTS) {
            net.setParams(savedParams());
        }
        return net;
    }

    private static java.util.Optional<NeuralNetConfiguration> layerConf(GraphVertex v) {
        return v instanceof LayerVertex l ? java.util.Optional.of(l.getLayerConf()) : java.util.Optional.empty();
    }

    /** Seeds a layer and gives it the trial's updater, for weights and biases alike. */
    private static void train(NeuralNetConfiguration c, long seed, IUpdater updater, double weightDecay) {
        c.setSeed(seed);
        if (c.getLayer() instanceof BaseLayer layer) {
            layer.setIUpdater(updater.clone());
            layer.setBiasUpdater(null);
            if (weightDecay > 0) {
                layer.setRegularization(with(layer.getRegularization(), new WeightDecay(weightDecay, true)));
                layer.setRegularizationBias(with(layer.getRegularizationBias(), new WeightDecay(weightDecay, true)));
            }
        }
    }

    private static List<Regularization> with(List<Regularization> list, Regularization added) {
        List<Regularization> out = new ArrayList<>(list == null ? List.of() : list);
        out.add(added);
        return out;
    }

    private org.nd4j.linalg.api.ndarray.INDArray savedParams() {
        try {
            var in = new ByteArrayInputStream(weights);
            return (kind == Kind.GRAPH ? ModelSerializer.restoreComputationGraph(in, false).params()
                    : ModelSerializer.restoreMultiLayerNetwork(in, false).params());
        } catch (IOException e) {
            throw new IllegalStateException("the zip of model.path " + path + " was read before; its weights now fail to load", e);
        }
    }

    /** The layer the network's output comes from: the last one, a graph's output vertex; null if it has none. */
    private Layer outputLayer() {
        if (kind == Kind.GRAPH) {
            var conf = ComputationGraphConfiguration.fromJson(json);
            var outputs = conf.getNetworkOutputs();
            return outputs.isEmpty() ? null : layerConf(conf.getVertices().get(outputs.get(0))).map(NeuralNetConfiguration::getLayer)
                    .orElse(null);
        }
        var confs = MultiLayerConfiguration.fromJson(json).getConfs();
        return confs.isEmpty() ? null : confs.get(confs.size() - 1).getLayer();
    }

    private void requireRead() {
        if (!isRead()) {
            throw new IllegalStateException("model.path " + path + " has not been read");
        }
    }

    private static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String firstLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().lines().findFirst().orElse("").trim();
            }
        }
        return e.toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Equal content, not equal arrays: trials share an untrained loss per model. */
    @Override
    public boolean equals(Object o) {
        return o instanceof UserNetwork u && path.equals(u.path) && init == u.init && kind == u.kind
                && Objects.equals(json, u.json) && Arrays.equals(weights, u.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, init, kind, json, Arrays.hashCode(weights));
    }

    /** The key, or what is declared: never the whole configuration or weights. */
    @Override
    public String toString() {
        return isRead() ? key() : "dl4j(" + path + ",init=" + word(init) + ")";
    }
}
