package io.gridscope.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared test data (OpenMetrics suite, Prometheus and Alertmanager API responses) kept outside the
 * repository: system property {@code gridscope.shared.dir} (set by the build to {@code ../shared} beside the
 * checkout), else environment variable {@code GRIDSCOPE_SHARED_DIR}. A missing folder skips the test on a
 * developer's machine and fails it under {@code CI=true} (see {@link Requirements}). The product never reads it.
 */
public final class SharedTestData {
    private SharedTestData() {}

    /** The folder {@code <shared>/<relative>}, or a skipped (outside CI) / failed (in CI) test. */
    public static Path require(String relative) {
        String base = System.getProperty("gridscope.shared.dir");
        if (base == null || base.isBlank()) {
            base = System.getenv("GRIDSCOPE_SHARED_DIR");
        }
        Path dir = base == null || base.isBlank() ? null : Path.of(base).resolve(relative);
        if (dir == null || !Files.isDirectory(dir)) {
            throw Requirements.unavailable("shared test data not found: "
                    + (dir == null ? "set -Dgridscope.shared.dir or GRIDSCOPE_SHARED_DIR" : dir.toString()));
        }
        return dir;
    }
}
