package io.gridscope.console.app;

import io.gridscope.history.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saving a configuration file the console edits (accounting, alert rules): never half written, the old one kept. */
public final class ConfigFiles {
    private ConfigFiles() {}

    /**
     * Keeps the previous file as {@code <name>.bak} beside it, then replaces the file with the new text through
     * {@link DurableFiles#write}: a temporary file in the same directory, fsynced, renamed into place, the directory
     * fsynced. A crash or a power cut leaves either the old or the new file, never a mix, and once this returns the
     * new file survives a power cut.
     */
    public static void writeWithBackup(Path file, String text) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        String name = file.getFileName().toString();
        if (Files.exists(file)) {
            DurableFiles.write(file.resolveSibling(name + ".bak"), Files.readAllBytes(file));
        }
        DurableFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
