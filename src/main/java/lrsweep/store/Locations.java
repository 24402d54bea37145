package lrsweep.store;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import lrsweep.config.InputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/** Turns what a user wrote (a URI or a plain local path) into a Hadoop path on a reachable file system. */
public final class Locations {

    private static final String SPARK_HADOOP = "spark.hadoop.";

    private Locations() {}

    /**
     * Hadoop settings the usual way: {@code core-site.xml} and friends from the classpath (where
     * spark-submit and submit.sh put {@code HADOOP_CONF_DIR}), then every {@code spark.hadoop.*}
     * property, as Spark itself gives them to Hadoop.
     */
    public static Configuration hadoopConf() {
        Configuration conf = new Configuration();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(SPARK_HADOOP)) {
                conf.set(key.substring(SPARK_HADOOP.length()), System.getProperty(key));
            }
        }
        return conf;
    }

    /** A URI with a scheme ({@code hdfs://…}, {@code s3a://…}, {@code file:///…}), or else a local path. */
    public static Path resolve(String location) {
        if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            try {
                return new Path(new URI(location));
            } catch (URISyntaxException e) {
                throw new InputException("'" + location + "' is not a valid URI: " + e.getMessage());
            }
        }
        // qualified, or Hadoop would resolve it against fs.defaultFS (HDFS on a cluster)
        return new Path("file", null, new File(location).getAbsoluteFile().toURI().getPath().replaceFirst("(?<=.)/$", ""));
    }

    /**
     * The file system {@code path} lives on, after one quick call to it: an unknown scheme or an
     * unreachable file system is one line naming {@code key}, not Hadoop's minutes of retries.
     */
    public static FileSystem fileSystem(Path path, Configuration conf, String key) {
        try {
            return reach(path, conf);
        } catch (UnsupportedFileSystemException e) {
            throw new InputException(key + " = " + shown(path) + ": no Hadoop file system for the scheme '" + path.toUri().getScheme()
                    + "' (hdfs://, s3a://, file:// or a local path; others need their Hadoop connector on the classpath)", e);
        } catch (IOException e) {
            throw new InputException(key + " = " + shown(path) + ": " + e.getMessage(), e);
        }
    }

    /** {@link #fileSystem}, with the reason as an IOException. */
    static FileSystem reach(Path path, Configuration conf) throws IOException {
        URI uri = path.toUri();
        try {
            // the probe fails fast: no retries, and an instance of its own, not the shared cached one
            Configuration probe = new Configuration(conf);
            probe.setBoolean("fs." + uri.getScheme() + ".impl.disable.cache", true);
            probe.setInt("ipc.client.connect.max.retries", 0);
            probe.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
            probe.setInt("ipc.client.connect.timeout", 5000);
            probe.setBoolean("dfs.client.retry.policy.enabled", false);
            probe.setInt("fs.s3a.attempts.maximum", 1);
            probe.setInt("fs.s3a.retry.limit", 0);
            probe.set("fs.s3a.connection.establish.timeout", "5s");
            try (FileSystem fs = FileSystem.newInstance(uri, probe)) {
                fs.exists(path);
            }
        } catch (UnsupportedFileSystemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot reach its file system (" + firstLine(e) + ")", e);
        }
        return FileSystem.get(uri, conf);
    }

    /** A path as the user would write it: local ones without {@code file:}. */
    static String shown(Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
