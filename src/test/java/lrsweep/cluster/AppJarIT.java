package lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/lr-sweep-app.jar}, the one application jar for a stock {@code spark-submit}: what it
 * holds and leaves to Spark, and a sweep run from it by Spark's own SparkSubmit with nothing but
 * Spark's jars (target/spark, a Spark installation's jars/ folder) on the classpath and no --class.
 */
class AppJarIT {

    static final Path PROJECT = Launcher.PROJECT;
    static final Path APP_JAR = PROJECT.resolve("target/lr-sweep-app.jar");
    static final Path SPARK_JARS = PROJECT.resolve("target/spark");
    static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib|a)$");

    @TempDir
    static Path work;
    static Map<String, ZipEntry> entries;
    static JarFile jar;

    @BeforeAll
    static void open() throws IOException {
        assertTrue(Files.isRegularFile(APP_JAR), APP_JAR + " is missing: mvn package builds it");
        jar = new JarFile(APP_JAR.toFile());
        entries = new HashMap<>();
        jar.stream().forEach(e -> entries.put(e.getName(), e));
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void itsManifestNamesTheMainClass() throws IOException {
        assertEquals("lrsweep.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
        assertTrue(entries.containsKey("lrsweep/cli/Main.class"));
        assertTrue(entries.containsKey("reference.conf"), "lr-sweep's defaults");
        assertTrue(read("reference.conf").contains("sweep"), read("reference.conf"));
    }

    @Test
    void itHoldsDl4jNd4jAndTheirLinuxX8664NativesOnly() throws IOException {
        for (String c : List.of("org/nd4j/linalg/factory/Nd4j.class", "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class",
                "org/deeplearning4j/nn/multilayer/MultiLayerNetwork.class", "com/typesafe/config/ConfigFactory.class",
                "org/bytedeco/javacpp/Loader.class")) {
            assertTrue(entries.containsKey(c), c);
        }
        for (String lib : List.of("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so",
                "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libjnind4jcpu.so",
                "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0",
                "org/bytedeco/openblas/linux-x86_64/libjniopenblas_nolapack.so",
                "org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so")) {
            assertTrue(entries.containsKey(lib), lib);
        }
        List<String> otherPlatforms = entries.keySet().stream().filter(n -> NATIVE.matcher(n).matches())
                .filter(n -> !n.contains("linux-x86_64/") && !n.contains("linux-x86-64/")).sorted().toList();
        assertEquals(List.of(), otherPlatforms, "native libraries of other platforms");
        String backends = read("META-INF/services/org.nd4j.linalg.factory.Nd4jBackend");
        assertTrue(backends.contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend"), backends);
        String compressors = read("META-INF/services/org.nd4j.linalg.compression.NDArrayCompressor");
        assertTrue(compressors.contains("org.nd4j.compression.impl.Gzip") // nd4j-native-api's
                && compressors.contains("org.nd4j.linalg.cpu.nativecpu.compression.CpuThreshold"), // nd4j-native's
                "service files merged: " + compressors);
    }

    @Test
    void itHoldsS3aAndTheAwsSdkButNoSparkScalaOrHadoop() throws IOException {
        // hadoop-aws's classes, all of them and nothing else of Hadoop
        Set<String> hadoopAws = new TreeSet<>();
        try (Stream<Path> deps = Files.list(PROJECT.resolve("target/deps"))) {
            Path aws = deps.filter(p -> p.getFileName().toString().startsWith("hadoop-aws-")).findFirst().orElseThrow();
            try (JarFile j = new JarFile(aws.toFile())) {
                j.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(hadoopAws::add);
            }
        }
        assertTrue(hadoopAws.contains("org/apache/hadoop/fs/s3a/S3AFileSystem.class"));
        assertTrue(entries.keySet().containsAll(hadoopAws), "hadoop-aws is in");
        List<String> notOurs = classes().filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
                || (n.startsWith("org/apache/hadoop/") && !hadoopAws.contains(n))).sorted().limit(20).toList();
        assertEquals(List.of(), notOurs, "Spark, Scala and Hadoop are provided");
        assertTrue(entries.containsKey("software/amazon/awssdk/services/s3/S3Client.class"));
        assertTrue(entries.containsKey("software/amazon/awssdk/transfer/s3/S3TransferManager.class"));
        // hadoop-aws's FileSystem service file (its s3:// stub; s3a:// itself is fs.s3a.impl in Hadoop's core-default.xml)
        String fileSystems = read("META-INF/services/org.apache.hadoop.fs.FileSystem");
        assertTrue(fileSystems.contains("org.apache.hadoop.fs.s3native.NativeS3FileSystem"), fileSystems);
        String httpServices = read("META-INF/services/software.amazon.awssdk.http.SdkHttpService");
        assertTrue(httpServices.contains("software.amazon.awssdk.http.apache.ApacheSdkHttpService"), httpServices);
        List<String> signatures = entries.keySet().stream().filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).toList();
        assertEquals(List.of(), signatures);
    }

    /** The point of shading: not one class name that Spark's own classpath also has. */
    @Test
    void itSharesNoClassWithSparksClasspath() throws IOException {
        Set<String> spark = new HashSet<>();
        try (Stream<Path> jars = Files.list(SPARK_JARS)) {
            for (Path p : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (JarFile j = new JarFile(p.toFile())) {
                    j.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                            .forEach(spark::add);
                }
            }
        }
        assertTrue(spark.contains("org/apache/spark/deploy/SparkSubmit.class"));
        assertTrue(spark.contains("org/slf4j/Logger.class"), "target/spark is all of Spark's classpath");
        List<String> both = classes().filter(spark::contains).sorted().limit(20).toList();
        assertEquals(List.of(), both, "classes the application jar and Spark both have");
        // what was relocated, and that nothing of it is left in its old place
        assertTrue(entries.containsKey("lrsweep/shaded/com/google/thirdparty/publicsuffix/PublicSuffixPatterns.class"));
        assertTrue(entries.containsKey("lrsweep/shaded/org/joda/time/DateTime.class"));
        assertTrue(entries.containsKey("software/amazon/awssdk/thirdparty/org/apache/http/client/HttpClient.class"));
        List<String> unrelocated = classes().filter(n -> n.startsWith("com/google/") || n.startsWith("org/joda/")
                || n.startsWith("org/apache/http/") || n.startsWith("javax/annotation/")).limit(20).toList();
        assertEquals(List.of(), unrelocated);
    }

    /** The relocated classes link and work in a JVM whose classpath is Spark's jars, then the application jar. */
    @Test
    void theRelocatedClassesLinkBesideSpark() throws Exception {
        Path probe = Files.writeString(work.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        Class<?> idn = Class.forName("org.nd4j.shade.protobuf.common.net.InternetDomainName");
                        Object domain = idn.getMethod("from", String.class).invoke(null, "www.example.co.uk");
                        System.out.println("public suffix: " + idn.getMethod("topPrivateDomain").invoke(domain));
                        Class<?> zone = Class.forName("lrsweep.shaded.org.joda.time.DateTimeZone");
                        System.out.println("joda zone: " + zone.getMethod("forID", String.class).invoke(null, "Europe/Berlin"));
                        // hadoop-aws was compiled against the AWS SDK bundle's relocated httpclient
                        Class.forName("org.apache.hadoop.fs.s3a.impl.ConfigureShadedAWSSocketFactory").getConstructor().newInstance();
                        System.out.println("s3a socket factory: linked");
                        Object http = Class.forName("software.amazon.awssdk.http.apache.ApacheHttpClient").getMethod("create").invoke(null);
                        System.out.println("aws http client: " + http.getClass().getName());
                        System.out.println("s3a: " + org.apache.hadoop.fs.FileSystem.getFileSystemClass("s3a", new org.apache.hadoop.conf.Configuration()).getName());
                    }
                }
                """);
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("-cp", SPARK_JARS + "/*:" + APP_JAR, probe.toString()));
        Launcher.Result r = exec(command, "probe");
        assertEquals(0, r.code(), r.output());
        for (String line : List.of("public suffix: example.co.uk", "joda zone: Europe/Berlin", "s3a socket factory: linked",
                "aws http client: software.amazon.awssdk.http.apache.ApacheHttpClient", "s3a: org.apache.hadoop.fs.s3a.S3AFileSystem")) {
            assertTrue(r.output().contains(line), line + " in:\n" + r.output());
        }
    }

    /** Spark's SparkSubmit, its jars alone on the classpath, runs a sweep from the application jar (no --class). */
    @Test
    void theStockLauncherRunsASweepFromIt() throws Exception {
        Path out = work.resolve("out");
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of("-cp", SPARK_JARS + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                APP_JAR.toString(), "run", PROJECT.resolve("conf/sweep.conf").toString(), "--output", out.toString(),
                "train.epochs=1", "data.train-examples=500", "data.validation-examples=100", "sweep.learning-rates=[0.1]"));
        Launcher.Result r = exec(command, "spark-submit");
        assertEquals(0, r.code(), r.output());
        assertFalse(r.output().contains("ClassNotFoundException") || r.output().contains("NoClassDefFoundError")
                || r.output().contains("NoSuchMethodError"), r.output());
        Path sweep = out.resolve("sweep");
        assertTrue(r.output().contains("results: " + sweep), r.output());
        Matcher best = Pattern.compile("best: lr 0\\.1, .*: val_loss \\d").matcher(r.output());
        assertTrue(best.find(), r.output());

        JsonNode complete = new ObjectMapper().readTree(sweep.resolve("_complete.json").toFile());
        assertEquals(4, complete.get("journal_entries").asInt(), complete.toString()); // 1 rate × 4 schedules
        Set<String> files = new TreeSet<>();
        complete.get("files").forEach(f -> files.add(f.get("name").asText()));
        assertTrue(files.stream().anyMatch(f -> f.startsWith("trials/") && f.endsWith(".parquet")), files.toString());
        for (String f : List.of("report.html", "report.md", "best.json", "config.conf", "best-model.zip")) {
            assertTrue(files.contains(f), f + " in " + files);
            assertTrue(Files.isRegularFile(sweep.resolve(f)), f);
        }

        System.setProperty("spark.master", "local[1]");
        SparkSession spark = SparkSession.builder().appName("AppJarIT reader").config("spark.ui.enabled", "false").getOrCreate();
        try {
            var trials = spark.read().parquet(sweep.resolve("trials").toString());
            assertEquals(4, trials.count());
            assertEquals(4, trials.select("trial_id").distinct().count());
        } finally {
            spark.stop();
        }
    }

    // ---

    private static Stream<String> classes() {
        return entries.keySet().stream().filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"));
    }

    private static String read(String entry) throws IOException {
        ZipEntry e = jar.getEntry(entry);
        assertNotNull(e, entry);
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The JVM running the tests, with Spark's module options (pom.xml's spark.java.opts, as submit.sh reads them). */
    private static List<String> java() throws IOException {
        Matcher m = Pattern.compile("<spark.java.opts>(.*?)</spark.java.opts>").matcher(Files.readString(PROJECT.resolve("pom.xml")));
        assertTrue(m.find(), "spark.java.opts in pom.xml");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Collections.addAll(command, m.group(1).trim().split("\\s+"));
        return command;
    }

    /** Runs {@code command} in the project directory, its output into a log file; nothing else on its classpath. */
    private static Launcher.Result exec(List<String> command, String name) throws Exception {
        Path log = Files.createTempFile(work, name + "-", ".log");
        var builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        for (String v : List.of("CLASSPATH", "SPARK_HOME", "SPARK_CONF_DIR", "SPARK_DIST_CLASSPATH", "HADOOP_CONF_DIR",
                "YARN_CONF_DIR", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            env.remove(v);
        }
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
        Process p = builder.start();
        if (!p.waitFor(Launcher.RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + Files.readString(log));
        }
        return new Launcher.Result(p.exitValue(), Files.readString(log));
    }
}
