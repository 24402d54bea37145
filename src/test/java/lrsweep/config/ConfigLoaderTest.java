package lrsweep.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertIterableEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lrsweep.model.Task;
import lrsweep.train.Objective;
import lrsweep.train.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config validation against reference.conf. Configs given as strings are parsed as "test.conf",
 * so line n of the string is reported as "test.conf: n".
 */
class ConfigLoaderTest {

    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    private static Config parse(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("test.conf"));
    }

    /** Loads {@code config} and checks that the error message contains every fragment. */
    private static void assertError(String config, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromConfig(parse(config), "test"));
        String m = e.getMessage();
        assertAll(Stream.of(fragments).map(f -> () -> assertTrue(m.contains(f), "'" + f + "' not in: " + m)));
    }

    private File write(String fileName, String text) throws IOException {
        return Files.writeString(dir.resolve(fileName), text).toFile();
    }

    // ---- valid configs and defaults --------------------------------------------------------

    @Test
    void defaultsFillInWhatTheFileLeavesOut() {
        SweepConfig c = ConfigLoader.fromConfig(ConfigFactory.empty(), "fallback-name");
        assertEquals("fallback-name", c.name());
        assertIterableEquals(List.of(0.1, 0.01), c.learningRates());
        assertEquals(1, c.schedules().size());
        assertEquals(List.of(1), c.seeds());
        assertEquals(5, c.train().epochs());
        assertEquals(64, c.train().batchSize());
        assertEquals(Optimizer.of(Optimizer.Type.SGD), c.train().optimizer());
        assertEquals(List.of(c.train().optimizer()), c.optimizers(), "sweep.optimizers null: train.optimizer alone");
        assertEquals(0, c.train().patience(), "no early stopping");
        assertEquals(4.0, c.train().divergenceFactor(), EPS);
        assertEquals("fast", c.train().engine());
        assertEquals(List.of(128), c.model().hidden());
        assertEquals("relu", c.model().activation());
        assertEquals("classpath:fashion-mnist", c.data().dir());
        assertEquals(0, c.data().trainExamples(), "null means all, encoded as 0");
        assertEquals(0, c.data().validationExamples(), "null means all, encoded as 0");
        assertEquals("results", c.outputDir());
    }

    @Test
    void everyBundledExampleLoads() throws IOException {
        // conf/*.conf are the README's runnable examples; surefire runs in the project root
        try (Stream<Path> files = Files.list(Path.of("conf"))) {
            List<Path> examples = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
            assertTrue(examples.size() >= 4, examples.toString());
            assertAll(examples.stream().map(f -> () -> ConfigLoader.load(f.toFile(), List.of())));
        }
        SweepConfig halving = ConfigLoader.load(new File("conf/halving.conf"), List.of());
        assertEquals(16, halving.learningRates().size());
        assertEquals(4, halving.schedules().size(), "sweep.conf's schedules, included");
        assertEquals(27, halving.train().epochs());
        assertEquals(2, halving.halving().minEpochs());
    }

    @Test
    void valuesFromTheConfigAreUsed() {
        SweepConfig c = ConfigLoader.fromConfig(parse("""
                sweep { name = exp-1.b, learning-rates = [0.5, 0.05, 0.005], seeds = [3, 7]
                        schedules = [{type = constant}, {type = step, every = 2}] }
                train { epochs = 3, batch-size = 32, divergence-factor = 2.5 }
                model { hidden = [64, 32], activation = tanh }
                data { dir = "/data/mnist", train-examples = 300, validation-examples = 100 }
                output.dir = out
                """), "ignored");
        assertEquals("exp-1.b", c.name());
        assertIterableEquals(List.of(0.5, 0.05, 0.005), c.learningRates());
        assertEquals(2, c.schedules().size());
        assertEquals(List.of(3, 7), c.seeds());
        assertEquals(3, c.train().epochs());
        assertEquals(32, c.train().batchSize());
        assertEquals(2.5, c.train().divergenceFactor(), EPS);
        assertEquals(List.of(64, 32), c.model().hidden());
        assertEquals("tanh", c.model().activation());
        assertEquals("/data/mnist", c.data().dir());
        assertEquals(300, c.data().trainExamples());
        assertEquals(100, c.data().validationExamples());
        assertEquals("out", c.outputDir());
    }

    @Test
    void nameDefaultsToTheFilesBaseName() throws IOException {
        File file = write("my-sweep.conf", "train.epochs = 2\n");
        SweepConfig c = ConfigLoader.load(file, List.of());
        assertEquals("my-sweep", c.name());
        assertEquals(2, c.train().epochs());
    }

    @Test
    void explicitNameBeatsTheFileName() throws IOException {
        File file = write("my-sweep.conf", "sweep.name = other\n");
        assertEquals("other", ConfigLoader.load(file, List.of()).name());
    }

    @Test
    void commandLineOverrideWinsOverTheFile() throws IOException {
        File file = write("s.conf", "train.epochs = 2\nmodel.activation = tanh\n");
        SweepConfig c = ConfigLoader.load(file, List.of("train.epochs=7", "sweep.learning-rates=[0.3]"));
        assertEquals(7, c.train().epochs());
        assertIterableEquals(List.of(0.3), c.learningRates());
        assertEquals("tanh", c.model().activation(), "keys not overridden still come from the file");
    }

    @Test
    void laterOverrideWinsOverEarlierOne() throws IOException {
        File file = write("s.conf", "");
        assertEquals(9, ConfigLoader.load(file, List.of("train.epochs=2", "train.epochs=9")).train().epochs());
    }

    @Test
    void resolvedConfigReparsesWithEffectiveNameAndValues() throws IOException {
        File file = write("my-sweep.conf", "train.epochs = 2\nsweep.learning-rates = [0.2]\n");
        SweepConfig c = ConfigLoader.load(file, List.of("train.epochs=11"));
        Config resolved = ConfigFactory.parseString(c.resolved());
        assertEquals("my-sweep", resolved.getString("sweep.name"));
        assertEquals(11, resolved.getInt("train.epochs"));
        assertEquals(List.of(0.2), resolved.getDoubleList("sweep.learning-rates"));
        assertEquals(64, resolved.getInt("train.batch-size"), "defaults are written out too");
        assertTrue(resolved.getIsNull("data.train-examples"));
        assertEquals(List.of("sweep", "train", "model", "data", "finder", "halving", "output").stream().sorted().toList(),
                resolved.root().keySet().stream().sorted().toList());
        // and it loads again to the same sweep
        SweepConfig again = ConfigLoader.fromConfig(resolved, "other");
        assertEquals(c.name(), again.name());
        assertEquals(c.train(), again.train());
        assertEquals(c.schedules(), again.schedules());
    }

    // ---- unknown keys ----------------------------------------------------------------------

    @Test
    void unknownTopLevelKey() {
        assertError("train.epochs = 2\nsweeps.name = x\n",
                "test.conf: 2", "sweeps", "unknown key", "allowed at the top level: data, finder, halving, model, output, sweep, train");
    }

    @Test
    void misspeltNestedKeyListsTheAllowedKeys() {
        assertError("train {\n  epoch = 3\n}\n",
                "test.conf: 2", "train.epoch", "unknown key",
                "allowed in train: batch-size, divergence-factor, early-stopping, engine, epochs, optimizer");
    }

    // ---- wrong values ----------------------------------------------------------------------

    @Test
    void wrongType() {
        assertError("\ntrain.epochs = \"many\"\n", "test.conf: 2", "train.epochs", "NUMBER");
    }

    @Test
    void unknownEngineNamesTheAllowedOnes() {
        assertError("train {\n  engine = torch\n}\n", "test.conf: 2", "train.engine", "fast, dl4j", "'torch'");
    }

    @Test
    void negativeLearningRate() {
        assertError("sweep.learning-rates = [0.1, -0.01]", "test.conf: 1", "sweep.learning-rates",
                "positive", "-0.01");
    }

    @Test
    void zeroLearningRate() {
        assertError("sweep.learning-rates = [0]", "test.conf: 1", "sweep.learning-rates", "positive", "0.0");
    }

    @Test
    void duplicateLearningRate() {
        assertError("sweep.learning-rates = [0.1, 0.1]", "test.conf: 1", "sweep.learning-rates", "twice");
    }

    @Test
    void emptyLearningRates() {
        assertError("sweep.learning-rates = []", "test.conf: 1", "sweep.learning-rates", "at least one learning rate");
    }

    @Test
    void emptySchedules() {
        assertError("sweep.schedules = []", "test.conf: 1", "sweep.schedules", "at least one schedule", "constant");
    }

    @Test
    void unknownScheduleType() {
        assertError("sweep.schedules = [\n  {type = constant},\n  {type = cosin}\n]\n",
                "test.conf: 3", "sweep.schedules[1].type", "unknown schedule type 'cosin'", "cosine", "one-cycle");
    }

    @Test
    void duplicateScheduleNames() {
        assertError("sweep.schedules = [\n  {type = constant, name = a},\n  {type = step, every = 2, name = a}\n]\n",
                "test.conf: 3", "sweep.schedules[1]", "named 'a'", "distinct `name`");
    }

    @Test
    void identicalSchedulesAreRefused() {
        assertError("sweep.schedules = [{type = constant}, {type = constant}]", "sweep.schedules[1]", "the same schedule as an earlier variant");
    }

    @Test
    void twoSchedulesWithOneNameAreRefused() {
        assertError("sweep.schedules = [{type = constant, name = x}, {type = cosine, name = x}]", "sweep.schedules[1]", "named 'x'");
    }

    @Test
    void duplicateSeeds() {
        assertError("sweep.seeds = [1, 2, 1]", "test.conf: 1", "sweep.seeds", "seed twice", "[1, 2, 1]");
    }

    @Test
    void emptySeeds() {
        assertError("sweep.seeds = []", "test.conf: 1", "sweep.seeds", "at least one seed");
    }

    @Test
    void unknownOptimizerListsAllowedValues() {
        assertError("train.optimizer = adamx", "test.conf: 1", "train.optimizer", "unknown optimizer",
                "one of sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad", "adamx");
    }

    @Test
    void optimizerByNameTakesItsDefaults() {
        SweepConfig c = ConfigLoader.fromConfig(parse("train.optimizer = adamw"), "test");
        Optimizer o = c.train().optimizer();
        assertEquals(Optimizer.Type.ADAMW, o.type());
        assertEquals(0.9, o.get("beta1"), EPS);
        assertEquals(0.999, o.get("beta2"), EPS);
        assertEquals(1e-8, o.get("epsilon"), EPS);
        assertEquals(0.01, o.get("weight-decay"), EPS);
        assertEquals("adamw", o.name());
    }

    @Test
    void sweepOptimizersAreParsedLikeTrainOptimizer() {
        SweepConfig c = ConfigLoader.fromConfig(parse("""
                train.optimizer = adagrad
                sweep.optimizers = [sgd, {type = adam, beta1 = 0.8}, {type = rmsprop}, {type = nesterov, momentum = 0.5}]
                """), "test");
        assertEquals(List.of("sgd", "adam(beta1=0.8)", "rmsprop", "nesterov(momentum=0.5)"),
                c.optimizers().stream().map(Optimizer::name).toList());
        assertEquals(0.95, c.optimizers().get(2).get("decay"), EPS, "DL4J's RmsProp decay");
        assertEquals(0.999, c.optimizers().get(1).get("beta2"), EPS, "the parameters left out take their defaults");
        assertEquals("{\"type\":\"adam\",\"beta1\":0.8,\"beta2\":0.999,\"epsilon\":1e-8}", c.optimizers().get(1).spec());
    }

    @Test
    void optimizerErrorsNameTheKeyTheLineAndWhatIsAllowed() {
        assertError("sweep.optimizers = [sgd,\n {type = adam, beta3 = 0.8}]", "test.conf: 2", "sweep.optimizers[1].beta3",
                "unknown parameter of adam", "beta1 (default 0.9), beta2 (default 0.999), epsilon (default 1e-8)");
        assertError("train.optimizer = {type = momentum, momentum = 1}", "train.optimizer.momentum", "a number in [0, 1)", "got 1");
        assertError("train.optimizer = {type = adagrad, epsilon = 0}", "train.optimizer.epsilon", "a number > 0");
        assertError("train.optimizer = {type = adamw, weight-decay = \"lots\"}", "train.optimizer.weight-decay", "a number >= 0");
        assertError("train.optimizer = {beta1 = 0.9}", "train.optimizer.type", "missing", "one of sgd");
        assertError("train.optimizer = 3", "train.optimizer", "must be an optimizer name");
        assertError("sweep.optimizers = []", "sweep.optimizers", "non-empty list");
        assertError("sweep.optimizers = [adam, {type = adam, beta1 = 0.9}]", "sweep.optimizers[1]", "lists optimizer adam twice");
    }

    @Test
    void momentumNeedsTheFastEngine() {
        assertError("train.engine = dl4j\nsweep.optimizers = [sgd, momentum]", "test.conf: 2", "sweep.optimizers[1]",
                "fast engine only", "got dl4j, mlp, relu", "nesterov");
        assertError("model.activation = gelu\ntrain.optimizer = momentum", "train.optimizer", "got fast, mlp, gelu");
        assertEquals(Optimizer.Type.MOMENTUM, ConfigLoader.fromConfig(parse("train.optimizer = momentum"), "t").train().optimizer().type());
    }

    @Test
    void earlyStoppingPatience() {
        assertEquals(3, ConfigLoader.fromConfig(parse("train.early-stopping.patience = 3"), "t").train().patience());
        assertError("train.early-stopping.patience = 0", "train.early-stopping.patience", "positive integer, or null for no early stopping");
        assertError("train.early-stopping.patiense = 2", "train.early-stopping.patiense", "unknown key", "allowed in train.early-stopping: patience");
    }

    @Test
    void taskAndObjective() {
        SweepConfig defaults = ConfigLoader.fromConfig(ConfigFactory.empty(), "t");
        assertEquals(Task.CLASSIFICATION, defaults.data().task());
        assertEquals(Objective.VAL_LOSS, defaults.train().objective());
        SweepConfig regression = ConfigLoader.fromConfig(parse("model.task = regression\nsweep.objective = val_mae"), "t");
        assertEquals(Task.REGRESSION, regression.data().task());
        assertEquals(Objective.VAL_MAE, regression.train().objective());
        assertEquals(Objective.VAL_ACCURACY,
                ConfigLoader.fromConfig(parse("sweep.objective = val_accuracy"), "t").train().objective());
        assertError("model.task = regresion", "test.conf: 1", "model.task", "must be one of classification, regression; got 'regresion'");
        assertError("sweep.objective = accuracy", "test.conf: 1", "sweep.objective",
                "must be one of val_loss, val_accuracy, val_mae; got 'accuracy'");
        assertError("\nsweep.objective = val_mae", "test.conf: 2", "sweep.objective",
                "val_mae is not measured when model.task = classification; use val_loss or val_accuracy");
        assertError("model.task = regression\nsweep.objective = val_accuracy", "test.conf: 2", "sweep.objective",
                "val_accuracy is not measured when model.task = regression; use val_loss or val_mae");
    }

    @Test
    void unknownActivationListsAllowedValues() {
        assertError("model.activation = rel", "test.conf: 1", "model.activation",
                "must be one of relu, tanh, sigmoid, leakyrelu, elu, selu, gelu, swish, softplus", "'rel'");
    }

    @Test
    void zeroBatchSize() {
        assertError("train.batch-size = 0", "test.conf: 1", "train.batch-size", "positive integer", "got 0");
    }

    @Test
    void zeroEpochs() {
        assertError("train.epochs = 0", "test.conf: 1", "train.epochs", "positive integer", "got 0");
    }

    @Test
    void divergenceFactorOfOne() {
        assertError("train.divergence-factor = 1", "test.conf: 1", "train.divergence-factor", "> 1", "got 1.0");
    }

    @Test
    void fractionalEpochsAreRejected() {
        assertError("train.epochs = 2.5", "test.conf: 1", "train.epochs", "integer");
    }

    @Test
    void fractionalSeedIsRejected() {
        assertError("sweep.seeds = [1.5]", "test.conf: 1", "sweep.seeds", "integer");
    }

    @Test
    void nonPositiveHiddenLayer() {
        assertError("model.hidden = [64, 0]", "test.conf: 1", "model.hidden", "positive integers", "got 0");
    }

    @Test
    void negativeTrainExamples() {
        assertError("data {\n  train-examples = -3\n}", "test.conf: 2", "data.train-examples", "positive integer", "got -3");
    }

    @Test
    void badSweepName() {
        assertError("sweep.name = \"my sweep/1\"", "test.conf: 1", "sweep.name",
                "letters, digits, '.', '_' or '-'", "'my sweep/1'");
    }

    @Test
    void badNameFromTheFileNameIsReported() throws IOException {
        File file = write("my sweep.conf", "train.epochs = 2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains("sweep.name"), e.getMessage());
        assertTrue(e.getMessage().contains("'my sweep'"), e.getMessage());
        assertTrue(e.getMessage().contains("my sweep.conf"), "names the file: " + e.getMessage());
    }

    // ---- files and overrides ---------------------------------------------------------------

    @Test
    void errorInAFileNamesTheFileAndLine() throws IOException {
        File file = write("bad.conf", "# a comment\ntrain {\n  epochs = 2\n  batch-size = -1\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains("bad.conf: 4"), e.getMessage());
        assertTrue(e.getMessage().contains("train.batch-size"), e.getMessage());
    }

    @Test
    void badOverrideIsReportedAsCommandLineOverride() throws IOException {
        File file = write("s.conf", "train.epochs = 2\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, List.of("train.epochs=many")));
        String m = e.getMessage();
        assertTrue(m.contains("command-line override 'train.epochs=many'"), m);
        assertTrue(m.contains("train.epochs"), m);
        assertFalse(m.contains("s.conf"), "the file's value is not the culprit: " + m);
    }

    @Test
    void unknownKeyInOverrideIsReportedAsCommandLineOverride() throws IOException {
        File file = write("s.conf", "");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of("train.epoch=3")));
        assertTrue(e.getMessage().contains("command-line override 'train.epoch=3'"), e.getMessage());
        assertTrue(e.getMessage().contains("batch-size, divergence-factor, early-stopping, engine, epochs, optimizer"), e.getMessage());
    }

    @Test
    void overrideWithoutEqualsIsRejected() throws IOException {
        File file = write("s.conf", "");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of("train.epochs")));
        assertTrue(e.getMessage().contains("'train.epochs'"), e.getMessage());
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        File missing = dir.resolve("nope.conf").toFile();
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, List.of()));
        assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
    }

    // ---- reference.conf documents every key ------------------------------------------------

    @Test
    void everyReferenceKeyHasACommentAboveIt() {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf");
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(reference.root(), "", undocumented);
        assertEquals(List.of(), undocumented, "keys without a comment line directly above them");
    }

    private static void collectUndocumented(ConfigObject object, String prefix, List<String> out) {
        for (var entry : object.entrySet()) {
            String path = prefix + entry.getKey();
            ConfigValue value = entry.getValue();
            if (value.valueType() == ConfigValueType.OBJECT) {
                collectUndocumented((ConfigObject) value, path + ".", out);
            } else if (value.origin().comments().isEmpty()) {
                out.add(path);
            }
        }
    }

    // ---- learning-rates = auto and the range test -------------------------------------------

    @Test
    void autoLearningRatesGiveAnAutoGrid() {
        SweepConfig config = ConfigLoader.fromConfig(parse("sweep { learning-rates = auto, auto.points = 3 }"), "test");
        assertEquals(List.of(), config.learningRates());
        assertEquals(new AutoGrid(3, 2), config.auto());
        assertEquals(List.of(1.0, 0.1, 0.01), config.auto().around(0.1));
        assertEquals(List.of(1.0, 0.316, 0.1, 0.0316, 0.01), new AutoGrid(5, 2).around(0.1));
    }

    @Test
    void learningRatesMustBeAListOrAuto() {
        assertError("sweep.learning-rates = automatic", "test.conf: 1", "sweep.learning-rates", "list of positive numbers, or auto");
    }

    @Test
    void finderRampMustGrow() {
        assertError("finder { start-lr = 1, end-lr = 0.1 }", "test.conf: 1", "finder.end-lr", "greater than finder.start-lr");
        assertError("finder.smoothing = 1", "finder.smoothing", "[0, 1)");
        assertError("finder.steps = 1", "finder.steps", "at least 2");
        assertError("sweep { learning-rates = auto, auto.points = 0 }", "sweep.auto.points", "positive integer");
    }

    // ---- random search ----------------------------------------------------------------------

    @Test
    void aRangeInAGridIsNamed() {
        assertError("sweep.schedules = [{type = exponential, k = {uniform = [0.05, 0.3]}}]",
                "test.conf: 1", "sweep.schedules[0].k", "needs sweep.search = random");
    }

    @Test
    void randomSearchErrors() {
        assertError("sweep.search = random", "sweep.trials", "how many configurations to sample");
        assertError("sweep.search = best", "sweep.search", "grid, random");
        assertError("sweep.trials = 5", "sweep.trials", "is for sweep.search = random");
        assertError("sweep { search = random, trials = 5, learning-rates = {log-uniform = [0, 1]} }",
                "sweep.learning-rates", "0 < lo < hi");
        assertError("sweep { search = random, trials = 5, learning-rates = auto }", "sweep.learning-rates", "auto needs sweep.search = grid");
        assertError("sweep { search = random, trials = 5, schedules = [{type = step, every = {uniform = [2, 1]}}] }",
                "sweep.schedules[0].every", "lo < hi");
        assertError("sweep { search = random, trials = 5, schedules = [{type = step, every = {choice = [2, -1]}}] }",
                "sweep.schedules[0].every");
    }

    @Test
    void tpeTakesRandomSearchsSpaceAndNamesItsErrors() {
        var tpe = ConfigLoader.fromConfig(parse("sweep { search = tpe, trials = 7, learning-rates = {log-uniform = [1e-3, 1]} }\n"
                + "sweep.tpe.startup-trials = 3"), "test");
        assertEquals(SearchSpace.Mode.TPE, tpe.search().mode());
        assertEquals(7, tpe.search().trials());
        assertEquals(3, tpe.search().tpe().startupTrials());
        assertEquals(24, tpe.search().tpe().candidates(), "Optuna's n_ei_candidates, from reference.conf");
        assertError("sweep.search = tpe", "test.conf: 1", "sweep.trials", "a tpe search needs how many configurations");
        assertError("sweep { search = tpe, trials = 5, learning-rates = auto }", "sweep.learning-rates", "auto needs sweep.search = grid");
        assertError("sweep.tpe.startup-trials = -1", "test.conf: 1", "sweep.tpe.startup-trials", "≥ 0");
        assertError("sweep.tpe.candidates = 0", "sweep.tpe.candidates");
        assertError("sweep.trials = 5", "sweep.trials", "is for sweep.search = random, tpe");
        assertError("sweep.pruning = successive", "test.conf: 1", "sweep.pruning", "none, halving, hyperband");
        assertEquals(new Halving(2, 3), ConfigLoader.fromConfig(parse("sweep { search = tpe, trials = 7, "
                + "learning-rates = {log-uniform = [1e-3, 1]}, pruning = halving }\ntrain.epochs = 4"), "test").halving());
        assertEquals(new Halving(2, 3, true), ConfigLoader.fromConfig(parse("sweep { search = tpe, trials = 7, "
                + "learning-rates = {log-uniform = [1e-3, 1]}, pruning = hyperband }\ntrain.epochs = 4"), "test").halving());
    }

    @Test
    void pbtKeys() {
        String pbt = "sweep { search = pbt, learning-rates = {log-uniform = [1e-3, 1]} }\ntrain.epochs = 6\n";
        var config = ConfigLoader.fromConfig(parse(pbt + "sweep.pbt.population = 5"), "test");
        assertEquals(new lrsweep.config.Pbt(5, 3, 0.25, List.of(0.8, 1.2), 0.25), config.search().pbt(), "reference.conf's defaults");
        assertEquals(lrsweep.config.SearchSpace.Mode.PBT, config.search().mode());
        assertError(pbt + "sweep.pbt.population = 1", "sweep.pbt.population", "at least 2");
        assertError(pbt + "sweep.pbt.quantile = 0.6", "sweep.pbt.quantile", "(0, 0.5]");
        assertError(pbt + "sweep.pbt.perturb = [0.8, -1]", "sweep.pbt.perturb", "factors > 0");
        assertError(pbt + "sweep.pbt.resample-probability = 2", "sweep.pbt.resample-probability", "[0, 1]");
        assertError(pbt + "sweep.pbt.interval = 6", "sweep.pbt.interval", "below train.epochs (6)");
        assertError(pbt + "sweep.seeds = [1, 2]", "sweep.seeds", "one population");
        assertError(pbt + "sweep.pruning = halving", "sweep.pruning", "none");
        assertError(pbt + "sweep.trials = 4", "sweep.trials", "population");
        assertError("sweep { search = pbt, learning-rates = auto }", "sweep.learning-rates", "auto needs sweep.search = grid");
    }

    @Test
    void aRangesBadValueIsReportedAtTheRangesLine() {
        assertError("sweep { search = random, trials = 5\n schedules = [{type = exponential, k = {uniform = [-1, 1]}}] }",
                "test.conf: 2", "sweep.schedules[0].k", "got -1");
    }

    @Test
    void aContinuousRangeForAWholeNumberIsRefusedWhenRead() {
        // its ends are whole, but what it samples is not: refused now, not when the sweep samples its trials
        assertError("sweep { search = random, trials = 5\n schedules = [{type = step, every = {uniform = [1, 4]}}] }",
                "test.conf: 2", "sweep.schedules[0].every", "whole number");
    }

    @Test
    void theSearchSeedOrdersHalvingAndIsChecked() {
        assertEquals(7, ConfigLoader.fromConfig(parse("sweep { search = halving, search-seed = 7 }"), "test").search().seed());
        assertError("sweep.search-seed = 2.5", "test.conf: 1", "sweep.search-seed", "whole number");
    }

    // ---- models -----------------------------------------------------------------------------

    @Test
    void modelKeys() {
        var cnn = ConfigLoader.fromConfig(parse("model { type = cnn, image-shape = [28, 28, 1] }"), "test").model();
        assertEquals("cnn", cnn.type());
        assertEquals(List.of(28, 28, 1), cnn.imageShape());
        assertError("model.type = rnn", "test.conf: 1", "model.type", "mlp, cnn, dl4j");
        assertError("model.dropout = 1", "model.dropout", "[0, 1)");
        assertError("model.image-shape = [28, 28]", "model.image-shape", "[height, width, channels]");
        assertError("model.image-shape = [28, 28, 1]", "test.conf: 1", "model.image-shape", "is for model.type = cnn");
        assertError("model { type = cnn, dropout = 0.2 }", "model.dropout", "is for model.type = mlp");
    }

    @Test
    void userNetworkKeys() {
        var model = ConfigLoader.fromConfig(parse("model { type = dl4j, path = \"hdfs:///nets/a.zip\", init = weights }"), "test")
                .model();
        assertEquals("dl4j", model.type());
        assertEquals(lrsweep.model.UserNetwork.declared("hdfs:///nets/a.zip", lrsweep.model.UserNetwork.Init.WEIGHTS), model.network());
        assertEquals(lrsweep.model.UserNetwork.Init.FRESH,
                ConfigLoader.fromConfig(parse("model { type = dl4j, path = a.json }"), "test").model().network().init());
        assertError("model.type = dl4j", "test.conf: 1", "model.type", "needs model.path");
        assertError("model { type = dl4j, path = a.json, init = pretrained }", "model.init", "fresh, weights");
        assertError("model { type = dl4j, path = a.json\n hidden = [64] }", "test.conf: 2", "model.hidden",
                "with model.type = dl4j the network file at model.path describes every layer");
        assertError("model { type = dl4j, path = a.json, activation = tanh }", "model.activation", "is for the built-in models");
        assertError("model.path = a.json", "test.conf: 1", "model.path", "is for model.type = dl4j");
        assertError("model.init = weights", "model.init", "is for model.type = dl4j");
    }

    @Test
    void aCnnImageSmallerThanItsLayersNeedIsRefused() {
        var smallest = ConfigLoader.fromConfig(parse("model { type = cnn, image-shape = [6, 6, 3] }"), "test").model();
        assertEquals(List.of(6, 6, 3), smallest.imageShape());
        assertError("model {\n  type = cnn\n  image-shape = [5, 28, 1]\n}", "test.conf: 3", "model.image-shape",
                "at least 6×6 pixels", "got [5, 28, 1]");
        assertError("model { type = cnn, image-shape = [28, 5, 1] }", "test.conf: 1", "model.image-shape", "at least 6×6");
    }

    @Test
    void halvingKeys() {
        var config = ConfigLoader.fromConfig(parse("sweep.search = halving\nhalving { min-epochs = 2, eta = 4 }"), "test");
        assertEquals(new Halving(2, 4), config.halving());
        assertEquals(SearchSpace.Mode.GRID, config.search().mode(), "without sweep.trials, halving prunes the grid");
        assertError("sweep.search = halving\nhalving.eta = 1", "test.conf: 2", "halving.eta", "≥ 2");
        assertError("sweep.search = halving\nhalving.min-epochs = 5", "halving.min-epochs", "below train.epochs (5)");
        var sampled = ConfigLoader.fromConfig(parse("sweep { search = halving, trials = 7, learning-rates = {log-uniform = [0.01, 1]} }"), "test");
        assertEquals(SearchSpace.Mode.RANDOM, sampled.search().mode());
    }

    @Test
    void aSweepNameCannotLeaveOrHideInTheOutputDir() {
        assertError("sweep.name = \"..\"", "sweep.name", "not starting with '.'");
        assertError("sweep.name = \".\"", "sweep.name", "not starting with '.'");
        assertError("sweep.name = \".hidden\"", "sweep.name", "not starting with '.'");
    }

    @Test
    void twoNamesForOneScheduleAreRefused() {
        assertError("sweep.schedules = [{type = constant, name = a}, {type = constant, name = b}]",
                "sweep.schedules[1]", "the same schedule as an earlier variant");
    }

    @Test
    void anOptimizerMayCarryItsOwnLearningRates() {
        SweepConfig c = ConfigLoader.fromConfig(parse("""
                sweep.optimizers = [sgd, {type = adam, beta1 = 0.8, learning-rates = [1e-3, 3e-4]}, {type = rmsprop, learning-rates = auto}]
                """), "test");
        var adam = c.optimizers().get(1);
        assertFalse(adam.parameters().containsKey("learning-rates"), "not a parameter of the optimizer: " + adam);
        assertEquals(0.8, adam.parameters().get("beta1"));
        assertEquals(List.of(1e-3, 3e-4), c.learningRates(adam));
        assertEquals(List.of(0.1, 0.01), c.learningRates(c.optimizers().get(0)), "sgd takes sweep.learning-rates");
        assertEquals(List.of(c.optimizers().get(2)), c.autoOptimizers());
        assertEquals(new AutoGrid(5, 2), c.auto(), "an optimizer's auto needs the auto grid");
        assertEquals(List.of(), ConfigLoader.fromConfig(parse("sweep.optimizers = [sgd, adam]"), "test").autoOptimizers());
        SweepConfig overridden = ConfigLoader.fromConfig(parse("""
                sweep { learning-rates = auto, optimizers = [{type = sgd, learning-rates = [0.1]}, {type = adam, learning-rates = [1e-3]}] }
                """), "test");
        assertEquals(null, overridden.auto(), "no optimizer takes the shared auto: no range test");
        assertEquals(List.of(1e-3), overridden.learningRates(overridden.optimizers().get(1)));
    }

    @Test
    void anOptimizersOwnRatesAreCheckedAsTheSharedOnesAre() {
        assertError("sweep.optimizers = [sgd, {type = adam, learning-rates = [0.1, -1]}]", "test.conf: 1",
                "sweep.optimizers[1].learning-rates", "positive and finite, got -1");
        assertError("sweep.optimizers = [sgd, {type = adam, learning-rates = {log-uniform = [1e-4, 1e-2]}}]",
                "sweep.optimizers[1].learning-rates", "must be a list of positive numbers, or auto");
        assertError("sweep { search = random, trials = 2, optimizers = [sgd, {type = adam, learning-rates = auto}] }",
                "sweep.optimizers[1].learning-rates", "auto needs sweep.search = grid");
        assertError("sweep { search = random, trials = 2, optimizers = [{type = adam, learning-rates = {uniform = [0, 1]}}] }",
                "sweep.optimizers[0].learning-rates", "0 < lo < hi");
        assertError("train.optimizer = {type = adam, learning-rates = [0.1]}", "train.optimizer.learning-rates", "unknown parameter of adam");
    }

    @Test
    void rankByAndTheUnstableFactorAreRead() {
        SweepConfig dflt = ConfigLoader.fromConfig(parse(""), "test");
        assertEquals(new Judging(Judging.RankBy.BEST, 1.5), dflt.judging());
        SweepConfig c = ConfigLoader.fromConfig(parse("sweep { rank-by = final, unstable-factor = 2 }"), "test");
        assertEquals(new Judging(Judging.RankBy.FINAL, 2), c.judging());
        assertError("sweep.rank-by = last", "test.conf: 1", "sweep.rank-by", "must be one of best, final");
        assertError("sweep.unstable-factor = 1", "test.conf: 1", "sweep.unstable-factor", "> 1", "got 1");
    }
}
