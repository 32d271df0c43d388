package io.gridscope.collectors.prometheus;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared test data (OpenMetrics suite, Prometheus API responses) outside the repository: system property
 * {@code gridscope.shared.dir}, else environment variable {@code GRIDSCOPE_SHARED_DIR}. Outside CI a missing folder
 * skips the test; with {@code CI=true} it fails.
 */
public final class SharedTestData {
    private SharedTestData() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The folder {@code <shared>/<relative>}, or a skipped (outside CI) / failed (in CI) test. */
    public static Path require(String relative) {
        String base = System.getProperty("gridscope.shared.dir");
        if (base == null || base.isBlank()) {
            base = System.getenv("GRIDSCOPE_SHARED_DIR");
        }
        Path dir = base == null || base.isBlank() ? null : Path.of(base).resolve(relative);
        if (dir == null || !Files.isDirectory(dir)) {
            String message = "shared test data not found: " + (dir == null
                    ? "set -Dgridscope.shared.dir or GRIDSCOPE_SHARED_DIR" : dir.toString());
            if (inCi()) {
                fail(message);
            }
            assumeTrue(false, message + " (skipped outside CI)");
        }
        return dir;
    }
}
