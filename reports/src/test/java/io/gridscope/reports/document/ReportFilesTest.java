package io.gridscope.reports.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir
    Path dir;

    @Test
    void aReportIsWrittenWholeAndReadableAsAnyNewFile() throws Exception {
        Path target = dir.resolve("cost.csv");
        ReportFiles.writeAtomically(target, out -> out.write("a,b\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(target).hasContent("a,b");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        // not a private temporary file: the same permissions as a file the process creates normally
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OWNER_READ);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void aFailureLeavesTheTargetAsItWasAndNoPartialFile() throws Exception {
        Path target = Files.writeString(dir.resolve("cost.csv"), "before");
        assertThatThrownBy(() -> ReportFiles.writeAtomically(target, out -> {
                    out.write("half".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("no space left on device");
                }))
                .hasMessageContaining("no space left");
        assertThat(target).hasContent("before");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aMissingFolderIsSaidPlainly() {
        assertThatThrownBy(() -> ReportFiles.writeAtomically(dir.resolve("nope/x.csv"), out -> {}))
                .hasMessageContaining("no such directory");
    }
}
