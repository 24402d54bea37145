package lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import lrsweep.config.ConfigLoader;
import lrsweep.data.DataLoader;
import lrsweep.data.DataSplit;
import lrsweep.model.ModelConfig;
import lrsweep.model.UserNetwork;
import lrsweep.schedule.Schedules;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Training in segments from a saved member state, as population-based training does: segments in a
 * row record what one run does, bit for bit, and a state copied into another trial carries exactly
 * the donor's network and optimizer state; with both engines, and DL4J's two kinds of network
 * (the built-in MLP is a MultiLayerNetwork, {@code graph} a user's ComputationGraph). 300 training
 * and 100 validation examples (784 features), batches of 32 (the last one short).
 */
class SegmentTest {

    static DataSplit data;

    /** A user's network of the other DL4J kind: 784-12-10, tanh. */
    private static final UserNetwork GRAPH = UserNetwork.declared("graph.json", UserNetwork.Init.FRESH).read(
            new NeuralNetConfiguration.Builder().graphBuilder()
                    .addInputs("in")
                    .addLayer("hidden", new DenseLayer.Builder().nIn(784).nOut(12).activation(Activation.TANH).build(), "in")
                    .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(12).nOut(10).activation(Activation.SOFTMAX)
                            .build(), "hidden")
                    .setOutputs("out")
                    .build().toJson().getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void load() throws IOException {
        data = DataLoader.load(ConfigLoader.fromConfig(ConfigFactory.parseString("data { train-examples = 300, validation-examples = 100 }"),
                "segment").data(), new org.apache.hadoop.conf.Configuration());
    }

    /**
     * {@code network}: {@code fast} or {@code dl4j}, the built-in MLP trained by that engine;
     * {@code graph}, a user's ComputationGraph.
     */
    private static Trial trial(String id, double lr, String schedule, String optimizer, String network, int seed) {
        boolean graph = network.equals("graph");
        return new Trial(id, lr, Schedules.parse(ConfigFactory.parseString(schedule), "schedule"), seed,
                new TrainConfig(6, 32, Optimizer.of(Optimizer.Type.valueOf(optimizer.toUpperCase(Locale.ROOT))), 4,
                        graph ? "dl4j" : network, 0),
                graph ? ModelConfig.dl4j(GRAPH) : ModelConfig.mlp(List.of(16), "relu"));
    }

    private static Trial trial(double lr, String schedule, String optimizer, String network) {
        return trial("t", lr, schedule, optimizer, network, 3);
    }

    /** Every value of the records but their time; assertEquals on doubles compares their bits. */
    private static void assertSameRecords(List<EpochRecord> expected, List<EpochRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int e = 0; e < expected.size(); e++) {
            EpochRecord a = expected.get(e);
            EpochRecord b = actual.get(e);
            String at = "epoch " + a.epoch();
            assertEquals(a.epoch(), b.epoch(), at);
            assertEquals(a.learningRate(), b.learningRate(), at);
            assertEquals(a.trainLoss(), b.trainLoss(), at);
            assertEquals(a.valLoss(), b.valLoss(), at);
            assertEquals(a.valAccuracy(), b.valAccuracy(), at);
        }
    }

    private static void assertSameNetwork(NetworkState expected, NetworkState actual) {
        assertArrayEquals(expected.parameters(), actual.parameters(), "parameters");
        assertArrayEquals(expected.updater(), actual.updater(), "optimizer state");
        assertEquals(expected.iteration(), actual.iteration(), "iteration");
    }

    /**
     * Epochs 0..6 in one segment, and 0..3 then 3..6 from the first segment's state through its
     * bytes, record the same doubles and end in the same network. Adam's moments and step count,
     * a step-unit schedule's iteration, and plateau's reductions (factor 0.5 after every epoch that
     * does not improve by half) each only agree if the state restores them.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "fast;  sgd;      0.1;  {type = cosine}",
            "fast;  adam;     0.01; {type = cosine}",
            "fast;  adam;     0.01; {type = one-cycle, unit = step}",
            "fast;  sgd;      0.1;  {type = plateau, factor = 0.5, patience = 0, threshold = 0.5}",
            "dl4j;  adam;     0.01; {type = cosine}",
            "dl4j;  nesterov; 0.05; {type = plateau, factor = 0.5, patience = 0, threshold = 0.5}",
            "graph; adam;     0.01; {type = cosine}"})
    void segmentsInARowTrainAsOneRun(String network, String optimizer, double lr, String schedule) {
        Trial t = trial(lr, schedule, optimizer, network);
        Trainer.Segment whole = Trainer.trainSegment(t, data, null, 6);
        Trainer.Segment first = Trainer.trainSegment(t, data, null, 3);
        Trainer.Segment second = Trainer.trainSegment(t, data, MemberState.fromBytes(first.end().toBytes()), 6);
        assertFalse(whole.diverged());
        List<EpochRecord> joined = new ArrayList<>(first.epochs());
        joined.addAll(second.epochs());
        assertSameRecords(whole.epochs(), joined);
        assertSameNetwork(whole.end().network(), second.end().network());
        assertEquals(6, second.end().epoch());
        assertArrayEquals(whole.end().plateauLosses(), second.end().plateauLosses());
        double[] rates = whole.epochs().stream().mapToDouble(EpochRecord::learningRate).toArray();
        assertTrue(Arrays.stream(rates).distinct().count() > 1, "the rate changes over the run: " + Arrays.toString(rates));
    }

    /** The test above can fail: without Adam's moments the continued run trains differently. */
    @ParameterizedTest
    @CsvSource({"fast", "dl4j", "graph"})
    void theOptimizerStateMatters(String network) {
        Trial t = trial(0.01, "{type = constant}", "adam", network);
        MemberState saved = Trainer.trainSegment(t, data, null, 3).end();
        NetworkState n = saved.network();
        var wiped = new MemberState(saved.epoch(), saved.trainedBy(),
                new NetworkState(n.parameters(), new float[n.updater().length], n.iteration()), saved.plateauLosses());
        double kept = Trainer.trainSegment(t, data, saved, 4).epochs().get(0).trainLoss();
        double lost = Trainer.trainSegment(t, data, wiped, 4).epochs().get(0).trainLoss();
        assertNotEquals(kept, lost);
    }

    /** Trainer.train and one segment over the whole run share one loop: the same history. */
    @ParameterizedTest
    @CsvSource({"fast, adam", "dl4j, sgd"})
    void trainRecordsWhatOneSegmentDoes(String engine, String optimizer) {
        Trial t = trial(0.01, "{type = step, every = 2, factor = 0.5}", optimizer, engine);
        TrialResult result = Trainer.train(t, data);
        assertEquals(TrialStatus.OK, result.status(), String.valueOf(result.error()));
        assertEquals(6, result.epochs().size());
        assertSameRecords(result.epochs(), Trainer.trainSegment(t, data, null, 6).epochs());
    }

    /**
     * PBT's exploit: member B (another seed and rate) takes member A's state after epoch 3 and trains
     * on at its own, perturbed, rate. Its network, read back out of the engine before any step, is
     * A's exactly; its next epoch is recorded at B's rate, from A's network.
     */
    @ParameterizedTest
    @CsvSource({"fast", "dl4j", "graph"})
    void exploitCopiesTheDonorsNetworkAndOptimizerState(String network) {
        Trial a = trial("a", 0.01, "{type = constant}", "adam", network, 3);
        Trial b = trial("b", 0.003, "{type = constant}", "adam", network, 7);
        MemberState donor = Trainer.trainSegment(a, data, null, 3).end();
        MemberState own = Trainer.trainSegment(b, data, null, 3).end();
        assertFalse(Arrays.equals(donor.network().parameters(), own.network().parameters()));
        assertFalse(Arrays.equals(donor.network().updater(), own.network().updater()));

        Trial perturbed = trial("b", 0.003 * 1.2, "{type = constant}", "adam", network, 7);
        MemberState copied = MemberState.fromBytes(donor.toBytes());
        Trainer.Segment atCopy = Trainer.trainSegment(perturbed, data, copied, 3);
        assertEquals(List.of(), atCopy.epochs());
        assertSameNetwork(donor.network(), atCopy.end().network());
        float[] moments = donor.network().updater();
        assertTrue(IntStream.range(0, moments.length).anyMatch(i -> moments[i] != 0), "Adam's moments are there");

        EpochRecord next = Trainer.trainSegment(perturbed, data, copied, 4).epochs().get(0);
        assertEquals(3, next.epoch());
        assertEquals(0.003 * 1.2, next.learningRate(), 1e-9 * 0.003);
        EpochRecord donorsNext = Trainer.trainSegment(a, data, donor, 4).epochs().get(0);
        EpochRecord ownNext = Trainer.trainSegment(perturbed, data, own, 4).epochs().get(0);
        // from A's network: near A's next validation loss, far from B's own
        double fromDonor = Math.abs(next.valLoss() - donorsNext.valLoss());
        double fromOwn = Math.abs(next.valLoss() - ownNext.valLoss());
        assertTrue(fromDonor < fromOwn, next + " vs donor's " + donorsNext + " and own " + ownNext);
    }

    /**
     * A member that diverges stops its segment at that epoch; exploiting a member at the interval's
     * end, it catches up and trains on from the donor's network.
     */
    @Test
    void aDivergedMemberExploitsAtTheIntervalsEnd() {
        Trainer.Segment blownUp = Trainer.trainSegment(trial(100, "{type = constant}", "adam", "fast"), data, null, 3);
        assertTrue(blownUp.diverged());
        assertTrue(blownUp.epochs().size() < 3, blownUp.epochs().toString());
        assertEquals(blownUp.epochs().size(), blownUp.end().epoch());
        MemberState donor = Trainer.trainSegment(trial(0.01, "{type = constant}", "adam", "fast"), data, null, 3).end();
        Trainer.Segment next = Trainer.trainSegment(trial(0.02, "{type = constant}", "adam", "fast"), data,
                donor, 4);
        assertFalse(next.diverged());
        assertEquals(3, next.epochs().get(0).epoch());
        assertTrue(next.epochs().get(0).finite());
    }

    @Test
    void aStateContinuesOnlyUnderTheOptimizerThatMadeIt() {
        MemberState sgd = Trainer.trainSegment(trial(0.1, "{type = constant}", "sgd", "fast"), data, null, 1).end();
        var e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.trainSegment(trial(0.1, "{type = constant}", "adam", "fast"), data, sgd, 2));
        assertEquals("a state trained by fast sgd cannot train on by fast adam", e.getMessage());
    }

    /**
     * The bundled MLP 784-128-10 has 784·128 + 128 + 128·10 + 10 = 101,770 parameters: its state is
     * 4 bytes per parameter, and per Adam moment, plus a header of 7 ints and the engine's name.
     */
    @ParameterizedTest
    @CsvSource({"sgd, 1, fast sgd", "adam, 3, fast adam"})
    void stateSizeOfTheBundledMlp(String optimizer, int floatsPerParameter, String trainedBy) {
        Trial t = new Trial("t", 0.01, Schedules.parse(ConfigFactory.parseString("type = constant"), "schedule"), 3,
                new TrainConfig(1, 32, Optimizer.of(Optimizer.Type.valueOf(optimizer.toUpperCase(Locale.ROOT))), 4, "fast", 0),
                ModelConfig.mlp(List.of(128), "relu"));
        byte[] bytes = Trainer.trainSegment(t, data, null, 1).end().toBytes();
        System.out.printf("member state of the 784-128-10 MLP with %s: %,d bytes%n", optimizer, bytes.length);
        assertEquals(7 * 4 + trainedBy.length() + 4 * floatsPerParameter * 101_770, bytes.length);
        assertTrue(bytes.length < 2_000_000);
    }
}
