package lrsweep.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test services work through Hadoop's FileSystem, as the sweep's outputs will use them. */
class TestStoresTest {

    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message trial { required int32 trial_id; required double lr; required binary schedule (STRING); }");

    @Test
    void hdfsFiles() throws IOException {
        TestStores.Hdfs hdfs = TestStores.hdfs();
        assertEquals("hdfs", hdfs.root().getScheme());
        assertEquals("127.0.0.1", hdfs.root().getHost());
        assertEquals(hdfs.root().resolve("x"), FileSystem.get(hdfs.conf()).makeQualified(new Path("/x")).toUri());
        files(hdfs.root(), hdfs.conf());
    }

    @Test
    void s3Files() throws IOException {
        TestStores.S3 s3 = TestStores.s3();
        assertEquals(URI.create("s3a://lrsweep/"), s3.root());
        files(s3.root(), s3.conf());
    }

    @Test
    void hdfsParquet() throws IOException {
        parquet(TestStores.hdfs().root(), TestStores.hdfs().conf());
    }

    @Test
    void s3Parquet() throws IOException {
        parquet(TestStores.s3().root(), TestStores.s3().conf());
    }

    @Test
    void s3SettingsAreTheConfs() {
        TestStores.S3 s3 = TestStores.s3();
        s3.settings().forEach((key, value) -> assertEquals(value, s3.conf().get(key), key));
        assertTrue(s3.settings().get("fs.s3a.endpoint").startsWith("http://127.0.0.1:"));
    }

    @Test
    void confDirHoldsTheSettings(@TempDir java.nio.file.Path tmp) throws IOException {
        java.nio.file.Path dir = tmp.resolve("conf");
        Map<String, String> settings = Map.of("fs.s3a.endpoint", "http://127.0.0.1:1", "fs.s3a.path.style.access", "true");
        assertEquals(dir, TestStores.writeHadoopConfDir(dir, settings));

        Configuration read = new Configuration(false);
        read.addResource(new Path(dir.resolve("core-site.xml").toUri()));
        settings.forEach((key, value) -> assertEquals(value, read.get(key), key));
        assertEquals(settings.size(), read.size());
    }

    /** Create, read back, list, rename and delete, under a folder of the store's root. */
    private static void files(URI root, Configuration conf) throws IOException {
        FileSystem fs = FileSystem.get(root, conf);
        Path dir = new Path(new Path(root), "files");
        Path a = new Path(dir, "a.txt");
        byte[] text = "lr=0.1 schedule=cosine\n".getBytes(StandardCharsets.UTF_8);

        try (FSDataOutputStream out = fs.create(a, false)) {
            out.write(text);
        }
        assertArrayEquals(text, read(fs, a));

        FileStatus[] listed = fs.listStatus(dir);
        assertEquals(1, listed.length);
        assertEquals("a.txt", listed[0].getPath().getName());
        assertEquals(text.length, listed[0].getLen());
        assertTrue(listed[0].isFile());

        Path b = new Path(dir, "b.txt");
        assertTrue(fs.rename(a, b));
        assertFalse(fs.exists(a));
        assertArrayEquals(text, read(fs, b));
        assertEquals(List.of("b.txt"), Arrays.stream(fs.listStatus(dir)).map(s -> s.getPath().getName()).toList());

        assertTrue(fs.delete(dir, true));
        assertFalse(fs.exists(b));
        assertFalse(fs.exists(dir));
    }

    /** A small Parquet file written and read through parquet-hadoop's Hadoop files, as Spark does. */
    private static void parquet(URI root, Configuration conf) throws IOException {
        Path file = new Path(new Path(root), "parquet/trials.parquet");
        FileSystem fs = FileSystem.get(root, conf);
        fs.delete(file.getParent(), true);

        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf))
                .withType(SCHEMA).withConf(conf).build()) {
            for (int i = 0; i < 100; i++) {
                writer.write(groups.newGroup().append("trial_id", i).append("lr", i / 100.0)
                        .append("schedule", i % 2 == 0 ? "cosine" : "step"));
            }
        }

        List<Group> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = groupReader(HadoopInputFile.fromPath(file, conf), conf)) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g);
            }
        }
        assertEquals(100, rows.size());
        for (int i = 0; i < 100; i++) {
            Group g = rows.get(i);
            assertEquals(i, g.getInteger("trial_id", 0));
            assertEquals(i / 100.0, g.getDouble("lr", 0));
            assertEquals(i % 2 == 0 ? "cosine" : "step", g.getString("schedule", 0));
        }
        assertTrue(fs.delete(file.getParent(), true));
    }

    /** parquet-hadoop 1.15 has no ExampleParquetReader: the reader builder with Group records. */
    private static ParquetReader<Group> groupReader(HadoopInputFile file, Configuration conf) throws IOException {
        return new ParquetReader.Builder<Group>(file) {
            @Override
            protected ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        }.withConf(conf).build();
    }

    private static byte[] read(FileSystem fs, Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }
}
