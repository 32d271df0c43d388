package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.ExitCodes;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.testsupport.LoopbackServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the provider to the report: {@code intensity-fetch} stores Electricity Maps' hours (a local stub serving the
 * documented past-range shape) and {@code report} charges each hour's energy with that hour's intensity.
 */
class IntensityCommandTest {
    static final String TOKEN = "em-secret-7f3a";
    static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void fetchedHoursAreStoredAndUsedHourByHourAndTheTokenIsNeverShown() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (HistoryStore store = HistoryStore.open(data)) {
            SeriesId energy = SeriesId.counter(
                    "gpu_energy_joules_total", Unit.JOULES, Labels.of("host", "lab-1", "gpu_uuid", "GPU-1"));
            for (int k = -1; k < 24 * 60; k++) {
                long t = DAY.toEpochMilli() + k * 60_000L;
                store.append(Snapshot.of("test", t, List.of(new Sample(energy, t, (k + 1) * 100.0 * 60))));
            }
            store.flush().get();
        }
        Path token = Files.writeString(tmp.resolve("em-token"), TOKEN + "\n");
        Path config = Files.writeString(tmp.resolve("accounting.toml"), """
                timezone = "UTC"
                [[site]]
                id = "lab"
                hosts = ["lab-*"]
                electricitymaps_zone = "DE"
                electricitymaps_token_file = "%s"
                """.formatted(token));
        AtomicInteger requests = new AtomicInteger();
        try (LoopbackServer em = new LoopbackServer()) {
            em.handle("/v3/carbon-intensity/past-range", ex -> {
                requests.incrementAndGet();
                if (!TOKEN.equals(ex.getRequestHeaders().getFirst("auth-token"))) {
                    LoopbackServer.respond(ex, 401, "application/json", "{\"message\":\"bad token\"}");
                    return;
                }
                String query = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                Instant start = Instant.parse(param(query, "start"));
                Instant end = Instant.parse(param(query, "end"));
                List<String> values = new ArrayList<>();
                for (Instant h = start; h.isBefore(end); h = h.plusSeconds(3600)) {
                    // 200 g/kWh before noon, 400 after
                    int g = h.atZone(java.time.ZoneOffset.UTC).getHour() < 12 ? 200 : 400;
                    values.add("{\"zone\":\"DE\",\"carbonIntensity\":" + g + ",\"datetime\":\""
                            + h.toString().replace("Z", ".000Z") + "\",\"updatedAt\":\"2026-11-19T10:39:53.914Z\","
                            + "\"createdAt\":\"2026-11-16T23:26:15.840Z\",\"emissionFactorType\":\"lifecycle\","
                            + "\"isEstimated\":false,\"estimationMethod\":null}");
                }
                LoopbackServer.respond(
                        ex,
                        200,
                        "application/json",
                        "{\"zone\":\"DE\",\"data\":[" + String.join(",", values)
                                + "],\"temporalGranularity\":\"hourly\"}");
            });
            String[] fetch = {
                "intensity-fetch",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-03",
                "--data-dir",
                data.toString(),
                "--config",
                config.toString(),
                "--base-url",
                em.uri("/").toString()
            };
            CliTest.Result first = CliTest.run(fetch);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("site lab (DE): 24 hours, 0 already stored, 24 fetched, 24 stored");
            int asked = requests.get();
            CliTest.Result again = CliTest.run(fetch);
            assertThat(again.out()).contains("24 already stored, 0 fetched");
            assertThat(requests.get()).isEqualTo(asked);
            assertThat(first.out() + first.err() + again.out() + again.err()).doesNotContain(TOKEN);
        }
        // offline now: the stored hours are what the report uses
        CliTest.Result report = CliTest.run(
                "report",
                "--from",
                "2026-11-02",
                "--to",
                "2026-11-03",
                "--group-by",
                "site",
                "--format",
                "csv",
                "--data-dir",
                data.toString(),
                "--config",
                config.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        // 0.1 kWh an hour: 12 h × 0.1 × 200 g + 12 h × 0.1 × 400 g = 720 g
        assertThat(report.out()).contains("lab,2.400,2.400,measured,100.0,0.720,");
        assertThat(report.out()).contains("Electricity Maps").doesNotContain(TOKEN);
    }

    @Test
    void aBadTokenIsAClearFailure() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("d2"));
        Path token = Files.writeString(tmp.resolve("t2"), "wrong\n");
        Path config = Files.writeString(tmp.resolve("a2.toml"), """
                [[site]]
                id = "lab"
                hosts = ["*"]
                electricitymaps_zone = "DE"
                electricitymaps_token_file = "%s"
                """.formatted(token));
        try (LoopbackServer em = new LoopbackServer()) {
            em.handle(
                    "/v3/carbon-intensity/past-range",
                    ex -> LoopbackServer.respond(ex, 401, "application/json", "{\"message\":\"bad token\"}"));
            CliTest.Result r = CliTest.run(
                    "intensity-fetch",
                    "--from",
                    "2026-11-02",
                    "--to",
                    "2026-11-03",
                    "--data-dir",
                    data.toString(),
                    "--config",
                    config.toString(),
                    "--base-url",
                    em.uri("/").toString());
            assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("site lab (DE):").doesNotContain("wrong");
        }
    }

    private static String param(String query, String name) {
        for (String p : query.split("&")) {
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + query);
    }
}
