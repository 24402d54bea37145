package lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lrsweep.cli.ReportCommand;
import lrsweep.config.ConfigLoader;
import lrsweep.config.SweepConfig;
import lrsweep.store.SweepStore.Mode;
import lrsweep.testing.TestStores;
import lrsweep.train.TrialResult;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job writing to a real HDFS (MiniDFSCluster) and a real S3 server (s3rver through S3A),
 * and reading its IDX data from HDFS: the same trials and histories as on a local disk, a report
 * rebuilt from the store, and no credential in anything written.
 */
class RemoteStoresTest {

    @TempDir
    static Path local;
    static List<TrialResult> onLocalDisk;

    private static final String SWEEP = """
            sweep.learning-rates = [0.1, 10000]
            sweep.schedules = [{type = cosine}]
            train { epochs = 2, batch-size = 32 }
            data { train-examples = 200, validation-examples = 100 }
            """;

    @BeforeAll
    static void runOnLocalDisk() throws Exception {
        onLocalDisk = run(config("output.dir = \"" + local + "\""), Mode.NEW).results();
    }

    @AfterEach
    void clearSettings() {
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("spark.hadoop.")).forEach(System::clearProperty);
    }

    private static SweepConfig config(String more) {
        return ConfigLoader.fromConfig(ConfigFactory.parseString(SWEEP + more), "remote");
    }

    private static SweepJob.Outcome run(SweepConfig config, Mode mode) throws Exception {
        return SweepJob.run(SharedSpark.session(), config, mode, new PrintStream(new ByteArrayOutputStream()), false);
    }

    /** Validation losses by learning rate: the ids differ where data.dir does (it is part of a trial's key). */
    private static Map<Double, List<Double>> histories(List<TrialResult> results) {
        return results.stream().collect(Collectors.toMap(r -> r.trial().learningRate(),
                r -> r.epochs().stream().map(e -> e.valLoss()).toList()));
    }

    /** Every file under {@code root}, name to content. */
    private static Map<String, String> files(FileSystem fs, String root) throws Exception {
        Map<String, String> files = new java.util.TreeMap<>();
        RemoteIterator<LocatedFileStatus> all = fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
        while (all.hasNext()) {
            var f = all.next();
            try (var in = fs.open(f.getPath())) {
                files.put(f.getPath().toUri().getPath(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    @Test
    void aSweepOnHdfsWithItsDataOnHdfs() throws Exception {
        var hdfs = TestStores.hdfs();
        FileSystem fs = FileSystem.get(hdfs.root(), hdfs.conf());
        var data = new org.apache.hadoop.fs.Path(hdfs.root().resolve("/data/fashion-mnist"));
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            try (var in = RemoteStoresTest.class.getResourceAsStream("/fashion-mnist/" + name);
                    var out = fs.create(new org.apache.hadoop.fs.Path(data, name), true)) {
                in.transferTo(out);
            }
        }
        String output = hdfs.root().resolve("/sweeps").toString();
        var outcome = run(config("output.dir = \"%s\"\ndata.dir = \"%s\"".formatted(output, data)), Mode.NEW);

        assertEquals(output + "/remote", outcome.directory());
        assertEquals(histories(onLocalDisk), histories(outcome.results()), "the same trials and losses as on a local disk");
        Map<String, String> written = files(fs, "/sweeps/remote");
        for (String name : List.of("config.conf", "best.json", "report.md", "report.html", "best-model.zip", "_complete.json",
                "trials/part-00000.snappy.parquet", "histories/part-00000.snappy.parquet")) {
            assertTrue(written.containsKey("/sweeps/remote/" + name), name + " in " + written.keySet());
        }
        assertEquals(2, written.keySet().stream().filter(n -> n.startsWith("/sweeps/remote/journal/")).count());
        assertFalse(written.keySet().stream().anyMatch(n -> n.contains("_lease") || n.contains(".tmp")), written.keySet().toString());

        var report = ReportCommand.rebuild(outcome.directory());
        assertEquals(outcome.results(), report.results());
    }

    @Test
    void aSweepOnS3WithoutItsCredentialsInAnyFile() throws Exception {
        var s3 = TestStores.s3();
        s3.settings().forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
        String output = "s3a://" + TestStores.BUCKET + "/sweeps";
        var outcome = run(config("output.dir = \"" + output + "\""), Mode.NEW);

        assertEquals(histories(onLocalDisk), histories(outcome.results()));
        assertEquals(onLocalDisk.stream().map(r -> r.trial().id()).toList(), outcome.results().stream().map(r -> r.trial().id()).toList(),
                "the same trials");
        Map<String, String> written = files(FileSystem.get(s3.root(), s3.conf()), "/sweeps/remote");
        assertTrue(written.containsKey("/sweeps/remote/_complete.json"), written.keySet().toString());
        assertTrue(written.containsKey("/sweeps/remote/trials/part-00000.snappy.parquet"), written.keySet().toString());
        String secret = s3.settings().get("fs.s3a.secret.key");
        written.forEach((name, content) -> assertFalse(content.contains(secret), name + " holds the secret key"));

        var report = ReportCommand.rebuild(outcome.directory());
        assertEquals(outcome.results(), report.results());
        var resumed = run(config("output.dir = \"" + output + "\""), Mode.RESUME);
        assertEquals(outcome.results(), resumed.results(), "a resume on S3 keeps every trial");
    }
}
