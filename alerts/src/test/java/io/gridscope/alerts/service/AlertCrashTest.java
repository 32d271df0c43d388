package io.gridscope.alerts.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.store.AlertActions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditVerification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process with firing and acknowledged alerts: after a restart the states and acknowledgements are
 * intact, no notification is repeated, and the audit log's chain verifies; a tampered audit row makes it fail.
 */
class AlertCrashTest {
    static final String RULES = """
            [packs]
            gpu = false
            host = false
            sources = false
            accounting = false

            [[rule]]
            name = "Hot"
            series = 'temp_celsius'
            op = ">"
            value = 80
            severity = "critical"
            summary = "{{ $labels.host }} at {{ $value }} °C"
            """;

    @TempDir
    Path dir;

    /** Runs the child until {@code cycles} cycles after {@code untilNotices} notices were printed, then kills it. */
    List<String> runAndKill(int untilNotices, int cyclesAfter, Runnable whileRunning) throws Exception {
        Process child =
                io.gridscope.testsupport.ChildJvm.start(AlertChild.class, dir.resolve("child.err"), dir.toString());
        List<String> notices = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int after = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("notice ")) {
                    notices.add(line);
                } else if (line.startsWith("cycle ")) {
                    if (after < 0 && notices.size() >= untilNotices) {
                        whileRunning.run();
                        after = 0;
                    } else if (after >= 0 && ++after >= cyclesAfter) {
                        child.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no close()
                        break;
                    }
                }
            }
            while ((line = out.readLine()) != null) {
                if (line.startsWith("notice ")) {
                    notices.add(line);
                }
            }
        } finally {
            child.toHandle().destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(child.isAlive()).isFalse();
        return notices;
    }

    List<AlertRow> rows() {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return r.alerts(Set.of(), 0, 100);
        }
    }

    @Test
    void killedWithFiringAndAcknowledgedAlertsItRestartsWithoutRepeatingAnything() throws Exception {
        HistoryStore.open(dir).close();
        Files.writeString(dir.resolve("alerts.toml"), RULES);
        AlertActions actions = new AlertActions(dir, Clock.systemUTC());
        long[] acked = {0};

        List<String> first = runAndKill(2, 5, () -> {
            AlertRow b = rows().stream()
                    .filter(r -> r.labels().contains("host=\"b\""))
                    .findFirst()
                    .orElseThrow();
            acked[0] = b.id();
            assertThat(actions.acknowledge(b.id(), "maria", "swapping the fan").done())
                    .isTrue();
        });
        assertThat(first).hasSize(2).allMatch(l -> l.startsWith("notice FIRING "));
        List<AlertRow> before = rows();
        assertThat(before).hasSize(2).allMatch(r -> r.state().equals("firing"));

        List<String> second = runAndKill(0, 20, () -> {});
        assertThat(second).as("no notification is repeated after kill -9").isEmpty();
        List<AlertRow> after = rows();
        assertThat(after)
                .extracting(AlertRow::id)
                .containsExactlyInAnyOrderElementsOf(
                        before.stream().map(AlertRow::id).toList());
        assertThat(after).allMatch(r -> r.state().equals("firing"));
        AlertRow b = after.stream().filter(r -> r.id() == acked[0]).findFirst().orElseThrow();
        assertThat(b.ackBy()).isEqualTo("maria");
        assertThat(b.ackComment()).isEqualTo("swapping the fan");

        try (HistoryReader r = HistoryReader.open(dir)) {
            AuditVerification v = r.verifyAudit();
            assertThat(v.firstBreak()).isEmpty();
            assertThat(v.entriesVerified())
                    .as("two notifications and one acknowledgement")
                    .isEqualTo(3);
        }

        // someone edits the acknowledgement's audit entry behind Gridscope's back
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
                Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit'")) {
                List<String> triggers = new ArrayList<>();
                while (rs.next()) {
                    triggers.add(rs.getString(1));
                }
                for (String t : triggers) {
                    st.execute("DROP TRIGGER " + t);
                }
            }
            assertThat(st.executeUpdate("UPDATE audit SET after='nothing to see' WHERE action='acknowledge'"))
                    .isEqualTo(1);
        }
        try (HistoryReader r = HistoryReader.open(dir)) {
            AuditVerification v = r.verifyAudit();
            assertThat(v.firstBreak()).isPresent();
            assertThat(v.firstBreak().get().problem()).isEqualTo(AuditVerification.Problem.HASH_MISMATCH);
        }
    }
}
