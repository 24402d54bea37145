package lrsweep.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directory a sweep writes to, {@code <output.dir>/<sweep name>/}: its layout, the rule that an
 * existing sweep is never silently overwritten, and atomic replacement of each output.
 */
public final class SweepDirectory {

    /** What to do when the sweep directory already exists. */
    public enum Mode { NEW, OVERWRITE, RESUME }

    private final Path root;
    private final boolean created;
    /** With --overwrite: the old content, moved aside until the run is under way. */
    private Path replaced;

    private SweepDirectory(Path root, boolean created, Path replaced) {
        this.root = root;
        this.created = created;
        this.replaced = replaced;
    }

    /**
     * Opens the sweep directory for a run. Checks everything before touching the disk, so a refused
     * run changes nothing; with {@link Mode#OVERWRITE} the old content is only moved aside, and
     * deleted by {@link #commit()} once the run is under way.
     *
     * @throws IllegalStateException when it exists and {@code mode} is {@link Mode#NEW}
     * @throws IOException           when it cannot be created or written
     */
    public static SweepDirectory open(Path root, Mode mode) throws IOException {
        boolean exists = Files.exists(root);
        if (exists && !Files.isDirectory(root)) {
            throw new IOException(root + " exists and is not a directory");
        }
        if (exists && mode == Mode.NEW && !isEmpty(root)) {
            throw new IllegalStateException("the sweep directory " + root + " already exists; "
                    + "pass --overwrite to replace it, or, for a sweep, --resume to continue it (finished trials are kept)");
        }
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IOException("cannot write the sweep directory " + root + " (output.dir): " + existing
                    + (existing != null && !Files.isDirectory(existing) ? " is not a directory" : " is not writable"));
        }
        Path replaced = null;
        if (exists && mode == Mode.OVERWRITE) {
            replaced = root.resolveSibling("." + root.getFileName() + ".replaced-" + UUID.randomUUID());
            Files.move(root, replaced, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IOException("cannot create the sweep directory " + root + " (output.dir): " + e, e);
        }
        return new SweepDirectory(root, !exists || replaced != null, replaced);
    }

    /** The run is under way: what --overwrite replaces is deleted now. */
    public void commit() throws IOException {
        if (replaced != null) {
            deleteRecursively(replaced);
            replaced = null;
        }
    }

    /** The run could not start: leave the directory as it was before {@link #open}. */
    public void abandon() throws IOException {
        if (created) {
            deleteRecursively(root);
        }
        if (replaced != null) {
            Files.move(replaced, root, StandardCopyOption.ATOMIC_MOVE);
            replaced = null;
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /** A fresh temporary path beside {@code name}, hidden from readers by its leading dot. */
    private Path temporary(String name) {
        Path target = root.resolve(name);
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    }

    /** Writes a file or a directory at the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path path) throws IOException;
    }

    /**
     * Has {@code writer} write {@code name} beside its place, then moves it into place, replacing
     * what was there: readers see the old content or the new, never a part. A failed write leaves
     * the old content and no temporary file behind.
     */
    public void write(String name, Writer writer) throws IOException {
        Path tmp = temporary(name);
        try {
            writer.write(tmp);
            replace(tmp, name);
        } catch (Throwable e) { // Spark's own exceptions too, checked ones thrown from Scala
            try {
                deleteRecursively(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Writes a small text file, as {@link #write} does. */
    public void writeAtomically(String name, String content) throws IOException {
        write(name, tmp -> Files.writeString(tmp, content));
    }

    private void replace(Path finished, String name) throws IOException {
        Path target = root.resolve(name);
        if (!Files.isDirectory(target)) {
            move(finished, target);
            return;
        }
        // a directory cannot be renamed over another: move the old one aside first, and back if need be
        Path old = temporary(name + ".old");
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            move(finished, target);
        } catch (Throwable e) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        deleteRecursively(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
