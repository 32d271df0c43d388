package io.gridscope.alerts.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import io.gridscope.history.records.SilenceRow;
import io.gridscope.testsupport.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-call actions on a real history: each one changes the alert and writes its audit entry (who, what, the
 * comment) in the same transaction; a refused action changes nothing and writes no entry.
 */
class AlertActionsTest {
    @TempDir
    Path dir;

    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());
    StoredAlerts stored;
    AlertActions actions;
    long firing;
    long resolved;

    @BeforeEach
    void alerts() throws Exception {
        stored = StoredAlerts.in(dir);
        firing = stored.add("GpuHot", "gpu-01", "critical", "firing", clock.millis() - 300_000);
        resolved = stored.add("GpuHot", "gpu-02", "critical", "resolved", clock.millis() - 3_600_000);
        actions = new AlertActions(dir, clock);
    }

    Instant in(Duration d) {
        return clock.instant().plus(d);
    }

    @Test
    void anAcknowledgementIsStoredWithWhoWhenAndTheCommentAndAudited() {
        AlertActions.Outcome o = actions.acknowledge(firing, "maria", "  fan replaced tonight ");
        assertThat(o.done()).as(o.message()).isTrue();
        assertThat(o.message()).isEqualTo("acknowledged alert " + firing + " (GpuHot)");
        AlertRow row = stored.row(firing);
        assertThat(row.ackBy()).isEqualTo("maria");
        assertThat(row.ackAtMillis()).isEqualTo(clock.millis());
        assertThat(row.ackComment()).isEqualTo("fan replaced tonight");
        assertThat(stored.audit("alert " + firing)).singleElement().satisfies(a -> {
            assertThat(a.epochMillis()).isEqualTo(clock.millis());
            assertThat(a.osUser()).isEqualTo("maria");
            assertThat(a.action()).isEqualTo("acknowledge");
            assertThat(a.before()).isEqualTo("firing GpuHot" + row.labels() + " — GpuHot on gpu-01");
            assertThat(a.after()).isEqualTo("fan replaced tonight");
        });

        AlertActions.Outcome again = actions.acknowledge(firing, "sam", "me too");
        assertThat(again.done()).isFalse();
        assertThat(again.message()).isEqualTo("alert " + firing + " is already acknowledged by maria");
        assertThat(stored.row(firing).ackBy()).isEqualTo("maria");
        assertThat(stored.audit("alert " + firing)).hasSize(1);
    }

    @Test
    void anUnacknowledgementClearsItAndRecordsWhatItWas() {
        actions.acknowledge(firing, "maria", "on it");
        clock.advance(Duration.ofMinutes(5));
        AlertActions.Outcome o = actions.unacknowledge(firing, "sam", "maria is off shift");
        assertThat(o.done()).as(o.message()).isTrue();
        assertThat(o.message()).isEqualTo("alert " + firing + " is no longer acknowledged");
        AlertRow row = stored.row(firing);
        assertThat(row.acknowledged()).isFalse();
        assertThat(row.ackBy()).isNull();
        assertThat(row.ackComment()).isNull();
        assertThat(stored.audit("alert " + firing))
                .first()
                .isEqualTo(new AuditEntry(
                        clock.millis(),
                        "sam",
                        "alert " + firing,
                        "unacknowledge",
                        "acknowledged by maria: on it",
                        "maria is off shift"));
    }

    @Test
    void unacknowledgingAnAlertNobodyAcknowledgedIsRefused() {
        AlertActions.Outcome o = actions.unacknowledge(firing, "sam", "");
        assertThat(o.done()).isFalse();
        assertThat(o.message()).isEqualTo("alert " + firing + " is not acknowledged");
        assertThat(stored.audit("alert " + firing)).isEmpty();
    }

    @Test
    void aSnoozeIsStoredUntilItsEndAndAudited() {
        Instant until = in(Duration.ofHours(2));
        AlertActions.Outcome o = actions.snooze(firing, until, "sam", "reboot window");
        assertThat(o.done()).as(o.message()).isTrue();
        assertThat(o.message()).isEqualTo("alert " + firing + " snoozed until 2026-12-02T12:00:00Z");
        AlertRow row = stored.row(firing);
        assertThat(row.snoozedUntilMillis()).isEqualTo(until.toEpochMilli());
        assertThat(row.snoozedBy()).isEqualTo("sam");
        assertThat(row.snoozedAt(clock.millis())).isTrue();
        assertThat(stored.audit("alert " + firing))
                .singleElement()
                .isEqualTo(new AuditEntry(
                        clock.millis(),
                        "sam",
                        "alert " + firing,
                        "snooze",
                        "",
                        "until 2026-12-02T12:00:00Z: reboot window"));

        clock.advance(Duration.ofMinutes(1));
        AlertActions.Outcome end = actions.snooze(firing, Instant.EPOCH, "maria", "done early");
        assertThat(end.done()).isTrue();
        assertThat(end.message()).isEqualTo("alert " + firing + " is no longer snoozed");
        assertThat(stored.row(firing).snoozedUntilMillis()).isZero();
        assertThat(stored.audit("alert " + firing)).first().satisfies(a -> {
            assertThat(a.osUser()).isEqualTo("maria");
            assertThat(a.action()).isEqualTo("end snooze");
            assertThat(a.before()).isEqualTo("snoozed until 2026-12-02T12:00:00Z");
            assertThat(a.after()).isEqualTo("done early");
        });
    }

    @Test
    void aSnoozeThatEndsInThePastIsRefused() {
        AlertActions.Outcome o = actions.snooze(firing, in(Duration.ofMinutes(-1)), "sam", "");
        assertThat(o.done()).isFalse();
        assertThat(o.message()).isEqualTo("the snooze must end in the future (2026-12-02T09:59:00Z has passed)");
        assertThat(actions.snooze(firing, clock.instant(), "sam", "").done())
                .as("now is not in the future")
                .isFalse();
        assertThat(stored.row(firing).snoozedUntilMillis()).isZero();
        assertThat(stored.audit("alert " + firing)).isEmpty();
    }

    @Test
    void anUnknownAlertIsRefusedByEveryAction() {
        String unknown = "no alert 999 (./gridscope alerts list shows the ids)";
        assertThat(actions.acknowledge(999, "sam", "").message()).isEqualTo(unknown);
        assertThat(actions.unacknowledge(999, "sam", "").message()).isEqualTo(unknown);
        assertThat(actions.snooze(999, in(Duration.ofHours(1)), "sam", "").message())
                .isEqualTo(unknown);
        assertThat(actions.acknowledge(999, "sam", "").done()).isFalse();
        assertThat(stored.audit("alert 999")).isEmpty();
    }

    @Test
    void aResolvedAlertTakesNoAction() {
        String notOpen = "alert " + resolved + " is resolved; only pending or firing alerts take this action";
        AlertActions.Outcome ack = actions.acknowledge(resolved, "sam", "late");
        assertThat(ack.done()).isFalse();
        assertThat(ack.message()).isEqualTo(notOpen);
        AlertActions.Outcome snooze = actions.snooze(resolved, in(Duration.ofHours(1)), "sam", "");
        assertThat(snooze.done()).isFalse();
        assertThat(snooze.message()).isEqualTo(notOpen);
        assertThat(stored.row(resolved).acknowledged()).isFalse();
        assertThat(stored.row(resolved).snoozedUntilMillis()).isZero();
        assertThat(stored.audit("alert " + resolved)).isEmpty();
    }

    @Test
    void aCommentLongerThanTheLimitIsRefusedAndNothingIsWritten() {
        String longest = "x".repeat(AlertActions.MAX_COMMENT_CHARS);
        String tooLong = longest + "x";
        String refusal = "a comment is at most " + AlertActions.MAX_COMMENT_CHARS + " characters";
        for (AlertActions.Outcome o : List.of(
                actions.acknowledge(firing, "sam", tooLong),
                actions.unacknowledge(firing, "sam", tooLong),
                actions.snooze(firing, in(Duration.ofHours(1)), "sam", tooLong),
                actions.silence("{host=\"gpu-01\"}", in(Duration.ofHours(1)), "sam", tooLong),
                actions.expireSilence(1, "sam", tooLong))) {
            assertThat(o.done()).isFalse();
            assertThat(o.message()).isEqualTo(refusal);
        }
        assertThat(stored.row(firing).acknowledged()).isFalse();
        assertThat(stored.audit("alert " + firing)).isEmpty();
        assertThat(silences()).isEmpty();

        assertThat(actions.acknowledge(firing, "sam", longest).done()).isTrue();
        assertThat(stored.row(firing).ackComment()).hasSize(AlertActions.MAX_COMMENT_CHARS);
    }

    @Test
    void aSilenceIsStoredWithItsMatchersInCanonicalFormAndEndedEarly() {
        AlertActions.Outcome o =
                actions.silence("host=\"gpu-01\", alertname=~\"Gpu.*\"", in(Duration.ofHours(4)), "sam", "maintenance");
        assertThat(o.done()).as(o.message()).isTrue();
        SilenceRow s = silences().get(0);
        assertThat(o.message())
                .isEqualTo("silence " + s.id() + " created: " + s.matchers() + " until 2026-12-02T14:00:00Z");
        assertThat(s.matchers()).startsWith("{").contains("host=\"gpu-01\"").contains("alertname=~\"Gpu.*\"");
        assertThat(s.startsMillis()).isEqualTo(clock.millis());
        assertThat(s.endsMillis()).isEqualTo(in(Duration.ofHours(4)).toEpochMilli());
        assertThat(s.createdBy()).isEqualTo("sam");
        assertThat(s.comment()).isEqualTo("maintenance");
        assertThat(stored.audit("silence " + s.id()))
                .singleElement()
                .isEqualTo(new AuditEntry(
                        clock.millis(),
                        "sam",
                        "silence " + s.id(),
                        "silence",
                        "",
                        s.matchers() + " until 2026-12-02T14:00:00Z: maintenance"));

        clock.advance(Duration.ofMinutes(30));
        AlertActions.Outcome end = actions.expireSilence(s.id(), "maria", "maintenance over");
        assertThat(end.done()).as(end.message()).isTrue();
        assertThat(end.message()).isEqualTo("silence " + s.id() + " ended");
        assertThat(silences())
                .singleElement()
                .satisfies(x -> assertThat(x.activeAt(clock.millis())).isFalse());
        assertThat(stored.audit("silence " + s.id())).first().satisfies(a -> {
            assertThat(a.osUser()).isEqualTo("maria");
            assertThat(a.action()).isEqualTo("end silence");
            assertThat(a.after()).isEqualTo("maintenance over");
        });
        AlertActions.Outcome twice = actions.expireSilence(s.id(), "maria", "");
        assertThat(twice.done()).isFalse();
        assertThat(twice.message()).isEqualTo("silence " + s.id() + " is unknown or already over");
        assertThat(actions.expireSilence(4711, "maria", "").message())
                .isEqualTo("silence 4711 is unknown or already over");
    }

    @Test
    void badMatchersAndPastEndsAreRefusedWithTheReason() {
        AlertActions.Outcome bad = actions.silence("host=gpu-01", in(Duration.ofHours(1)), "sam", "");
        assertThat(bad.done()).isFalse();
        assertThat(bad.message()).startsWith("not label matchers: ").doesNotContain("'x{");
        AlertActions.Outcome broken = actions.silence("{host=\"gpu-01\"", in(Duration.ofHours(1)), "sam", "");
        assertThat(broken.done()).isFalse();
        assertThat(broken.message()).startsWith("not label matchers: ");
        AlertActions.Outcome empty = actions.silence("{}", in(Duration.ofHours(1)), "sam", "");
        assertThat(empty.done()).isFalse();
        assertThat(empty.message()).isEqualTo("a silence needs at least one label matcher");
        AlertActions.Outcome past = actions.silence("{host=\"gpu-01\"}", in(Duration.ofSeconds(-1)), "sam", "");
        assertThat(past.done()).isFalse();
        assertThat(past.message()).isEqualTo("the silence must end in the future (2026-12-02T09:59:59Z has passed)");
        assertThat(silences()).isEmpty();
    }

    @Test
    void aRuleChangeIsAuditedWithTheWholeTextBeforeAndAfter() {
        AlertActions.Outcome o = actions.recordRuleChange("maria", "before = 1\n", "after = 2\n", "alerts.toml");
        assertThat(o.done()).isTrue();
        assertThat(stored.audit("rules alerts.toml"))
                .singleElement()
                .isEqualTo(new AuditEntry(
                        clock.millis(), "maria", "rules alerts.toml", "change", "before = 1\n", "after = 2\n"));
    }

    List<SilenceRow> silences() {
        try (HistoryReader r = HistoryReader.open(dir)) {
            return r.silences(0);
        }
    }
}
