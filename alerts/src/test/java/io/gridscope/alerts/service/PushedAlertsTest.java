package io.gridscope.alerts.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.alertmanager.LocalAlert;
import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.Transition;
import io.gridscope.alerts.rules.Severity;
import io.gridscope.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the evaluating process pushes to Alertmanager after each evaluation. */
class PushedAlertsTest {
    static final long T0 = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli();
    static final Labels LABELS = Labels.of("alertname", "GpuHot", "host", "gpu-01", "severity", "critical");

    PushedAlerts pushed = new PushedAlerts();

    static AlertInstance alert(AlertState state, long firedAt, long resolvedAt, String description, String runbook) {
        return new AlertInstance(
                "GpuHot",
                AlertInstance.fingerprint("GpuHot", LABELS),
                LABELS,
                Severity.CRITICAL,
                state,
                firedAt - 30_000,
                firedAt,
                resolvedAt,
                resolvedAt != 0 ? resolvedAt : firedAt,
                91,
                80,
                "gpu-01 at 91 °C",
                description,
                runbook,
                0);
    }

    static AlertInstance firing(long firedAt) {
        return alert(AlertState.FIRING, firedAt, 0, "above 80 °C for a minute", "https://runbooks.example/gpu-hot");
    }

    static Evaluation evaluation(long at, List<Transition> transitions, List<AlertInstance> open) {
        return new Evaluation(at, transitions, open, List.of(), 0);
    }

    void fire(long at) {
        AlertInstance a = firing(at);
        pushed.accept(evaluation(at, List.of(new Transition(AlertState.PENDING, a)), List.of(a)));
    }

    void resolve(long firedAt, long at) {
        AlertInstance r =
                alert(AlertState.RESOLVED, firedAt, at, "above 80 °C for a minute", "https://runbooks.example/gpu-hot");
        pushed.accept(evaluation(at, List.of(new Transition(AlertState.FIRING, r)), List.of()));
    }

    void nothing(long at) {
        pushed.accept(evaluation(at, List.of(), List.of()));
    }

    @Test
    void nothingIsPushedBeforeTheFirstEvaluationNorForAPendingAlert() {
        assertThat(pushed.current()).isEmpty();
        AlertInstance pending = alert(AlertState.PENDING, 0, 0, "", "");
        pushed.accept(evaluation(T0, List.of(new Transition(AlertState.INACTIVE, pending)), List.of(pending)));
        assertThat(pushed.current()).isEmpty();
    }

    @Test
    void aFiringAlertIsPushedWithItsLabelsAnnotationsAndFiringTime() {
        fire(T0);
        assertThat(pushed.current()).singleElement().satisfies(l -> {
            assertThat(l.key()).isEqualTo("GpuHot" + LABELS.canonical());
            assertThat(l.labels()).isEqualTo(LABELS.asMap());
            assertThat(l.annotations())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "summary", "gpu-01 at 91 °C",
                            "description", "above 80 °C for a minute",
                            "runbook_url", "https://runbooks.example/gpu-hot"));
            assertThat(l.startsAt()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(l.isFiring()).isTrue();
        });
    }

    @Test
    void emptyDescriptionAndRunbookAreLeftOut() {
        AlertInstance a = alert(AlertState.FIRING, T0, 0, "", "");
        pushed.accept(evaluation(T0, List.of(), List.of(a)));
        assertThat(pushed.current())
                .singleElement()
                .satisfies(l -> assertThat(l.annotations()).containsOnlyKeys("summary"));
    }

    @Test
    void aResolutionIsPushedForTenMinutesThenDropped() {
        fire(T0);
        long resolvedAt = T0 + 60_000;
        resolve(T0, resolvedAt);
        assertThat(pushed.current()).singleElement().satisfies(l -> {
            assertThat(l.isFiring()).isFalse();
            assertThat(l.resolvedAt()).contains(Instant.ofEpochMilli(resolvedAt));
            assertThat(l.startsAt()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(l.annotations()).containsEntry("summary", "gpu-01 at 91 °C");
        });
        nothing(resolvedAt + PushedAlerts.KEEP_RESOLVED.toMillis());
        assertThat(pushed.current()).as("kept for ten minutes").hasSize(1);
        nothing(resolvedAt + PushedAlerts.KEEP_RESOLVED.toMillis() + 1_000);
        assertThat(pushed.current()).as("then dropped").isEmpty();
        nothing(resolvedAt + Duration.ofHours(1).toMillis());
        assertThat(pushed.current()).isEmpty();
    }

    @Test
    void aReFireReplacesTheResolution() {
        fire(T0);
        resolve(T0, T0 + 60_000);
        long again = T0 + 120_000;
        fire(again);
        assertThat(pushed.current()).singleElement().satisfies(l -> {
            assertThat(l.isFiring()).isTrue();
            assertThat(l.startsAt()).isEqualTo(Instant.ofEpochMilli(again));
        });
        resolve(again, again + 60_000);
        assertThat(pushed.current())
                .singleElement()
                .satisfies(
                        l -> assertThat(l.resolvedAt()).isEqualTo(Optional.of(Instant.ofEpochMilli(again + 60_000))));
    }

    @Test
    void firingAlertsComeBeforeResolvedOnes() {
        Labels other = Labels.of("alertname", "HostDown", "host", "gpu-02", "severity", "warning");
        fire(T0);
        resolve(T0, T0 + 1_000);
        AlertInstance down = new AlertInstance(
                "HostDown",
                AlertInstance.fingerprint("HostDown", other),
                other,
                Severity.WARNING,
                AlertState.FIRING,
                T0,
                T0 + 2_000,
                0,
                T0 + 2_000,
                0,
                0,
                "gpu-02 is down",
                "",
                "",
                0);
        pushed.accept(evaluation(T0 + 2_000, List.of(new Transition(AlertState.PENDING, down)), List.of(down)));
        assertThat(pushed.current())
                .extracting(LocalAlert::key, LocalAlert::isFiring)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("HostDown" + other.canonical(), true),
                        org.assertj.core.groups.Tuple.tuple("GpuHot" + LABELS.canonical(), false));
    }
}
