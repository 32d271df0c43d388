package io.gridscope.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes samples and acknowledgements in a loop and is killed with SIGKILL; every acknowledgement it
 * reported committed is there, with its audit entry, and the file is intact.
 */
class AckCrashTest {
    private static final int KILL_AFTER_ACKS = 60;

    @TempDir
    Path dir;

    @Test
    void killWhileWritingSamplesAndAcknowledgementsLosesNoCommittedAcknowledgement() throws Exception {
        // the history exists before the child starts, as it does for the console
        HistoryStore.open(dir, TestSeries.options()).close();
        Process child =
                io.gridscope.testsupport.ChildJvm.start(AckChild.class, dir.resolve("child.err"), dir.toString());
        List<Long> acked = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                assertThat(line).startsWith("acked ");
                acked.add(Long.parseLong(line.substring("acked ".length())));
                if (acked.size() == KILL_AFTER_ACKS) {
                    child.toHandle().destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
                    break;
                }
            }
            while ((line = out.readLine()) != null) { // printed before the kill landed: committed as well
                if (line.startsWith("acked ")) {
                    acked.add(Long.parseLong(line.substring("acked ".length())));
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(acked)
                .as("child stderr in %s", dir.resolve("child.err"))
                .hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);
        assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HistoryStore.FILE_NAME));
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            for (long id : acked) {
                Optional<AlertRow> row = AlertRecords.byId(c, id);
                assertThat(row).as("alert %d", id).isPresent();
                assertThat(row.get().acknowledged())
                        .as("alert %d acknowledged", id)
                        .isTrue();
                assertThat(row.get().ackBy()).isEqualTo(AckChild.WHO);
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM audit WHERE subject='alert " + id + "'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("audit entry of alert %d", id).isEqualTo(1);
                }
            }
        }
        try (HistoryStore store = HistoryStore.open(dir, TestSeries.options())) {
            assertThat(store.openWarnings()).isEmpty();
            // samples flushed every ten rounds: at least those before the last multiple of ten are there
            long flushedRounds = (acked.size() / 10) * 10L;
            SeriesData d = store.query(new SeriesQuery(
                            "gpu_power_watts",
                            io.gridscope.model.Labels.of("gpu_uuid", "GPU-0"),
                            IngestChild.BASE,
                            IngestChild.BASE + 86_400_000L))
                    .getFirst();
            assertThat((long) d.size()).isGreaterThanOrEqualTo(flushedRounds - 10);
        }
    }
}
