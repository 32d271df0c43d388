package io.gridscope.reports.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.gridscope.testsupport.LoopbackServer;
import io.gridscope.testsupport.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElectricityMapsClientTest {
    private static final String TOKEN = "s3cr3t-T0ken";
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    private LoopbackServer server;
    private final ManualClock clock =
            new ManualClock(Instant.parse("2026-11-20T12:00:00Z").toEpochMilli());
    /** Query parameters of every request the stub saw, in order. */
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    private final List<String> tokens = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ElectricityMapsClient client(ProviderToken token) {
        return new ElectricityMapsClient(
                token,
                ElectricityMapsClient.Options.defaults()
                        .withBaseUrl(server.uri("/"))
                        .withRequestTimeout(Duration.ofSeconds(5)),
                clock);
    }

    private ElectricityMapsClient client() {
        return client(ProviderToken.typed(TOKEN));
    }

    private Map<String, String> record(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        for (String kv : raw == null ? new String[0] : raw.split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        requests.add(q);
        tokens.add(String.valueOf(ex.getRequestHeaders().getFirst("auth-token")));
        return q;
    }

    private void answer(String path, int status, String body) {
        server.handle(path, ex -> {
            record(ex);
            LoopbackServer.respond(ex, status, "application/json", body);
        });
    }

    /** One value as the API documents it. */
    private static String value(String zone, Instant hour, Object intensity, boolean estimated) {
        return """
                {"zone":"%s","carbonIntensity":%s,"datetime":"%s","updatedAt":"2026-11-19T10:39:53.914Z",\
                "createdAt":"2026-11-16T23:26:15.840Z","emissionFactorType":"lifecycle","isEstimated":%s,\
                "estimationMethod":%s}""".formatted(
                        zone,
                        intensity,
                        hour.toString().replace("Z", ".000Z"),
                        estimated,
                        estimated ? "\"TIME_SLICER_AVERAGE\"" : "null");
    }

    /** A past-range stub that answers every hour of the asked range, and the end hour as well (as if inclusive). */
    private void pastRangeServingEveryHour() {
        server.handle("/v3/carbon-intensity/past-range", ex -> {
            Map<String, String> q = record(ex);
            Instant start = Instant.parse(q.get("start"));
            Instant end = Instant.parse(q.get("end"));
            List<String> values = new ArrayList<>();
            for (Instant h = start; !h.isAfter(end); h = h.plusSeconds(3600)) {
                values.add(value(q.get("zone"), h, h.getEpochSecond() / 3600 % 500, false));
            }
            LoopbackServer.respond(
                    ex,
                    200,
                    "application/json",
                    "{\"zone\":\"" + q.get("zone") + "\",\"data\":[" + String.join(",", values)
                            + "],\"temporalGranularity\":\"hourly\"}");
        });
    }

    @Test
    void pastRangeReadsTheDocumentedShapeAndSendsTheToken() throws Exception {
        answer(
                "/v3/carbon-intensity/past-range",
                200,
                "{\"zone\":\"DE\",\"data\":["
                        + value("DE", T0.plusSeconds(3600), 322, true) + ","
                        + value("DE", T0, 301.5, false) + ","
                        + value("DE", T0.plusSeconds(7200), "null", true) + "],\"temporalGranularity\":\"hourly\"}");
        List<HourlyIntensity> hours;
        try (ElectricityMapsClient c = client()) {
            hours = c.pastRange("DE", T0.plusSeconds(60), T0.plusSeconds(3 * 3600), IntensityScope.LIFECYCLE);
        }
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst())
                .containsEntry("zone", "DE")
                .containsEntry("start", "2026-11-01T00:00:00Z")
                .containsEntry("end", "2026-11-01T03:00:00Z")
                .containsEntry("emissionFactorType", "lifecycle");
        assertThat(tokens).containsExactly(TOKEN);
        // oldest first; the hour without data (carbonIntensity null) is left out
        assertThat(hours).hasSize(2);
        HourlyIntensity first = hours.getFirst();
        assertThat(first.hour()).isEqualTo(T0);
        assertThat(first.gramsPerKwh()).isEqualTo(301.5);
        assertThat(first.estimated()).isFalse();
        assertThat(first.estimationMethod()).isEmpty();
        assertThat(first.scope()).isEqualTo(IntensityScope.LIFECYCLE);
        assertThat(first.updatedAt()).contains(Instant.parse("2026-11-19T10:39:53.914Z"));
        assertThat(hours.get(1).estimated()).isTrue();
        assertThat(hours.get(1).estimationMethod()).contains("TIME_SLICER_AVERAGE");
    }

    @Test
    void longRangesArePagedTenDaysAtATimeWithoutRepeatingAnHour() throws Exception {
        pastRangeServingEveryHour();
        List<List<HourlyIntensity>> pages = new ArrayList<>();
        try (ElectricityMapsClient c = client()) {
            c.pastRange("DE", T0, T0.plus(Duration.ofHours(600)), IntensityScope.LIFECYCLE, pages::add);
        }
        assertThat(requests)
                .extracting(q -> q.get("start") + ".." + q.get("end"))
                .containsExactly(
                        "2026-11-01T00:00:00Z..2026-11-11T00:00:00Z",
                        "2026-11-11T00:00:00Z..2026-11-21T00:00:00Z",
                        "2026-11-21T00:00:00Z..2026-11-26T00:00:00Z");
        assertThat(pages).extracting(List::size).containsExactly(240, 240, 120);
        List<Instant> all =
                pages.stream().flatMap(List::stream).map(HourlyIntensity::hour).toList();
        assertThat(all).doesNotHaveDuplicates().hasSize(600).isSorted();
        assertThat(all.getLast()).isEqualTo(T0.plus(Duration.ofHours(599)));
    }

    @Test
    void rangesLongerThanOneCallMayAskForAreRefusedBeforeSending() {
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.pastRange("DE", T0, T0.plus(Duration.ofDays(401)), IntensityScope.LIFECYCLE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a range of 401 d is longer than the 400 d one call may ask for");
            assertThatThrownBy(() -> c.pastRange("DE", T0, T0.plusSeconds(3600), IntensityScope.UNSPECIFIED))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.pastRange("DE&x=1", T0, T0.plusSeconds(3600), IntensityScope.LIFECYCLE))
                    .hasMessageContaining("not an Electricity Maps zone key");
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void historyGivesTheLast24Hours() throws Exception {
        answer(
                "/v3/carbon-intensity/history",
                200,
                "{\"zone\":\"FR\",\"history\":[" + value("FR", T0, 40, false) + ","
                        + value("FR", T0.plusSeconds(3600), 41, true) + "]}");
        List<HourlyIntensity> hours;
        try (ElectricityMapsClient c = client()) {
            hours = c.recent("FR", IntensityScope.LIFECYCLE);
        }
        assertThat(requests.getFirst()).containsEntry("zone", "FR").containsEntry("emissionFactorType", "lifecycle");
        assertThat(hours).extracting(HourlyIntensity::gramsPerKwh).containsExactly(40.0, 41.0);
    }

    @Test
    void aRefusedTokenIsReportedWithoutShowingIt() {
        answer("/v3/carbon-intensity/history", 401, "{\"message\":\"Invalid token " + TOKEN + "\"}");
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOfSatisfying(ProviderException.Unauthorized.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.getMessage())
                                .isEqualTo("Electricity Maps refused the token (HTTP 401: Invalid token [token]);"
                                        + " check the token and that its plan covers zone DE")
                                .doesNotContain(TOKEN);
                    });
            assertThat(c.toString()).doesNotContain(TOKEN).contains("token typed in this session");
        }
        server.handle("/v3/carbon-intensity/past-range", ex -> {
            record(ex);
            LoopbackServer.respond(ex, 403, "text/plain", "Access denied\n");
        });
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.pastRange("DE", T0, T0.plusSeconds(3600), IntensityScope.LIFECYCLE))
                    .isInstanceOf(ProviderException.Unauthorized.class)
                    .hasMessageContaining("(HTTP 403: Access denied)");
        }
    }

    @Test
    void anUnknownZoneIsReportedAsSuch() {
        answer("/v3/carbon-intensity/history", 404, "{\"status\":\"error\",\"message\":\"Zone 'XX' does not exist.\"}");
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.recent("XX", IntensityScope.LIFECYCLE))
                    .isInstanceOfSatisfying(
                            ProviderException.UnknownZone.class,
                            e -> assertThat(e.getMessage())
                                    .isEqualTo(
                                            "Electricity Maps refused the request for zone XX (HTTP 404: Zone 'XX' does"
                                                    + " not exist.); check the zone key"));
        }
        answer("/v3/carbon-intensity/past-range", 400, "{\"error\":\"bad zone\"}");
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.pastRange("XX", T0, T0.plusSeconds(3600), IntensityScope.DIRECT))
                    .isInstanceOf(ProviderException.UnknownZone.class)
                    .hasMessageContaining("HTTP 400: bad zone");
        }
    }

    @Test
    void retryAfterIsReportedAndNoRequestIsSentBeforeIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.handle("/v3/carbon-intensity/history", ex -> {
            record(ex);
            if (calls.incrementAndGet() == 1) {
                ex.getResponseHeaders().set("Retry-After", "120");
                LoopbackServer.respond(ex, 429, "application/json", "{\"message\":\"Too many requests\"}");
            } else {
                LoopbackServer.respond(ex, 200, "application/json", "{\"zone\":\"DE\",\"history\":[]}");
            }
        });
        Instant now = clock.instant();
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOfSatisfying(ProviderException.RateLimited.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(429);
                        assertThat(e.retryAt()).contains(now.plusSeconds(120));
                        assertThat(e.retryAfter(now)).contains(Duration.ofSeconds(120));
                        assertThat(e.getMessage())
                                .isEqualTo("Electricity Maps rate limit reached (HTTP 429: Too many requests); retry"
                                        + " after 2 min");
                    });
            clock.advance(Duration.ofSeconds(30));
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOfSatisfying(ProviderException.RateLimited.class, e -> {
                        assertThat(e.httpStatus()).isZero();
                        assertThat(e.getMessage())
                                .isEqualTo("Electricity Maps asked to wait until 2026-11-20T12:02:00Z (rate limit;"
                                        + " 1 min 30 s left); request not sent");
                    });
            assertThat(calls).hasValue(1);
            clock.advance(Duration.ofSeconds(90));
            assertThat(c.recent("DE", IntensityScope.LIFECYCLE)).isEmpty();
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        Instant at = clock.instant().plusSeconds(45);
        server.handle("/v3/carbon-intensity/history", ex -> {
            record(ex);
            ex.getResponseHeaders()
                    .set("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)));
            LoopbackServer.respond(ex, 429, "text/plain", "");
        });
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOfSatisfying(ProviderException.RateLimited.class, e -> {
                        assertThat(e.retryAt()).contains(at);
                        assertThat(e.getMessage()).endsWith("(HTTP 429); retry after 45 s");
                    });
        }
    }

    @Test
    void serverFailuresTimeoutsAndRefusedConnectionsHaveTheirOwnTypes() throws Exception {
        answer("/v3/carbon-intensity/history", 503, "<html><body>Service\nUnavailable</body></html>");
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOf(ProviderException.ServerError.class)
                    .hasMessage("Electricity Maps failed (HTTP 503: <html><body>Service Unavailable</body></html>);"
                            + " try again later");
        }
        server.handle("/v3/carbon-intensity/past-range", ex -> {
            server.hangUntilClosed();
            LoopbackServer.respond(ex, 200, "application/json", "{}");
        });
        long started = System.nanoTime();
        try (ElectricityMapsClient c = new ElectricityMapsClient(
                ProviderToken.typed(TOKEN),
                ElectricityMapsClient.Options.defaults()
                        .withBaseUrl(server.uri("/"))
                        .withRequestTimeout(Duration.ofMillis(300)),
                clock)) {
            assertThatThrownBy(() -> c.pastRange("DE", T0, T0.plusSeconds(3600), IntensityScope.LIFECYCLE))
                    .isInstanceOf(ProviderException.Timeout.class)
                    .hasMessage("no complete answer from Electricity Maps within 300 ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

        int closed = LoopbackServer.closedPort();
        try (ElectricityMapsClient c = new ElectricityMapsClient(
                ProviderToken.typed(TOKEN),
                ElectricityMapsClient.Options.defaults().withBaseUrl(URI.create("http://127.0.0.1:" + closed + "/")),
                clock)) {
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOf(ProviderException.Unreachable.class)
                    .hasMessageStartingWith("cannot connect to 127.0.0.1: ConnectException");
        }
    }

    @Test
    void unusableAnswersAreRefusedAsBadResponses() {
        Map<String, String> bodies = new HashMap<>();
        bodies.put("{\"zone\":\"DE\",\"data\":", "the answer from Electricity Maps is not JSON: ");
        bodies.put("<html>oops</html>", "the answer from Electricity Maps is not JSON: ");
        bodies.put("{\"zone\":\"DE\"}", "unusable answer from Electricity Maps: the answer has no 'data' list");
        bodies.put("[]", "unusable answer from Electricity Maps: the answer has no 'data' list");
        bodies.put(
                "{\"zone\":\"FR\",\"data\":[]}",
                "unusable answer from Electricity Maps: the answer is for zone FR, not DE");
        bodies.put(
                "{\"data\":[" + value("DE", T0.plusSeconds(60), 300, false) + "]}",
                "unusable answer from Electricity Maps: data[0].datetime 2026-11-01T00:01:00Z is not the start of an"
                        + " hour: expected hourly values");
        bodies.put(
                "{\"data\":[" + value("DE", T0, -3, false) + "]}",
                "unusable answer from Electricity Maps: data[0].carbonIntensity is not a number of g/kWh, not"
                        + " negative: -3");
        bodies.put(
                "{\"data\":[" + value("DE", T0, "\"high\"", false) + "]}",
                "unusable answer from Electricity Maps: data[0].carbonIntensity is not a number of g/kWh, not"
                        + " negative: \"high\"");
        bodies.put(
                "{\"data\":[" + value("DE", T0, 3, false).replace("lifecycle", "direct") + "]}",
                "unusable answer from Electricity Maps: data[0] has emissionFactorType direct where lifecycle was"
                        + " asked");
        bodies.put(
                "{\"data\":[" + value("DE", T0, 3, false) + "," + value("DE", T0, 4, false) + "]}",
                "unusable answer from Electricity Maps: hour 2026-11-01T00:00:00Z is given twice");
        bodies.put(
                "{\"data\":[{\"carbonIntensity\":3}]}",
                "unusable answer from Electricity Maps: data[0] has no" + " datetime");
        bodies.put(
                "{\"data\":[{\"datetime\":\"yesterday\",\"carbonIntensity\":3}]}",
                "unusable answer from Electricity Maps: data[0].datetime is not an ISO-8601 time: yesterday");
        bodies.put("", "empty answer from Electricity Maps");
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            server.handle("/v3/carbon-intensity/past-range", ex -> {
                record(ex);
                LoopbackServer.respond(ex, 200, "application/json", e.getKey());
            });
            try (ElectricityMapsClient c = client()) {
                assertThatThrownBy(() -> c.pastRange("DE", T0, T0.plusSeconds(3600), IntensityScope.LIFECYCLE))
                        .as(e.getKey())
                        .isInstanceOf(ProviderException.BadResponse.class)
                        .hasMessageStartingWith(e.getValue());
            }
            server.close();
            try {
                server = new LoopbackServer();
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        }
    }

    @Test
    void oversizeBodiesAreRefusedWhetherDeclaredOrStreamed() {
        byte[] big = ("{\"zone\":\"DE\",\"history\":[],\"pad\":\"" + "x".repeat(5000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        server.handle("/v3/carbon-intensity/history", ex -> {
            record(ex);
            ex.sendResponseHeaders(200, big.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(big);
            }
        });
        server.handle("/chunked/v3/carbon-intensity/history", ex -> {
            record(ex);
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(big);
                }
            }
        });
        for (String base : List.of("/", "/chunked/")) {
            try (ElectricityMapsClient c = new ElectricityMapsClient(
                    ProviderToken.typed(TOKEN),
                    ElectricityMapsClient.Options.defaults()
                            .withBaseUrl(server.uri(base))
                            .withMaxResponseBytes(4096),
                    clock)) {
                assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                        .as(base)
                        .isInstanceOf(ProviderException.BadResponse.class)
                        .hasMessage("the answer from Electricity Maps is larger than 4096 bytes");
            }
        }
        assertThat(requests).hasSize(2);
    }

    @Test
    void redirectsAreNotFollowedSoTheTokenStaysWithTheApi() {
        AtomicInteger elsewhere = new AtomicInteger();
        server.handle("/elsewhere", ex -> {
            elsewhere.incrementAndGet();
            LoopbackServer.respond(ex, 200, "application/json", "{\"zone\":\"DE\",\"history\":[]}");
        });
        server.handle("/v3/carbon-intensity/history", ex -> {
            record(ex);
            ex.getResponseHeaders().set("Location", server.uri("/elsewhere").toString());
            LoopbackServer.respond(ex, 302, null, "");
        });
        try (ElectricityMapsClient c = client()) {
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOf(ProviderException.BadResponse.class)
                    .hasMessage("unexpected answer from Electricity Maps (HTTP 302)");
        }
        assertThat(elsewhere).hasValue(0);
    }

    @Test
    void tokensAreReadAtEachRequestAndNeverShown() throws Exception {
        answer("/v3/carbon-intensity/history", 200, "{\"zone\":\"DE\",\"history\":[]}");
        Path file = dir.resolve("em-token");
        Files.writeString(file, "first-token\n# anything after the first line is ignored\n");
        ProviderToken fromFile = ProviderToken.file(file);
        try (ElectricityMapsClient c = client(fromFile)) {
            c.recent("DE", IntensityScope.LIFECYCLE);
            Files.writeString(file, "  second-token  \n");
            c.recent("DE", IntensityScope.LIFECYCLE);
            assertThat(c.toString()).contains("token file " + file).doesNotContain("second-token");
        }
        assertThat(tokens).containsExactly("first-token", "second-token");

        Files.delete(file);
        try (ElectricityMapsClient c = client(fromFile)) {
            assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                    .isInstanceOf(ProviderException.TokenUnavailable.class)
                    .hasMessageStartingWith("cannot read the token file " + file + ": NoSuchFileException");
        }
        Files.writeString(file, "\n\n");
        assertThatThrownBy(fromFile::token).hasMessage("the token file " + file + " is empty");
        Files.write(file, new byte[ProviderToken.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(fromFile::token).hasMessage("the token file " + file + " is larger than 16384 bytes");

        for (String bad : List.of("", "two words", "tab\there", "caf\u00e9")) {
            try (ElectricityMapsClient c = client(ProviderToken.typed(bad))) {
                assertThatThrownBy(() -> c.recent("DE", IntensityScope.LIFECYCLE))
                        .as(bad)
                        .isInstanceOf(ProviderException.TokenUnavailable.class)
                        .satisfies(e -> {
                            if (!bad.isEmpty()) {
                                assertThat(e.getMessage()).doesNotContain(bad);
                            }
                        });
            }
        }
        assertThat(ProviderToken.typed(TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(tokens).hasSize(2);
    }

    @Test
    void baseUrlsMayHaveAPathAndMustBeHttp() throws Exception {
        answer("/proxy/em/v3/carbon-intensity/history", 200, "{\"zone\":\"DE\",\"history\":[]}");
        try (ElectricityMapsClient c = new ElectricityMapsClient(
                ProviderToken.typed(TOKEN),
                ElectricityMapsClient.Options.defaults().withBaseUrl(server.uri("/proxy/em")),
                clock)) {
            assertThat(c.recent("DE", IntensityScope.LIFECYCLE)).isEmpty();
        }
        assertThat(requests).hasSize(1);
        assertThatThrownBy(() -> ElectricityMapsClient.Options.defaults().withBaseUrl(URI.create("ftp://x/")))
                .hasMessageContaining("http(s) URL");
        assertThat(ElectricityMapsClient.Options.defaults()
                        .withBaseUrl(URI.create("http://h:1/api"))
                        .baseUrl())
                .isEqualTo(URI.create("http://h:1/api/"));
    }
}
