package io.gridscope.console.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.console.app.CollectorLock;
import io.gridscope.history.records.AlertRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sorting, filtering, the badge count, the viewer line and what counts as a new firing alert. */
class AlertsViewModelTest {
    private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");
    private static final long now = NOW.toEpochMilli();

    private final AlertsViewModel vm = new AlertsViewModel(Clock.fixed(NOW, ZoneOffset.UTC));

    private static AlertRow withId(AlertRow r, long id) {
        return r.withId(id);
    }

    private static AlertRow acked(AlertRow r) {
        return new AlertRow(
                r.id(),
                r.rule(),
                r.fingerprint(),
                r.labels(),
                r.severity(),
                r.state(),
                r.activeSinceMillis(),
                r.firedAtMillis(),
                r.resolvedAtMillis(),
                r.lastActiveMillis(),
                r.value(),
                r.threshold(),
                r.summary(),
                r.description(),
                r.runbook(),
                0,
                0,
                0,
                0,
                "ada",
                now - 1_000,
                "on it",
                0,
                null);
    }

    private static AlertRow snoozed(AlertRow r, long until) {
        return new AlertRow(
                r.id(),
                r.rule(),
                r.fingerprint(),
                r.labels(),
                r.severity(),
                r.state(),
                r.activeSinceMillis(),
                r.firedAtMillis(),
                r.resolvedAtMillis(),
                r.lastActiveMillis(),
                r.value(),
                r.threshold(),
                r.summary(),
                r.description(),
                r.runbook(),
                0,
                0,
                0,
                0,
                null,
                0,
                null,
                until,
                "bo");
    }

    private static Board board(List<AlertRow> rows) {
        return board(rows, Optional.empty());
    }

    private static Board board(List<AlertRow> rows, Optional<CollectorLock.Holder> collector) {
        return AlertFixture.board(rows, collector, now);
    }

    /** Ids 1..4 of the fixture, plus an acknowledged (5), a snoozed (6) and an older firing one (7). */
    private static List<AlertRow> rows() {
        List<AlertRow> four = AlertFixture.fourAlerts(now);
        List<AlertRow> out = new ArrayList<>();
        for (int i = 0; i < four.size(); i++) {
            out.add(withId(four.get(i), i + 1));
        }
        out.add(acked(withId(
                AlertFixture.row("Acked", "{host=\"gpu-03\"}", "critical", "firing", now, 10, 9, 0, 1, 0, "acked one"),
                5)));
        out.add(snoozed(
                withId(
                        AlertFixture.row(
                                "Snoozed",
                                "{host=\"gpu-03\"}",
                                "warning",
                                "firing",
                                now,
                                10,
                                9,
                                0,
                                1,
                                0,
                                "snoozed one"),
                        6),
                now + Duration.ofHours(1).toMillis()));
        out.add(withId(
                AlertFixture.row(
                        "OldFiring", "{host=\"gpu-04\"}", "warning", "firing", now, 300, 290, 0, 1, 0, "older"),
                7));
        return out;
    }

    @Test
    void firingComeFirstThenPendingAcknowledgedSnoozedAndResolvedNewestFirstInEach() {
        List<AlertItem> sorted = AlertsViewModel.sorted(rows(), now);
        assertThat(sorted).extracting(AlertItem::id).containsExactly(1L, 2L, 7L, 3L, 5L, 6L, 4L);
        assertThat(sorted)
                .extracting(AlertItem::status)
                .containsExactly(
                        AlertItem.Status.FIRING,
                        AlertItem.Status.FIRING,
                        AlertItem.Status.FIRING,
                        AlertItem.Status.PENDING,
                        AlertItem.Status.ACKNOWLEDGED,
                        AlertItem.Status.SNOOZED,
                        AlertItem.Status.RESOLVED);
    }

    @Test
    void aSnoozeThatHasEndedIsFiringAgain() {
        AlertRow r =
                snoozed(withId(AlertFixture.row("X", "{}", "warning", "firing", now, 10, 9, 0, 1, 0, ""), 1), now - 1);
        assertThat(AlertItem.of(r, now).status()).isEqualTo(AlertItem.Status.FIRING);
    }

