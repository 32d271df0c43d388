package io.gridscope.alerts.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridscope.alerts.engine.AlertInstance;
import io.gridscope.alerts.engine.AlertState;
import io.gridscope.alerts.engine.Evaluation;
import io.gridscope.alerts.engine.Transition;
import io.gridscope.alerts.service.AlertService;
import io.gridscope.alerts.service.AlertmanagerBridge;
import io.gridscope.alerts.service.PushedAlerts;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.LoopbackServer;
import io.gridscope.testsupport.PeerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local alert from the rule engine to the team's real Alertmanager ({@code /usr/bin/prometheus-alertmanager}) and
 * on to its receiver: the alert service evaluates a rule of a rules file whose {@code [alertmanager]} names that
 * Alertmanager, {@link PushedAlerts} collects what to push and {@link AlertmanagerBridge} pushes it. Firing, the alert
 * is listed by {@code /api/v2/alerts} with its labels and summary; resolved, Alertmanager receives it with its
 * {@code endsAt} (it notifies its webhook receiver "resolved", with that end) and lists it no more. Wall-clock time,
 * as real peers need. Skipped outside CI without the binary; fails under {@code CI=true}.
 */
class AlertmanagerPushEndToEndTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<JsonNode> notified = new CopyOnWriteArrayList<>();
    private LoopbackServer receiver;
    private RealAlertmanager am;
    private AlertService service;
    private AlertmanagerBridge bridge;
    private AlertmanagerClient raw;

    @AfterEach
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (service != null) {
            service.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (am != null) {
            am.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private void temperature(double celsius) {
        long now = CLOCK.millis();
        service.accept(Snapshot.of(
                "test",
                now,
                List.of(new Sample(
                        SeriesId.gauge("temp_celsius", Unit.CELSIUS, Labels.of("host", "gpu-01")), now, celsius))));
    }

    private Optional<AmAlert> listed() {
        try {
            return raw.alerts().stream().filter(a -> a.name().equals("GpuHot")).findFirst();
        } catch (AlertmanagerException e) {
            throw new AssertionError(e);
        }
    }

    private Optional<JsonNode> notification(String status) {
        return notified.stream()
                .flatMap(n ->
                        java.util.stream.StreamSupport.stream(n.path("alerts").spliterator(), false))
                .filter(a -> a.path("status").asText().equals(status))
                .filter(a -> a.path("labels").path("alertname").asText().equals("GpuHot"))
                .findFirst();
    }

    @Test
    void aFiringAlertReachesAlertmanagerWithItsLabelsAndSummaryAndItsResolutionWithItsEnd() throws Exception {
        receiver = new LoopbackServer().handle("/hook", ex -> {
            notified.add(JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            LoopbackServer.respond(ex, 200, "text/plain", "ok");
        });
        am = RealAlertmanager.startWithWebhook(dir.resolve("am"), receiver.uri("/hook"));
        raw = new AlertmanagerClient(AlertmanagerClient.Options.of(am.url()), AlertmanagerAuth.none(), CLOCK);

        Path data = Files.createDirectories(dir.resolve("data"));
        HistoryStore.open(data).close();
        Path rules = Files.writeString(data.resolve("alerts.toml"), """
                [packs]
                gpu = false
                host = false
                sources = false
                accounting = false

                [alertmanager]
                url = "%s"
                push_interval = "5s"

                [[rule]]
                name = "GpuHot"
                series = 'temp_celsius'
                op = ">"
                value = 80
                severity = "critical"
                summary = "{{ $labels.host }} at {{ $value }} °C"
                description = "a GPU above 80 °C throttles"
                runbook = "https://runbooks.example/gpu-hot"
                """.formatted(
                        "http://127.0.0.1:" + am.url().getPort()));
        service = new AlertService(data, rules, CLOCK, Duration.ofSeconds(1), List.of());
        service.open();
        assertThat(service.rules().problems()).isEmpty();
        PushedAlerts pushed = new PushedAlerts();
        service.addListener(pushed);
        List<Transition> transitions = new CopyOnWriteArrayList<>();
        service.addListener((Evaluation e) -> transitions.addAll(e.transitions()));
        bridge = AlertmanagerBridge.open(
                service.rules().alertmanager().orElseThrow(), data, CLOCK, "it", true, pushed::current);
        bridge.start();

        temperature(91);
        service.runOnce();
        AlertInstance fired = transitions.stream()
                .filter(t -> t.to() == AlertState.FIRING)
                .findFirst()
                .orElseThrow()
                .alert();
        PeerProcess.await(() -> listed().isPresent(), WAIT, "GpuHot in Alertmanager (" + am.logTail() + ")");
        AmAlert got = listed().orElseThrow();
        assertThat(got.labels())
                .containsEntry("alertname", "GpuHot")
                .containsEntry("host", "gpu-01")
                .containsEntry("severity", "critical");
        assertThat(got.annotations())
                .containsEntry("summary", "gpu-01 at 91 °C")
                .containsEntry("description", "a GPU above 80 °C throttles")
                .containsEntry("runbook_url", "https://runbooks.example/gpu-hot");
        assertThat(got.state()).isEqualTo(AmAlert.State.ACTIVE);
        assertThat(got.startsAt()).isEqualTo(Instant.ofEpochMilli(fired.firedAtMillis()));
        assertThat(got.endsAt()).as("a firing alert's end lies ahead").isAfter(CLOCK.instant());
        PeerProcess.await(() -> notification("firing").isPresent(), WAIT, "the firing notification");

        temperature(60);
        service.runOnce();
        AlertInstance resolved = transitions.stream()
                .filter(t -> t.to() == AlertState.RESOLVED)
                .findFirst()
                .orElseThrow()
                .alert();
        PeerProcess.await(
                () -> notification("resolved").isPresent(),
                WAIT,
                "the resolved notification (" + bridge.mirror().status().describe(CLOCK.instant()) + ")");
        JsonNode r = notification("resolved").orElseThrow();
        assertThat(Instant.parse(r.path("endsAt").asText()))
                .as("Alertmanager received the resolution with its end")
                .isEqualTo(Instant.ofEpochMilli(resolved.resolvedAtMillis()));
        assertThat(r.path("labels").path("host").asText()).isEqualTo("gpu-01");
        assertThat(r.path("annotations").path("summary").asText()).isEqualTo("gpu-01 at 91 °C");
        assertThat(listed()).as("a resolved alert is no longer listed").isEmpty();
    }
}
