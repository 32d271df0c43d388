package io.gridscope.reports.document;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes report files whole or not at all: into a hidden temporary file beside the target, then renamed. */
public final class ReportFiles {
    private ReportFiles() {}

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
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(abs.toString(), null, "no such directory: " + dir);
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + " is a directory");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(abs.toString(), null, "permission denied in " + dir);
        }
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