    @Test
    void filtersBySeverityHostStateAndTextInRuleSummaryAndLabels() {
        vm.onBoard(board(rows()));
        assertThat(vm.alerts()).hasSize(7);
        assertThat(vm.hosts()).containsExactly("gpu-01", "gpu-02", "gpu-03", "gpu-04");

        vm.severityFilterProperty().set("critical");
        assertThat(vm.alerts()).extracting(AlertItem::id).containsExactly(1L, 5L, 4L);
        assertThat(vm.hiddenByFiltersProperty().get()).isEqualTo(4);

        vm.hostFilterProperty().set("gpu-02");
        assertThat(vm.alerts()).extracting(AlertItem::id).containsExactly(4L);

        vm.severityFilterProperty().set("");
        vm.hostFilterProperty().set("");
        vm.statusFilterProperty().set(AlertItem.Status.FIRING);
        assertThat(vm.alerts()).extracting(AlertItem::id).containsExactly(1L, 2L, 7L);

        vm.statusFilterProperty().set(null);
        vm.textFilterProperty().set("DISK"); // the rule, any case
        assertThat(vm.alerts()).extracting(AlertItem::id).containsExactly(2L);
        vm.textFilterProperty().set("93% full"); // the summary
        assertThat(vm.alerts()).extracting(AlertItem::id).containsExactly(2L);
        vm.textFilterProperty().set("mountpoint=\"/data\""); // the labels
        assertThat(vm.alerts()).extracting(AlertItem::id).containsExactly(2L);
        vm.textFilterProperty().set("");
        assertThat(vm.alerts()).hasSize(7);
    }

    @Test
    void theBadgeCountsFiringAlertsNobodyAcknowledgedOrSnoozed() {
        vm.onBoard(board(rows()));
        assertThat(vm.needingAttentionProperty().get()).isEqualTo(3); // 1, 2 and 7
    }

    @Test
    void alertsPresentAtStartAreNotNewButOnesThatFireLaterAre() {
        List<List<AlertRow>> toasted = new ArrayList<>();
        vm.addNewFiringListener(toasted::add);
        List<AlertRow> start = rows();
        vm.onBoard(board(start));
        assertThat(toasted).isEmpty();

        List<AlertRow> next = new ArrayList<>(start);
        AlertRow pendingNowFiring = AlertFixture.row(
                        "GpuHot",
                        "{alertname=\"GpuHot\",gpu_uuid=\"GPU-1\",host=\"gpu-01\"}",
                        "info",
                        "firing",
                        now,
                        2,
                        1,
                        0,
                        81,
                        80,
                        "GPU-1 at 81 °C")
                .withId(3);
        next.set(2, pendingNowFiring); // pending at start: not new when it fires
        AlertRow fresh = withId(
                AlertFixture.row("NewOne", "{host=\"gpu-05\"}", "critical", "firing", now, 1, 1, 0, 1, 0, "new"), 8);
        next.add(fresh);
        vm.onBoard(board(next));
        assertThat(toasted).hasSize(1);
        assertThat(toasted.get(0)).extracting(AlertRow::id).containsExactly(8L);

        vm.onBoard(board(next)); // the same again: nothing new
        assertThat(toasted).hasSize(1);
    }

    @Test
    void aViewerSaysWhoEvaluatesTheRules() {
        vm.onBoard(board(rows(), Optional.of(new CollectorLock.Holder(4242, "collect", NOW))));
        assertThat(vm.viewerLineProperty().get())
                .startsWith("Rules are evaluated by collect (pid 4242")
                .endsWith("; your actions take effect there.");
        vm.onBoard(board(rows()));
        assertThat(vm.viewerLineProperty().get()).isEmpty();
    }

    @Test
    void manyNewAlertsAtOnceCollapseIntoOneNotification() {
        assertThat(AlertToasts.collapse(3, 0)).isFalse();
        assertThat(AlertToasts.collapse(4, 0)).isTrue();
        assertThat(AlertToasts.collapse(1, 3)).isTrue();
    }
}
