package lrsweep.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Input data on any Hadoop file system (a local path, {@code file://}, {@code hdfs://},
 * {@code s3a://}) or bundled on the classpath ({@code classpath:<name>}): opened, expanded, and
 * fingerprinted, so that a resumed sweep can tell whether its data changed.
 */
public final class InputFiles {

    public static final String CLASSPATH = "classpath:";

    private InputFiles() {}

    /** Opens one file; a missing one is a {@link FileNotFoundException}. */
    public static InputStream open(String location, Configuration conf) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            InputStream in = InputFiles.class.getResourceAsStream(resource(location));
            if (in == null) {
                throw new FileNotFoundException(location);
            }
            return in;
        }
        Path path = Locations.resolve(location);
        return path.getFileSystem(conf).open(path);
    }

    /** Whether {@code location} is an existing file. */
    public static boolean isFile(String location, Configuration conf) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            return InputFiles.class.getResource(resource(location)) != null;
        }
        Path path = Locations.resolve(location);
        FileSystem fs = path.getFileSystem(conf);
        return fs.exists(path) && fs.getFileStatus(path).isFile();
    }

    /**
     * A digest of the inputs at {@code locations} as they are now: for each file its location,
     * length and modification time (a folder's data files, a glob's matches), for a bundled
     * resource its content. Also checks that each location names some data.
     *
     * @throws IOException naming the location that does not exist or matches nothing
     */
    public static String fingerprint(List<String> locations, Configuration conf) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String location : locations) {
            if (location.startsWith(CLASSPATH)) {
                try (InputStream in = open(location, conf)) {
                    entries.add(location + " sha256 " + digest(in.readAllBytes()));
                }
                continue;
            }
            for (FileStatus f : dataFiles(location, conf)) {
                entries.add(f.getPath() + " " + f.getLen() + " " + f.getModificationTime());
            }
        }
        return digest(String.join("\n", entries).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** The data files a location names, Spark's way: a file, a folder's files (not "_" or "." ones), a glob's matches. */
    private static List<FileStatus> dataFiles(String location, Configuration conf) throws IOException {
        Path path = Locations.resolve(location);
        FileSystem fs = Locations.reach(path, conf);
        FileStatus[] matches = fs.globStatus(path);
        boolean glob = location.matches(".*[*?\\[{].*");
        if (matches == null || matches.length == 0) {
            throw new FileNotFoundException(location + (glob ? " matches no file" : " does not exist"));
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus match : matches) {
            if (match.isFile()) {
                files.add(match);
                continue;
            }
            RemoteIterator<LocatedFileStatus> inside = fs.listFiles(match.getPath(), true);
            while (inside.hasNext()) {
                LocatedFileStatus f = inside.next();
                if (!f.getPath().getName().matches("[_.].*")) {
                    files.add(f);
                }
            }
        }
        if (files.isEmpty()) {
            throw new FileNotFoundException(location + " holds no data files");
        }
        files.sort((a, b) -> a.getPath().compareTo(b.getPath()));
        return files;
    }

    private static String resource(String location) {
        return "/" + location.substring(CLASSPATH.length()).replaceFirst("^/+", "").replace("//", "/");
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
