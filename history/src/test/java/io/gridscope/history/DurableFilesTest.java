package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path dir;

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(Path::getFileName).toList();
        }
    }

    @Test
    void theNewContentIsSyncedBeforeTheRenameAndTheDirectoryAfterIt() throws IOException {
        Path target = dir.resolve("accounting.toml");
        Files.writeString(target, "old");
        List<String> calls = new ArrayList<>();
        DurableFiles files = new DurableFiles((path, directory) -> {
            if (directory) {
                // the rename has happened: the directory entry now names the new content
                calls.add("dir " + path.getFileName() + " target=" + read(target));
            } else {
                // still a temporary file beside the untouched target
                calls.add("file " + (path.equals(target) ? "target" : "tmp") + "=" + read(path) + " target="
                        + read(target));
            }
        });

        files.writeFile(target, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(calls).containsExactly("file tmp=new target=old", "dir " + dir.getFileName() + " target=new");
        assertThat(read(target)).isEqualTo("new");
        assertThat(files()).containsExactly(Path.of("accounting.toml"));
    }

    @Test
    void aFailedFileSyncLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("ui.properties");
        Files.writeString(target, "old");
        DurableFiles files = new DurableFiles((path, directory) -> {
            throw new IOException("no space left on device");
        });

        assertThatThrownBy(() -> files.writeFile(target, "new".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no space left");

        assertThat(read(target)).isEqualTo("old");
        assertThat(files()).containsExactly(Path.of("ui.properties"));
    }

    @Test
    void theRealSyncWorksOnFilesAndDirectories() throws IOException {
        Path target = dir.resolve("alerts.toml");
        DurableFiles.write(target, "rules".getBytes(StandardCharsets.UTF_8));
        assertThat(read(target)).isEqualTo("rules");

        Path tmp = dir.resolve(".alerts.toml.part");
        Files.writeString(tmp, "more rules");
        DurableFiles.replace(tmp, target);
        assertThat(read(target)).isEqualTo("more rules");
        assertThat(files()).containsExactly(Path.of("alerts.toml"));
    }
}
