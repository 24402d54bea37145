package lrsweep.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, less its forks: without Hadoop's native library (which Spark does not
 * ship), {@link RawLocalFileSystem} sets each new file's and folder's permissions by running
 * {@code chmod} in a child process, ~20 ms a file (measured: 21–27 ms of driver time per trial,
 * for its journal entry). Java sets them in-process here.
 */
final class LocalFiles extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
    }
}
