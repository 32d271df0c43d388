package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.testsupport.LoopbackServer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Polling of Prometheus server sources against a loopback server that answers every query with an empty vector. */
class PrometheusServersTest {
    private LoopbackServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = LoopbackServer.serving("/", "application/json", """
                {"status":"success","data":{"resultType":"vector","result":[]}}""");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anUnexpectedFailureInAPollIsAVisibleStatusAndPollingGoesOn() throws Exception {
        List<CollectorStatus> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean broken = new AtomicBoolean(true);
        try (PrometheusServers servers = new PrometheusServers(Clock.systemUTC())) {
            servers.addStatusListener(status -> {
                if (status.state() == CollectorState.OK && broken.getAndSet(false)) {
                    throw new IllegalStateException("listener broke");
                }
                statuses.add(status);
            });
            servers.add(SourceSpec.of(
                    "fleet",
                    SourceSpec.Type.PROMETHEUS_SERVER,
                    "http://127.0.0.1:" + server.port(),
                    ScrapePreset.Kind.NODE_EXPORTER,
                    "1s",
                    SourceAuth.NONE,
                    false));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (statuses.stream().noneMatch(s -> s.state() == CollectorState.OK) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(statuses)
                .extracting(CollectorStatus::state)
                .containsSubsequence(CollectorState.STARTING, CollectorState.FAILED, CollectorState.OK);
        assertThat(statuses)
                .filteredOn(s -> s.state() == CollectorState.FAILED)
                .first()
                .satisfies(s -> {
                    assertThat(s.message()).isEqualTo("IllegalStateException: listener broke");
                    assertThat(s.consecutiveFailures()).isEqualTo(1);
                });
    }

    @Test
    void aSilentServerNeverDelaysAnotherServersPolls() throws Exception {
        List<CollectorStatus> fleet = new CopyOnWriteArrayList<>();
        try (LoopbackServer silent = new LoopbackServer();
                PrometheusServers servers = new PrometheusServers(Clock.systemUTC())) {
            silent.handle("/", ex -> {
                silent.hangUntilClosed(); // answers nothing within the source's 30 s timeout
                LoopbackServer.respond(ex, 503, "text/plain", "");
            });
            servers.addStatusListener(status -> {
                if (status.collectorId().equals(PrometheusServers.collectorId("fleet"))
                        && status.state() == CollectorState.OK) {
                    fleet.add(status);
                }
            });
            for (String id : List.of("silent", "fleet")) {
                servers.add(SourceSpec.of(
                        id,
                        SourceSpec.Type.PROMETHEUS_SERVER,
                        "http://127.0.0.1:" + (id.equals("silent") ? silent.port() : server.port()),
                        ScrapePreset.Kind.NODE_EXPORTER,
                        "1s",
                        SourceAuth.NONE,
                        false));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (fleet.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        // on one shared poll thread the silent server's first poll would hold it for its 30 s timeout
        assertThat(fleet).hasSizeGreaterThanOrEqualTo(3);
    }
}
