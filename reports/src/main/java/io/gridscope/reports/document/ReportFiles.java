package io.gridscope.reports.document;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Writes report files whole or not at all: into a hidden temporary file beside the target, then renamed. */
public final class ReportFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReportFiles() {}

    /**
     * Checks, before any work, that {@code target} can be written: its folder exists and is writable, and it is not
     * a folder itself.
     *
     * @throws IOException naming the path and the reason (as {@link #writeAtomically} would fail)
     */
    public static void checkTarget(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(abs.toString(), null, "no such directory: " + dir);
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + " is a directory");
        }
        if (!Files.isWritable(dir)) {
            throw notWritable(abs, dir);
        }
    }

    private static AccessDeniedException notWritable(Path abs, Path dir) {
        return new AccessDeniedException(abs.toString(), null, dir + " is not writable (permission denied)");
    }

    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through {@code body}; on any failure (or an exception of the body, cancellation
     * included) the target is left as it was and no temporary file remains.
     *
     * @throws IOException with a message that names the path and the reason ("no such directory", "permission
     *     denied", "no space left on device")
     */
    public static void writeAtomically(Path target, Body body) throws IOException {
        checkTarget(target);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // created as any new file is (the umask decides who may read it; a temporary file would be private)
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
        OutputStream file;
        try {
            file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw notWritable(abs, dir);
        }
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(file, 1 << 16)) {
                body.write(out);
            }
            io.gridscope.history.DurableFiles.replace(tmp, abs); // fsync, rename, fsync of the directory
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
