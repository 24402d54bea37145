package lrsweep.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * Real storage services for tests, one of each per JVM, started on first use: an HDFS
 * ({@link MiniDFSCluster}, in this JVM) and an S3-compatible server (s3rver, the Node.js package in
 * src/test/s3rver, in a child process). Both listen on 127.0.0.1 only. When the JVM exits, s3rver is
 * stopped and the files of both, under target/test-stores/, are removed.
 */
public final class TestStores {

    /** An HDFS: {@code hdfs://127.0.0.1:<port>/} and a client configuration for it. */
    public record Hdfs(URI root, Configuration conf) {
        /** A copy: a test that changes it changes no other test's. */
        @Override
        public Configuration conf() {
            return new Configuration(conf);
        }
    }

    /** The bucket {@code s3a://lrsweep/} on s3rver; {@link #settings()} are the S3A keys in {@link #conf()}. */
    public record S3(URI root, Configuration conf, Map<String, String> settings) {
        @Override
        public Configuration conf() {
            return new Configuration(conf);
        }
    }

    public static final String BUCKET = "lrsweep";

    private static final Path S3RVER = Path.of("src/test/s3rver");
    private static final Duration S3RVER_START = Duration.ofSeconds(60);
    private static final Pattern LEFT_BEHIND = Pattern.compile("(?:hdfs|s3)-(\\d+)");

    private static Hdfs hdfs;
    private static S3 s3;

    private TestStores() {}

    /** The JVM's HDFS: a MiniDFSCluster with one DataNode, permissions off, its files under target/. */
    public static synchronized Hdfs hdfs() {
        if (hdfs == null) {
            try {
                hdfs = startHdfs();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hdfs;
    }

    /**
     * The JVM's S3: s3rver on a free port of 127.0.0.1 with the bucket {@value #BUCKET}. Skips the
     * calling test when node or the package is missing (.ci/run installs it: npm ci --prefix src/test/s3rver).
     */
    public static synchronized S3 s3() {
        if (s3 == null) {
            assumeTrue(Files.isDirectory(S3RVER.resolve("node_modules/s3rver")),
                    "s3rver's Node.js package is missing: npm ci --prefix src/test/s3rver");
            assumeTrue(nodeRuns(), "node is not on the PATH: s3rver needs Node.js");
            try {
                s3 = startS3();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s3;
    }

    /** Writes {@code dir/core-site.xml} holding {@code settings}, for a process started with HADOOP_CONF_DIR=dir. */
    public static Path writeHadoopConfDir(Path dir, Map<String, String> settings) throws IOException {
        Configuration conf = new Configuration(false); // only these keys, no defaults
        settings.forEach(conf::set);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("core-site.xml"))) {
            conf.writeXml(out);
        }
        return dir;
    }

    private static Hdfs startHdfs() throws IOException {
        Path base = folder("hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.setBoolean("dfs.permissions.enabled", false);
        // MiniDFSCluster already binds its NameNode and DataNode to 127.0.0.1; say so for every address anyway
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        long start = System.nanoTime();
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base.toFile())
                .numDataNodes(1)
                .checkDataNodeAddrConfig(true) // keep the DataNode addresses above
                .build();
        cluster.waitActive();
        log("MiniDFSCluster", start);
        // The cluster lives in this JVM and ends with it. cluster.shutdown() cannot run in a shutdown hook:
        // Hadoop then refuses to remove its own hooks and the DataNode's stop throws (two stack traces).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(base), "remove MiniDFSCluster files"));
        URI root = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/");
        conf.set("fs.defaultFS", root.toString()); // the cluster wrote hdfs://localhost:<port>
        return new Hdfs(root, conf);
    }

    private static S3 startS3() throws IOException {
        Path base = folder("s3");
        Path data = Files.createDirectories(base.resolve("data"));
        Path log = base.resolve("s3rver.log");
        long start = System.nanoTime();
        // port 0: start.mjs prints the one the system chose, so no other process can take it in between.
        // Its stdin stays open as long as this JVM lives (see start.mjs); stdout and stderr go to a file.
        Process node = new ProcessBuilder("node", "--openssl-legacy-provider", "start.mjs", "0", data.toString(), BUCKET)
                .directory(S3RVER.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, base), "stop s3rver"));
        int port = awaitReady(node, log);
        log("s3rver", start);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        settings.put("fs.s3a.endpoint.region", "us-east-1"); // given, so no region is looked up
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", "false");
        settings.put("fs.s3a.access.key", "S3RVER");
        settings.put("fs.s3a.secret.key", "S3RVER");
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        // the default signer sends aws-chunked bodies over http, which s3rver stores as they come: corrupt files
        settings.put("fs.s3a.signing-algorithm", "AWS4UnsignedPayloadSignerType");
        // S3A buffers uploads under these: keep them in target/
        settings.put("hadoop.tmp.dir", base.resolve("hadoop-tmp").toString());
        settings.put("fs.s3a.buffer.dir", base.resolve("s3a-buffer").toString());
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        return new S3(URI.create("s3a://" + BUCKET + "/"), conf, Collections.unmodifiableMap(settings));
    }

    /** Waits for start.mjs's "s3rver ready <port>" line and returns the port. */
    private static int awaitReady(Process node, Path log) throws IOException {
        long deadline = System.nanoTime() + S3RVER_START.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            for (String line : output.split("\n")) {
                if (line.startsWith("s3rver ready ")) {
                    return Integer.parseInt(line.substring("s3rver ready ".length()).trim());
                }
            }
            if (!node.isAlive()) {
                throw new IllegalStateException("s3rver exited with " + node.exitValue() + ":\n" + output);
            }
            sleep(50);
        }
        node.destroyForcibly();
        throw new IllegalStateException("s3rver not ready after " + S3RVER_START + ":\n" + Files.readString(log));
    }

    /** Ends node and anything it started, then removes its files. */
    private static void stop(Process node, Path base) {
        node.descendants().forEach(ProcessHandle::destroy);
        node.destroy();
        try {
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(base);
    }

    /**
     * target/test-stores/NAME-PID: one per JVM, so surefire's and failsafe's JVMs (or two builds) never
     * share files. Removes those that JVMs no longer running left behind (a hook's removal is best effort).
     */
    private static Path folder(String name) throws IOException {
        Path parent = Files.createDirectories(Path.of("target/test-stores").toAbsolutePath());
        try (Stream<Path> folders = Files.list(parent)) {
            folders.filter(f -> {
                Matcher m = LEFT_BEHIND.matcher(f.getFileName().toString());
                return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
            }).forEach(TestStores::deleteTree);
        }
        return parent.resolve(name + "-" + ProcessHandle.current().pid());
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Removes {@code dir} and what it holds, as far as it can. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: the next JVM removes what is left
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void log(String what, long startNanos) {
        System.err.printf("TestStores: %s ready in %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
}
