package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.cli.CliTest.Result;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.history.RecordsConnection;
import io.gridscope.history.records.AlertRecords;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.model.Labels;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gridscope alerts …} end to end over a data directory holding alerts, as the evaluating process stores them. */
class AlertsCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORMS = "write a duration (1h, 30m), 'tomorrow 09:00', '2026-12-03 09:00' (local time) or"
            + " '2026-12-03T08:00:00Z'";

    @TempDir
    Path dir;

    long now = System.currentTimeMillis();
    long hot;
    long down;
    long gone;

    /** Stores an alert as the evaluating process does; returns its id. */
    static long store(Path dir, String rule, String host, String severity, String state, long at) throws Exception {
        Labels labels = Labels.of("alertname", rule, "host", host, "severity", severity);
        try (Connection c = RecordsConnection.open(dir)) {
            return AlertRecords.insert(
                    c,
                    new AlertRow(
                            0,
                            rule,
                            rule + labels.canonical(),
                            labels.canonical(),
                            severity,
                            state,
                            at - 60_000,
                            state.equals("pending") ? 0 : at,
                            state.equals("resolved") ? at + 60_000 : 0,
                            at,
                            91.5,
                            80,
                            rule + " on " + host,
                            "",
                            "",
                            0,
                            0,
                            0,
                            0,
                            null,
                            0,
                            null,
                            0,
                            null));
        }
    }

    @BeforeEach
    void alerts() throws Exception {
        HistoryStore.open(dir).close();
        gone = store(
                dir,
                "GpuHot",
                "gpu-03",
                "critical",
                "resolved",
                now - Duration.ofHours(2).toMillis());
        down = store(dir, "HostDown", "node-7", "warning", "pending", now - 30_000);
        hot = store(dir, "GpuHot", "gpu-01", "critical", "firing", now - 300_000);
    }

    Result alerts(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "alerts";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dir.toString();
        return CliTest.run(all);
    }

    static JsonNode json(Result r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    AlertRow row(long id) {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return r.alert(id).orElseThrow();
        }
    }

    @Test
    void listShowsEveryAlertNewestFirstAsATable() {
        Result r = alerts("list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("STATE", "SEVERITY", "SINCE (UTC)", "RULE", "SUMMARY");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith(hot + " ").contains("firing", "critical", "GpuHot on gpu-01");
        assertThat(lines.get(2)).startsWith(down + " ").contains("pending", "warning", "HostDown on node-7");
        assertThat(lines.get(3)).startsWith(gone + " ").contains("resolved", "GpuHot on gpu-03");
        String since =
                Instant.ofEpochMilli(now - 300_000).toString().substring(0, 19).replace('T', ' ');
        assertThat(lines.get(1)).contains(since);
    }

    @Test
    void listAsJsonAndByState() throws Exception {
        JsonNode all = json(alerts("list", "--json"));
        assertThat(all).hasSize(3);
        JsonNode first = all.get(0);
        assertThat(first.get("id").asLong()).isEqualTo(hot);
        assertThat(first.get("rule").asText()).isEqualTo("GpuHot");
        assertThat(first.get("state").asText()).isEqualTo("firing");
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("labels").get("host").asText()).isEqualTo("gpu-01");
        assertThat(first.get("summary").asText()).isEqualTo("GpuHot on gpu-01");
        assertThat(first.get("value").asDouble()).isEqualTo(91.5);
        assertThat(first.get("firedAt").asText())
                .isEqualTo(Instant.ofEpochMilli(now - 300_000).toString());
        assertThat(first.get("resolvedAt").isNull()).isTrue();
        assertThat(first.get("acknowledgedBy").isNull()).isTrue();

        JsonNode firing = json(alerts("list", "--state", "firing", "--json"));
        assertThat(firing)
                .singleElement()
                .satisfies(a -> assertThat(a.get("id").asLong()).isEqualTo(hot));
        JsonNode open = json(alerts("list", "--state", "open", "--json"));
        assertThat(open).extracting(a -> a.get("id").asLong()).containsExactly(hot, down);
        JsonNode resolved = json(alerts("list", "--state", "resolved", "--json"));
        assertThat(resolved).extracting(a -> a.get("id").asLong()).containsExactly(gone);
        assertThat(json(alerts("list", "--state", "resolved", "--since", "1h", "--json")))
                .as("resolved before --since")
                .isEmpty();
        assertThat(json(alerts("list", "--state", "acknowledged", "--json"))).isEmpty();

        Result none = alerts("list", "--state", "acknowledged");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEqualTo("no alerts in state acknowledged (resolved ones within 7d)\n");

        Result bad = alerts("list", "--state", "burning");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err())
                .contains("--state: 'burning' is not firing, pending, resolved, acknowledged, snoozed or open");
    }

    @Test
    void anAcknowledgementWithItsCommentShowsInTheList() throws Exception {
        Result ack = alerts("ack", String.valueOf(hot), "--comment", "fan replaced tonight", "--by", "maria");
        assertThat(ack.exitCode()).as(ack.err()).isZero();
        assertThat(ack.out()).isEqualTo("acknowledged alert " + hot + " (GpuHot)\n");

        Result list = alerts("list");
        assertThat(list.out().lines().filter(l -> l.startsWith(hot + " ")))
                .singleElement()
                .satisfies(l -> assertThat(l).endsWith("  [acknowledged by maria: fan replaced tonight]"));
        JsonNode acked = json(alerts("list", "--state", "acknowledged", "--json"));
        assertThat(acked).singleElement().satisfies(a -> {
            assertThat(a.get("id").asLong()).isEqualTo(hot);
            assertThat(a.get("acknowledgedBy").asText()).isEqualTo("maria");
            assertThat(a.get("acknowledgeComment").asText()).isEqualTo("fan replaced tonight");
            assertThat(Instant.parse(a.get("acknowledgedAt").asText()))
                    .isBetween(Instant.ofEpochMilli(now), Instant.now());
        });
        try (HistoryReader r = HistoryReader.open(dir)) {
            assertThat(r.audit("alert " + hot, 10))
                    .singleElement()
                    .extracting(AuditEntry::osUser, AuditEntry::action, AuditEntry::after)
                    .containsExactly("maria", "acknowledge", "fan replaced tonight");
        }

        Result twice = alerts("ack", String.valueOf(hot), "--comment", "again");
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(twice.err()).isEqualTo("gridscope: alert " + hot + " is already acknowledged by maria\n");

        Result unack = alerts("unack", String.valueOf(hot), "--by", "sam");
        assertThat(unack.exitCode()).as(unack.err()).isZero();
        assertThat(unack.out()).isEqualTo("alert " + hot + " is no longer acknowledged\n");
        assertThat(json(alerts("list", "--state", "acknowledged", "--json"))).isEmpty();

        Result notAcked = alerts("unack", String.valueOf(hot));
        assertThat(notAcked.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(notAcked.err()).isEqualTo("gridscope: alert " + hot + " is not acknowledged\n");
    }

    @Test
    void refusedActionsExitWithFailureAndTheReason() {
        Result unknown = alerts("ack", "999");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknown.err()).isEqualTo("gridscope: no alert 999 (./gridscope alerts list shows the ids)\n");
        Result resolved = alerts("ack", String.valueOf(gone));
        assertThat(resolved.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(resolved.err())
                .isEqualTo(
                        "gridscope: alert " + gone + " is resolved; only pending or firing alerts take this action\n");
        Result tooLong = alerts("ack", String.valueOf(hot), "--comment", "x".repeat(2_001));
        assertThat(tooLong.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(tooLong.err()).isEqualTo("gridscope: a comment is at most 2000 characters\n");
        assertThat(row(hot).acknowledged()).isFalse();
    }

    @Test
    void aSnoozeForAnHourShowsInTheList() throws Exception {
        Result snooze = alerts("snooze", String.valueOf(hot), "--until", "1h", "--comment", "reboot");
        assertThat(snooze.exitCode()).as(snooze.err()).isZero();
        long until = row(hot).snoozedUntilMillis();
        assertThat(until).isBetween(now + 3_600_000, System.currentTimeMillis() + 3_600_000);
        assertThat(snooze.out()).isEqualTo("alert " + hot + " snoozed until " + Instant.ofEpochMilli(until) + "\n");
        assertThat(alerts("list").out()).contains("  [snoozed until " + Instant.ofEpochMilli(until) + "]");
        assertThat(json(alerts("list", "--state", "snoozed", "--json")))
                .singleElement()
                .satisfies(a -> assertThat(a.get("snoozedUntil").asText())
                        .isEqualTo(Instant.ofEpochMilli(until).toString()));

        Result end = alerts("snooze", String.valueOf(hot), "--until", "none");
        assertThat(end.exitCode()).as(end.err()).isZero();
        assertThat(end.out()).isEqualTo("alert " + hot + " is no longer snoozed\n");
        assertThat(json(alerts("list", "--state", "snoozed", "--json"))).isEmpty();
    }

    @Test
    void aBadUntilIsAUsageErrorNamingTheAcceptedForms() {
        Result bad = alerts("snooze", String.valueOf(hot), "--until", "soon");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("gridscope: --until: 'soon' is not an end time: " + FORMS + "\n");
        Result past = alerts("silence", "{host=\"gpu-01\"}", "--until", "2020-01-01T00:00:00Z");
        assertThat(past.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(past.err()).isEqualTo("gridscope: --until: '2020-01-01T00:00:00Z' is not in the future\n");
        Result missing = alerts("snooze", String.valueOf(hot));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--until");
        assertThat(row(hot).snoozedUntilMillis()).isZero();
    }

    @Test
    void aSilenceIsCreatedListedAndEnded() {
        assertThat(alerts("silences").out()).isEqualTo("no silences\n");
        Result silence =
                alerts("silence", "{host=\"gpu-01\"}", "--until", "2h", "--comment", "maintenance", "--by", "sam");
        assertThat(silence.exitCode()).as(silence.err()).isZero();
        assertThat(silence.out()).matches("silence (\\d+) created: \\{host=\"gpu-01\"} until \\S+Z\n");
        String id = silence.out().split(" ")[1];

        Result list = alerts("silences");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines())
                .singleElement()
                .satisfies(l -> assertThat(l).matches(id + " +\\{host=\"gpu-01\"} until \\S+Z by sam: maintenance"));

        Result bad = alerts("silence", "host=gpu-01", "--until", "2h");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(bad.err()).startsWith("gridscope: not label matchers: ");

        Result end = alerts("unsilence", id, "--comment", "done");
        assertThat(end.exitCode()).as(end.err()).isZero();
        assertThat(end.out()).isEqualTo("silence " + id + " ended\n");
        assertThat(alerts("silences").out()).isEqualTo("no silences\n");
        Result again = alerts("unsilence", id);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.err()).isEqualTo("gridscope: silence " + id + " is unknown or already over\n");
    }
}
