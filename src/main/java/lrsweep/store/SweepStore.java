package lrsweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lrsweep.config.InputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A sweep directory, {@code <output.dir>/<sweep name>/}, on any Hadoop file system; the one place
 * that knows about atomicity. Names are relative to the directory, '/'-separated.
 *
 * <ul>
 *   <li>One owner: a run holds a {@link Lease} from {@link #open} to {@link #close}.
 *   <li>Nothing lost: {@link #open} changes nothing a failed start would have to undo but its lease
 *       (and the directory, if it made it); {@link #commit} is the point from which a run changes
 *       the directory: the completion marker goes, and with --overwrite the old content.
 *   <li>Whole files only: where rename is atomic (HDFS, local) a file is written beside its place
 *       and renamed into it; on an object store (no atomic rename) it is uploaded in one piece,
 *       which S3 makes visible only once complete. A table (a folder of part files) is swapped in
 *       whole where rename is atomic; on an object store its folder is rewritten, and
 *       {@link #COMPLETE}, written last, tells readers the sweep's files are all there.
 * </ul>
 */
public final class SweepStore implements AutoCloseable {

    /** What to do when the sweep directory already exists. */
    public enum Mode {
        /** Make it; an existing non-empty directory is refused. */
        NEW,
        /** Replace it, once the run is under way. */
        OVERWRITE,
        /** Continue it: its journal is kept. */
        RESUME,
        /** Read and rewrite reports of an existing directory (report DIR). */
        EXISTING
    }

    /** Written last by a finished run, deleted when a run starts changing the directory. */
    public static final String COMPLETE = "_complete.json";
    /** Unfinished writes; a new owner deletes what a killed run left there. */
    private static final String TMP = ".tmp";

    private final FileSystem fs;
    private final Path root;
    private final Mode mode;
    private final boolean created;
    private final boolean atomicRename;
    private final FileContext context;
    private final Lease lease;

    private SweepStore(FileSystem fs, Path root, Mode mode, boolean created, Lease lease) throws IOException {
        this.fs = fs;
        this.root = root;
        this.mode = mode;
        this.created = created;
        this.lease = lease;
        String scheme = root.toUri().getScheme();
        // object stores (s3a, gs, abfs, ...) rename by copying: only these rename atomically
        this.atomicRename = fs instanceof RawLocalFileSystem || scheme.equals("hdfs") || scheme.equals("viewfs");
        // HDFS's atomic rename over an existing file goes through FileContext; locally, rename(2) does it
        this.context = atomicRename && !(fs instanceof RawLocalFileSystem) ? FileContext.getFileContext(root.toUri(), fs.getConf()) : null;
    }

    /**
     * Opens the sweep directory {@code location} for a run and takes its lease. Refuses, changing
     * nothing, a directory another run holds, a file in its place, and with {@link Mode#NEW} an
     * existing non-empty directory.
     *
     * @param key the config key the location came from, for error messages
     */
    public static SweepStore open(String location, String key, Mode mode, Configuration conf, Duration leaseTimeout)
            throws IOException {
        Path root = Locations.resolve(location);
        FileSystem fs = Locations.fileSystem(root, conf, key);
        if (fs instanceof LocalFileSystem) {
            // no .crc file beside each of ours, and no chmod process for each
            fs = new LocalFiles();
            fs.initialize(root.toUri(), conf);
        }
        FileStatus status = status(fs, root);
        if (status != null && !status.isDirectory()) {
            throw new InputException(Locations.shown(root) + " (" + key + ") exists and is not a directory");
        }
        if (status == null && mode == Mode.EXISTING) {
            throw new InputException(Locations.shown(root) + " does not exist");
        }
        boolean created = false;
        if (status == null) {
            try {
                created = fs.mkdirs(root);
            } catch (IOException e) {
                throw new InputException("cannot create the sweep directory " + Locations.shown(root) + " (" + key + "): "
                        + Locations.firstLine(e), e);
            }
        }
        Lease lease = Lease.acquire(fs, root, leaseTimeout);
        var store = new SweepStore(fs, root, mode, created, lease);
        try {
            if (mode == Mode.NEW && !created && !store.isEmpty()) {
                throw new InputException("the sweep directory " + Locations.shown(root) + " already exists; pass --overwrite to replace it, "
                        + "or, for a sweep, --resume to continue it (finished trials are kept), or keep it and give this run its own directory "
                        + "with sweep.name=<another name> or --output");
            }
            store.delete(TMP); // what a killed run was writing
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
        return store;
    }

    /** The run is under way: from here it changes the directory (with --overwrite: the old content goes). */
    public void commit() throws IOException {
        delete(COMPLETE);
        if (mode == Mode.OVERWRITE) {
            for (FileStatus child : fs.listStatus(root)) {
                if (!Lease.isLease(child.getPath().getName())) {
                    fs.delete(child.getPath(), true);
                }
            }
        }
    }

    /** The run could not start: leave the directory as it was before {@link #open}. */
    public void abandon() throws IOException {
        lease.close();
        if (created) {
            fs.delete(root, true);
        }
    }

    /** The run is over: release the lease. */
    @Override
    public void close() throws IOException {
        delete(TMP);
        lease.close();
    }

    Configuration conf() {
        return fs.getConf();
    }

    /** Where the directory is: a local path, or a URI. */
    public String location() {
        return Locations.shown(root);
    }

    /** A file's URI, for readers outside the store (Spark). */
    public String uri(String name) {
        return new Path(root, name).toString();
    }

    public boolean exists(String name) throws IOException {
        return fs.exists(new Path(root, name));
    }

    public byte[] read(String name) throws IOException {
        try (var in = fs.open(new Path(root, name))) {
            return in.readAllBytes();
        }
    }

    public String readString(String name) throws IOException {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    /** The files directly in folder {@code name}, by name (none if it does not exist). */
    public List<FileStatus> list(String name) throws IOException {
        try {
            return List.of(fs.listStatus(new Path(root, name), p -> !p.getName().startsWith(".")));
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    public void delete(String name) throws IOException {
        fs.delete(new Path(root, name), true);
    }

    public void writeString(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a whole file: readers see the old content or the new, never a part. */
    public void write(String name, byte[] content) throws IOException {
        Path target = new Path(root, name);
        if (!atomicRename) {
            put(target, content); // one upload: visible only once whole
            return;
        }
        Path tmp = temporary();
        try {
            put(tmp, content);
            fs.mkdirs(target.getParent());
            replace(tmp, target);
        } finally {
            fs.delete(tmp, false);
        }
    }

    /**
     * Writes the folder {@code name} holding exactly {@code files} (name to content), replacing
     * what was there. Where rename is atomic, readers see the old folder or the new one whole.
     */
    public void writeFolder(String name, Map<String, byte[]> files) throws IOException {
        Path target = new Path(root, name);
        if (!atomicRename) {
            fs.delete(target, true);
            for (var file : files.entrySet()) {
                put(new Path(target, file.getKey()), file.getValue());
            }
            return;
        }
        Path tmp = temporary();
        Path old = temporary();
        try {
            fs.mkdirs(tmp);
            for (var file : files.entrySet()) {
                put(new Path(tmp, file.getKey()), file.getValue());
            }
            fs.mkdirs(target.getParent());
            // a folder cannot be renamed over another: the old one steps aside for a moment
            boolean hadOld = fs.exists(target) && fs.rename(target, old);
            try {
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
            } catch (IOException | RuntimeException e) {
                if (hadOld) {
                    fs.rename(old, target);
                }
                throw e;
            }
        } finally {
            fs.delete(tmp, true);
            fs.delete(old, true);
        }
    }

    /**
     * Marks the sweep finished: {@link #COMPLETE}, listing every file that belongs to it (the
     * journal by count), written last.
     */
    public void markComplete(String runId) throws IOException {
        var json = new ObjectMapper();
        ObjectNode marker = json.createObjectNode().put("run", runId);
        var files = marker.putArray("files");
        int journal = 0;
        // listStatus, not listFiles: a local file's permissions are read by running `ls` (see LocalFiles), and
        // listFiles reads them for every file
        List<Path> folders = new ArrayList<>(List.of(root));
        String prefix = root.toUri().getPath().replaceAll("/+$", "") + "/";
        while (!folders.isEmpty()) {
            for (FileStatus f : fs.listStatus(folders.remove(folders.size() - 1))) {
                String name = f.getPath().toUri().getPath().substring(prefix.length());
                if (name.equals(TMP) || Lease.isLease(name)) {
                    continue;
                }
                if (f.isDirectory()) {
                    folders.add(f.getPath());
                } else if (name.startsWith(Journal.FOLDER + "/")) {
                    journal++;
                } else {
                    files.addObject().put("name", name).put("length", f.getLen());
                }
            }
        }
        marker.put("journal_entries", journal);
        writeString(COMPLETE, json.writerWithDefaultPrettyPrinter().writeValueAsString(marker) + "\n");
    }

    /** Whether a run finished here and none has started changing it since. */
    public boolean isComplete() throws IOException {
        return exists(COMPLETE);
    }

    private boolean isEmpty() throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus child : fs.listStatus(root)) {
            String name = child.getPath().getName();
            if (!Lease.isLease(name) && !name.equals(TMP)) {
                names.add(name);
            }
        }
        return names.isEmpty();
    }

    /** Renames a file over another in one step: rename(2) locally, one namenode operation on HDFS. */
    private void replace(Path from, Path to) throws IOException {
        if (fs instanceof RawLocalFileSystem) {
            if (!fs.rename(from, to)) {
                throw new IOException("cannot rename " + from + " to " + to);
            }
        } else {
            context.rename(from, to, Options.Rename.OVERWRITE);
        }
    }

    private Path temporary() {
        return new Path(new Path(root, TMP), UUID.randomUUID().toString());
    }

    private void put(Path file, byte[] content) throws IOException {
        try (var out = fs.create(file, true)) {
            out.write(content);
        }
    }

    private static FileStatus status(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            return null;
        }
    }
}
