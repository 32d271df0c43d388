package io.gridscope.console.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Saving a configuration file the console edits (accounting, alert rules): never half written, the old one kept. */
public final class ConfigFiles {
    private ConfigFiles() {}

    /**
     * Keeps the previous file as {@code <name>.bak} beside it, then moves the new text into place from a temporary
     * file in the same directory, so a crash leaves either the old or the new file, never a mix.
     */
    public static void writeWithBackup(Path file, String text) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        String name = file.getFileName().toString();
        if (Files.exists(file)) {
            Path tmpBackup = Files.createTempFile(dir, name + ".bak", ".tmp");
            try {
                Files.copy(file, tmpBackup, StandardCopyOption.REPLACE_EXISTING);
                move(tmpBackup, file.resolveSibling(name + ".bak"));
            } finally {
                Files.deleteIfExists(tmpBackup);
            }
        }
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
