package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridscope.console.app.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of {@code ./gridscope import FILE}: the whole reading path (OpenMetrics parser, the
 * command's checks, the series mapping and {@code HistoryImport}'s validation and writes) into an empty history in a
 * temporary directory. Whatever the file holds, the command imports it (exit 0) or refuses it with one line naming
 * the line at fault (exit 1), never an unexpected error. {@code mvn verify} replays the corpus in {@code
 * ImportFuzzTestInputs/}; {@code bench/fuzz/run.sh} fuzzes. Seeds hold timestamps of 2026, inside the 1-hour tier's
 * retention of two years: later, older-than-retention skipping covers them instead of the write path.
 */
class ImportFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anyFileIsImportedOrRefusedWithItsLine(byte[] content) throws IOException {
        Path dir = Files.createTempDirectory("gridscope-import-fuzz");
        try {
            Path file = Files.write(dir.resolve("input.om"), content);
            Path data = Files.createDirectory(dir.resolve("data"));
            CliTest.Result r = CliTest.run(
                    "import", file.toString(), "--host", "fuzz", "--max-series", "64", "--data-dir", data.toString());
            assertThat(r.err()).as("exit %d", r.exitCode()).doesNotContain("unexpected error");
            assertThat(r.exitCode()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.FAILURE);
            if (r.exitCode() == ExitCodes.FAILURE) {
                assertThat(r.err()).contains("nothing imported");
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
