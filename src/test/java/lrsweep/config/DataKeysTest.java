package lrsweep.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.stream.Stream;
import lrsweep.data.DataConfig;
import lrsweep.data.Scaling;
import org.junit.jupiter.api.Test;

/** The data.* keys: values, defaults, and errors that name the key, test.conf: line and what is allowed. */
class DataKeysTest {

    private static DataConfig load(String text) {
        return ConfigLoader.fromConfig(parse(text), "test").data();
    }

    private static com.typesafe.config.Config parse(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("test.conf"));
    }

    private static void assertError(String config, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(config));
        String m = e.getMessage();
        assertAll(Stream.of(fragments).map(f -> () -> assertTrue(m.contains(f), "'" + f + "' not in: " + m)));
    }

    @Test
    void defaultsAreTheBundledIdxSample() {
        DataConfig d = load("");
        assertEquals(DataConfig.Format.IDX, d.format());
        assertEquals("classpath:fashion-mnist", d.dir());
        assertNull(d.trainPath());
        assertEquals(0, d.validationSplit(), "null means no split");
        assertEquals(Scaling.NONE, d.scaling());
        assertEquals("label", d.labelColumn());
        assertNull(d.featuresColumn());
        assertEquals(512, d.maxCollectMb());
    }

    @Test
    void parquetWithEveryKey() {
        DataConfig d = load("""
                data { format = parquet, train-path = /t, validation-split = 0.2, split-seed = 9,
                       label-column = y, features-column = v, scaling = min-max, max-collect-mb = 64 }
                """);
        assertEquals(DataConfig.Format.PARQUET, d.format());
        assertEquals("/t", d.trainPath());
        assertEquals(0.2, d.validationSplit());
        assertEquals(9, d.splitSeed());
        assertEquals("y", d.labelColumn());
        assertEquals("v", d.featuresColumn());
        assertEquals(Scaling.MIN_MAX, d.scaling());
        assertEquals(64, d.maxCollectMb());
    }

    @Test
    void unknownFormatListsTheFormats() {
        assertError("data.format = arff", "test.conf: 1", "data.format", "must be one of idx, csv, libsvm, parquet; got 'arff'");
    }

    @Test
    void unknownScalingListsTheChoices() {
        assertError("data.scaling = zscore", "test.conf: 1", "data.scaling", "must be one of none, standardize, min-max; got 'zscore'");
    }

    @Test
    void csvNeedsATrainPath() {
        assertError("\ndata.format = csv", "test.conf: 2", "data.format", "data.format = csv needs data.train-path");
    }

    @Test
    void libsvmNeedsValidationData() {
        assertError("data { format = libsvm, train-path = a.txt }", "test.conf: 1", "data.format",
                "needs validation data: set data.validation-path, or data.validation-split to a fraction in (0, 1)");
    }

    @Test
    void validationPathAndSplitExcludeEachOther() {
        assertError("data { format = csv, train-path = a, validation-path = b\n validation-split = 0.1 }",
                "test.conf: 2", "data.validation-split", "set data.validation-path or data.validation-split, not both");
    }

    @Test
    void validationSplitIsAFraction() {
        assertError("data { format = csv, train-path = a, validation-split = 1 }", "data.validation-split",
                "must be a fraction in (0, 1), or null; got 1.0");
        assertError("data { format = csv, train-path = a, validation-split = 0 }", "data.validation-split", "(0, 1)");
    }

    @Test
    void idxRefusesTablePaths() {
        assertError("data.train-path = a.csv", "test.conf: 1", "data.train-path", "is for data.format = csv, libsvm or parquet; idx reads data.dir");
        assertError("data.validation-split = 0.1", "data.validation-split", "is for data.format = csv, libsvm or parquet");
    }

    @Test
    void libsvmHasNoColumnKeys() {
        assertError("data { format = libsvm, train-path = a, validation-split = 0.1, features-column = f }",
                "data.features-column", "is for csv and parquet");
        assertError("data { format = libsvm, train-path = a, validation-split = 0.1, label-column = class }",
                "data.label-column", "is for csv and parquet");
    }

    @Test
    void maxCollectMbIsPositiveAndFitsAnArray() {
        assertError("data.max-collect-mb = 0", "data.max-collect-mb", "must be a positive integer, got 0");
        assertError("data.max-collect-mb = 9000", "data.max-collect-mb", "must be at most 8191");
    }

    @Test
    void emptyPathsAndLabelColumnAreRefused() {
        assertError("data { format = csv, train-path = \"\", validation-split = 0.1 }", "data.train-path", "must not be empty");
        assertError("data.label-column = \"\"", "data.label-column", "must name a column");
    }

    @Test
    void fractionalSplitSeedIsRefused() {
        assertError("data.split-seed = 1.5", "data.split-seed", "must be a whole number");
    }
}
