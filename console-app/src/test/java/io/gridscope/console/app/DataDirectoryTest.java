package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void createsMissingDirectories() {
        Path dir = DataDirectory.prepare(tmp.resolve("a/b/c"), "data directory");
        assertThat(dir).isDirectory();
        assertThat(dir.toFile().list()).isEmpty(); // the write probe is cleaned up
    }

    @Test
    void aFileIsRejectedWithOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> DataDirectory.prepare(file, "data directory"))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("data directory " + file + " is a file, not a directory")
                .extracting(e -> ((UserFacingException) e).exitCode())
                .isEqualTo(ExitCodes.IO);
    }

    @Test
    void aPathBelowAFileIsRejected() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> DataDirectory.prepare(file.resolve("sub"), "data directory"))
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("cannot be created")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnwritableDirectoryIsRejected() throws Exception {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        assertThat(ro.toFile().setWritable(false, false)).isTrue();
        try {
            // root ignores permission bits; /proc refuses everyone, so use it there
            Path target = Files.isWritable(ro) ? Path.of("/proc/gridscope-test") : ro;
            assertThatThrownBy(() -> DataDirectory.prepare(target, "data directory"))
                    .isInstanceOf(UserFacingException.class)
                    .hasMessageStartingWith("data directory " + target)
                    .hasMessageNotContaining("\n");
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }
}
