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
}
