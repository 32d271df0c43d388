package io.gridscope.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Replacing a file so that after a crash or a power cut it holds either the old or the new content, whole: the new
 * content goes to a temporary file in the same directory, which is fsynced, renamed over the target (atomically
 * where the file system can), and then the directory is fsynced so the rename itself is on the disk. Without the
 * first fsync a power cut can leave the renamed file empty (delayed allocation); without the last one it can bring
 * the old file back after the caller was told the new one was saved.
 *
 * <p>For configuration the console saves (accounting, alert rules, {@code ui.properties}), exports and backups.
 * Stateless; any thread; blocks for the disk (milliseconds to a second on a busy disk): never call it on the UI
 * thread.
 */
public final class DurableFiles {
    /** Flushes a file or a directory to the disk; a seam for tests. */
    @FunctionalInterface
    interface Fsync {
        void force(Path path, boolean directory) throws IOException;
    }

    private static final DurableFiles SYSTEM = new DurableFiles(DurableFiles::forceToDisk);

    private final Fsync fsync;

    DurableFiles(Fsync fsync) {
        this.fsync = Objects.requireNonNull(fsync);
    }

    /**
     * Replaces (or creates) {@code file} with {@code content} as described above. The directory must exist.
     *
     * @throws IOException when any step fails; {@code file} is then as it was and no temporary file remains
     */
    public static void write(Path file, byte[] content) throws IOException {
        SYSTEM.writeFile(file, content);
    }

    /**
     * Makes the finished temporary file {@code tmp} (in the same directory as {@code target}) durable and renames it
     * over {@code target}, then syncs the directory. On failure {@code tmp} is left for the caller to delete.
     */
    public static void replace(Path tmp, Path target) throws IOException {
        SYSTEM.replaceWith(tmp, target);
    }

    void writeFile(Path file, byte[] content) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            replaceWith(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    void replaceWith(Path tmp, Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        fsync.force(tmp, false);
        try {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
        fsync.force(abs.getParent(), true);
    }

    /**
     * {@link FileChannel#force} on a file, or on a directory opened for reading (how POSIX syncs a directory entry).
     * Windows cannot open a directory as a channel; there the rename is left to NTFS's own journal.
     */
    static void forceToDisk(Path path, boolean directory) throws IOException {
        if (directory && System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
