package io.gridscope.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The files of a directory with their bytes, to prove that something left a data directory as it was. */
public final class DirectoryContents {
    private DirectoryContents() {}

    /** Every file of {@code dir} (not recursive) by name, leaving out SQLite's own -wal and -shm companions. */
    public static Map<String, byte[]> withoutSqliteCompanions(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith("-wal") && !name.endsWith("-shm")) {
                    out.put(name, Files.readAllBytes(p));
                }
            }
        }
        return out;
    }
}
