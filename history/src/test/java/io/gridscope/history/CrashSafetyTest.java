package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Labels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM ingests; it is killed with SIGKILL mid-ingest; every batch it reported committed is there. */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void killDuringHeavyIngestLosesNoCommittedBatch() throws Exception {
        Process child =
                io.gridscope.testsupport.ChildJvm.start(IngestChild.class, dir.resolve("child.err"), dir.toString());
        int lastCommitted = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                assertThat(line).startsWith("committed ");
                lastCommitted = Integer.parseInt(line.substring("committed ".length()));
                if (lastCommitted == 40) {
                    // SIGKILL (no shutdown hooks, no close()); through the handle so our end of stdout stays readable
                    child.toHandle().destroyForcibly();
                    break;
                }
            }
            // lines the child printed before the kill landed are committed too
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    lastCommitted = Integer.parseInt(line.substring("committed ".length()));
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(lastCommitted)
                .as("child stderr in %s", dir.resolve("child.err"))
                .isGreaterThanOrEqualTo(40);
        assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            List<String> result = new ArrayList<>();
            while (rs.next()) {
                result.add(rs.getString(1));
            }
            assertThat(result).containsExactly("ok");
        }
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            assertThat(store.openWarnings()).isEmpty();
            long end = IngestChild.BASE + (lastCommitted + 1L) * IngestChild.STEPS * 1000L;
            for (int i = 0; i < IngestChild.SERIES; i += 33) {
                SeriesData d = store.query(new SeriesQuery(
                                "gpu_power_watts", Labels.of("gpu_uuid", "GPU-" + i), IngestChild.BASE, end))
                        .getFirst();
                assertThat(d.size()).isEqualTo((lastCommitted + 1) * IngestChild.STEPS);
                for (int k = 0; k <= lastCommitted; k++) {
                    assertThat(d.values()[k * IngestChild.STEPS]).isEqualTo(k + i / 1000.0);
                }
            }
            // minute rollups cover every committed sample too
            SeriesAggregates minutes = store.queryRange(
                            new SeriesQuery("gpu_power_watts", Labels.of("gpu_uuid", "GPU-0"), IngestChild.BASE, end),
                            60_000)
                    .getFirst();
            assertThat(java.util.Arrays.stream(minutes.count()).sum())
                    .isEqualTo((lastCommitted + 1L) * IngestChild.STEPS);
        }
    }
}
