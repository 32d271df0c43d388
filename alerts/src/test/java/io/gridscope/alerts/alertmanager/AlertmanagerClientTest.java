package io.gridscope.alerts.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridscope.alerts.alertmanager.AlertmanagerClient.AlertQuery;
import io.gridscope.alerts.alertmanager.AlertmanagerException.Kind;
import io.gridscope.testsupport.LoopbackServer;
import io.gridscope.testsupport.ManualClock;
import io.gridscope.testsupport.SharedTestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertmanagerClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-09-18T22:30:00Z");

    private final ManualClock clock = new ManualClock(NOW.toEpochMilli());
    private LoopbackServer server;
    private final AtomicReference<String> method = new AtomicReference<>();
    private final AtomicReference<String> query = new AtomicReference<>();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(String path, int status, String json) {
        server.handle(path, ex -> {
            method.set(ex.getRequestMethod());
            query.set(ex.getRequestURI().getRawQuery());
            body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentType.set(ex.getRequestHeaders().getFirst("Content-Type"));
            authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
            LoopbackServer.respond(ex, status, status == 200 && json.isEmpty() ? null : "application/json", json);
        });
    }

    private AlertmanagerClient client() {
        return client(AlertmanagerAuth.none(), Duration.ofSeconds(5));
    }

    private AlertmanagerClient client(AlertmanagerAuth auth, Duration timeout) {
        return new AlertmanagerClient(
                AlertmanagerClient.Options.of(server.uri("/am")).withRequestTimeout(timeout), auth, clock);
    }

    private static String example(String name) throws IOException {
        Path dir = SharedTestData.require("testdata/alertmanager-api/constructed-examples");
        return Files.readString(dir.resolve(name));
    }

    // ---------------------------------------------------------------- requests

    @Test
    void pushPostsTheAlertsAsTheApiDescribesThem() throws Exception {
        answer("/am/api/v2/alerts", 200, "");
        OutgoingAlert alert = new OutgoingAlert(
                Map.of("alertname", "MonthlyGpuBudgetExceeded", "team", "ml-research"),
                Map.of("summary", "GPU spend passed 100% of the monthly budget"),
                Instant.parse("2024-09-18T22:00:00Z"),
                Instant.parse("2024-09-18T22:02:00.123456Z"),
                "https://console.example.internal/budgets/ml-research");
        try (AlertmanagerClient c = client()) {
            c.push(List.of(alert));
        }
        assertThat(method.get()).isEqualTo("POST");
        assertThat(contentType.get()).isEqualTo("application/json");
        JsonNode sent = JSON.readTree(body.get());
        assertThat(sent.isArray()).isTrue();
        assertThat(sent.get(0).get("labels").get("alertname").asText()).isEqualTo("MonthlyGpuBudgetExceeded");
        assertThat(sent.get(0).get("labels").get("team").asText()).isEqualTo("ml-research");
        assertThat(sent.get(0).get("annotations").get("summary").asText()).startsWith("GPU spend");
        assertThat(sent.get(0).get("startsAt").asText()).isEqualTo("2024-09-18T22:00:00.000Z");
        assertThat(sent.get(0).get("endsAt").asText()).isEqualTo("2024-09-18T22:02:00.123Z");
        assertThat(sent.get(0).get("generatorURL").asText())
                .isEqualTo("https://console.example.internal/budgets/ml-research");
    }

    @Test
    void anEmptyPushSendsNothing() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        server.handle("/", ex -> {
            hits.incrementAndGet();
            LoopbackServer.respond(ex, 200, null, "");
        });
        try (AlertmanagerClient c = client()) {
            c.push(List.of());
        }
        assertThat(hits).hasValue(0);
    }

    @Test
    void alertsAsksForEveryStateByDefaultAndForTheFlagsGiven() throws Exception {
        answer("/am/api/v2/alerts", 200, "[]");
        try (AlertmanagerClient c = client()) {
            assertThat(c.alerts()).isEmpty();
            assertThat(query.get()).isEqualTo("active=true&silenced=true&inhibited=true&unprocessed=true");
            c.alerts(new AlertQuery(true, false, false, true));
            assertThat(query.get()).isEqualTo("active=true&silenced=false&inhibited=false&unprocessed=true");
        }
    }

    @Test
    void createSilenceSendsMatchersAuthorAndCommentAndReturnsTheId() throws Exception {
        answer("/am/api/v2/silences", 200, example("post-api-v2-silences.response.json"));
        SilenceSpec spec = SilenceSpec.create(
                List.of(AmMatcher.equal("alertname", "GpuPowerNearLimit"), AmMatcher.equal("gpu", "0")),
                Instant.parse("2024-09-18T22:30:00Z"),
                Instant.parse("2024-09-18T23:30:00Z"),
                "alice",
                "looking into it");
        try (AlertmanagerClient c = client()) {
            assertThat(c.createSilence(spec)).isEqualTo("3d2c1b0a-9f8e-4d7c-b6a5-4a3b2c1d0e0f");
        }
        JsonNode sent = JSON.readTree(body.get());
        assertThat(sent.has("id")).isFalse();
        assertThat(sent.get("createdBy").asText()).isEqualTo("alice");
        assertThat(sent.get("comment").asText()).isEqualTo("looking into it");
        assertThat(sent.get("startsAt").asText()).isEqualTo("2024-09-18T22:30:00.000Z");
        assertThat(sent.get("endsAt").asText()).isEqualTo("2024-09-18T23:30:00.000Z");
        assertThat(sent.get("matchers")).hasSize(2);
        JsonNode m = sent.get("matchers").get(1);
        assertThat(m.get("name").asText()).isEqualTo("gpu");
        assertThat(m.get("value").asText()).isEqualTo("0");
        assertThat(m.get("isRegex").asBoolean()).isFalse();
        assertThat(m.get("isEqual").asBoolean()).isTrue();
    }

    @Test
    void extendingASilenceSendsItsIdStartAndMatchers() throws Exception {
        answer("/am/api/v2/silences", 200, "{\"silenceID\":\"abc\"}");
        AmSilence existing = new AmSilence(
                "abc",
                List.of(AmMatcher.equal("alertname", "X")),
                NOW.minusSeconds(60),
                NOW.plusSeconds(60),
                Optional.empty(),
                "alice",
                "c",
                AmSilence.State.ACTIVE);
        try (AlertmanagerClient c = client()) {
            assertThat(c.createSilence(SilenceSpec.extend(existing, NOW.plus(Duration.ofDays(7)))))
                    .isEqualTo("abc");
        }
        JsonNode sent = JSON.readTree(body.get());
        assertThat(sent.get("id").asText()).isEqualTo("abc");
        assertThat(sent.get("startsAt").asText()).isEqualTo("2024-09-18T22:29:00.000Z");
        assertThat(sent.get("endsAt").asText()).isEqualTo("2024-09-25T22:30:00.000Z");
    }

    @Test
    void expireSilenceTakesAnUnknownOrExpiredSilenceAsDone() throws Exception {
        AtomicReference<Integer> status = new AtomicReference<>(200);
        AtomicReference<String> reply = new AtomicReference<>("");
        server.handle("/am/api/v2/silence/", ex -> {
            method.set(ex.getRequestMethod());
            query.set(ex.getRequestURI().getPath());
            LoopbackServer.respond(ex, status.get(), "application/json", reply.get());
        });
        try (AlertmanagerClient c = client()) {
            assertThat(c.expireSilence("0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01")).isTrue();
            assertThat(method.get()).isEqualTo("DELETE");
            assertThat(query.get()).isEqualTo("/am/api/v2/silence/0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01");

            status.set(404);
            reply.set("\"silence not found\"");
            assertThat(c.expireSilence("0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01")).isFalse();

            status.set(500); // Alertmanager before 0.27 answers an unknown id so
            assertThat(c.expireSilence("0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01")).isFalse();

            reply.set("\"silence 0c1f already expired\"");
            assertThat(c.expireSilence("0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01")).isFalse();

            reply.set("\"disk full\"");
            assertThatThrownBy(() -> c.expireSilence("0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01"))
                    .isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
                        assertThat(e.httpStatus()).isEqualTo(500);
                        assertThat(e.getMessage()).endsWith("HTTP 500: disk full");
                    });
            assertThatThrownBy(() -> c.expireSilence("../status")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---------------------------------------------------------------- parsing

    @Test
    void alertsParseTheSpecExample() throws Exception {
        answer("/am/api/v2/alerts", 200, example("get-api-v2-alerts.json"));
        List<AmAlert> alerts;
        try (AlertmanagerClient c = client()) {
            alerts = c.alerts();
        }
        assertThat(alerts).hasSize(2);
        AmAlert power = alerts.get(0);
        assertThat(power.fingerprint()).isEqualTo("2c5b2f0b4b6c1e9d");
        assertThat(power.name()).isEqualTo("GpuPowerNearLimit");
        assertThat(power.labels()).containsEntry("instance", "gpu-node-1:9400").hasSize(5);
        assertThat(power.annotations()).containsKey("runbook_url");
        assertThat(power.startsAt()).isEqualTo(Instant.parse("2024-09-18T22:00:15.123Z"));
        assertThat(power.endsAt()).isEqualTo(Instant.parse("2024-09-18T22:19:15.123Z"));
        assertThat(power.updatedAt()).contains(Instant.parse("2024-09-18T22:15:15.456Z"));
        assertThat(power.state()).isEqualTo(AmAlert.State.ACTIVE);
        assertThat(power.receivers()).containsExactly("finops-team");
        assertThat(power.generatorUrl()).startsWith("http://prometheus.example.internal:9090/graph");
        AmAlert down = alerts.get(1);
        assertThat(down.state()).isEqualTo(AmAlert.State.SUPPRESSED);
        assertThat(down.silencedBy()).containsExactly("0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01");
        assertThat(down.silenced()).isTrue();
    }

    @Test
    void alertsToleratesOlderAndNewerServers() throws Exception {
        // 0.27 has no mutedBy; updatedAt, receivers, generatorURL, annotations left out; unknown fields; an offset
        answer("/am/api/v2/alerts", 200, """
                [{"labels":{"alertname":"X","gpu":"0"},
                  "startsAt":"2024-09-19T00:00:00.5+02:00","endsAt":"2024-09-18T23:00:00Z",
                  "status":{"state":"unprocessed","silencedBy":[],"inhibitedBy":["ffff000011112222"]},
                  "someFutureField":{"nested":[1,2,3]}}]""");
        List<AmAlert> alerts;
        try (AlertmanagerClient c = client()) {
            alerts = c.alerts();
        }
        AmAlert a = alerts.getFirst();
        assertThat(a.fingerprint())
                .as("computed from the labels when the server omits it")
                .isEqualTo("24a5775b09bed194");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2024-09-18T22:00:00.500Z"));
        assertThat(a.updatedAt()).isEmpty();
        assertThat(a.annotations()).isEmpty();
        assertThat(a.receivers()).isEmpty();
        assertThat(a.generatorUrl()).isEmpty();
        assertThat(a.state()).isEqualTo(AmAlert.State.UNPROCESSED);
        assertThat(a.inhibitedBy()).containsExactly("ffff000011112222");
    }

    @Test
    void silencesParseTheSpecExampleWithCreatorsAndComments() throws Exception {
        answer("/am/api/v2/silences", 200, example("get-api-v2-silences.json"));
        List<AmSilence> silences;
        try (AlertmanagerClient c = client()) {
            silences = c.silences();
        }
        assertThat(silences).hasSize(2);
        AmSilence s = silences.get(0);
        assertThat(s.id()).isEqualTo("0c1f7d6e-8a4b-4f3e-9d2a-5b6c7d8e9f01");
        assertThat(s.createdBy()).isEqualTo("alice");
        assertThat(s.comment()).isEqualTo("Planned maintenance of cpu-node-7");
        assertThat(s.state()).isEqualTo(AmSilence.State.ACTIVE);
        assertThat(s.matchers())
                .containsExactly(
                        AmMatcher.equal("instance", "cpu-node-7:9100"),
                        new AmMatcher("alertname", "TargetDown|NodeFilesystemAlmostFull", true, true));
        assertThat(silences.get(1).state()).isEqualTo(AmSilence.State.EXPIRED);
        assertThat(silences.get(1).matchers().getFirst().isEqual()).isFalse();
    }

    @Test
    void silencesOfOldServersMissIsEqualAndStateWhichAreInferred() throws Exception {
        answer("/am/api/v2/silences", 200, """
                [{"id":"a","matchers":[{"name":"job","value":"node","isRegex":false}],
                  "startsAt":"2024-09-18T22:00:00Z","endsAt":"2024-09-18T23:00:00Z","createdBy":"bob","comment":"x"},
                 {"id":"b","matchers":[{"name":"job","value":"node","isRegex":false}],
                  "startsAt":"2024-09-18T23:00:00Z","endsAt":"2024-09-19T00:00:00Z","createdBy":"bob","comment":"x",
                  "status":{"state":"someNewState"}},
                 {"id":"c","matchers":[{"name":"job","value":"node","isRegex":false}],
                  "startsAt":"2024-09-18T20:00:00Z","endsAt":"2024-09-18T21:00:00Z"}]""");
        List<AmSilence> silences;
        try (AlertmanagerClient c = client()) {
            silences = c.silences();
        }
        assertThat(silences.get(0).matchers().getFirst().isEqual()).isTrue();
        assertThat(silences)
                .extracting(AmSilence::state)
                .containsExactly(AmSilence.State.ACTIVE, AmSilence.State.PENDING, AmSilence.State.EXPIRED);
        assertThat(silences.get(2).createdBy()).isEmpty();
        assertThat(silences.get(2).comment()).isEmpty();
    }

    @Test
    void malformedAnswersAreTypedFailures() throws Exception {
        AtomicReference<String> reply = new AtomicReference<>();
        server.handle("/am/api/v2/", ex -> LoopbackServer.respond(ex, 200, "application/json", reply.get()));
        try (AlertmanagerClient c = client()) {
            for (String bad : List.of(
                    "<html>maintenance</html>",
                    "{\"alerts\":[]}",
                    "[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"yesterday\",\"endsAt\":\"2024-09-18T23:00:00Z\"}]",
                    "[{\"labels\":{\"a\":\"b\"},\"endsAt\":\"2024-09-18T23:00:00Z\"}]",
                    "[{\"startsAt\":\"2024-09-18T22:00:00Z\",\"endsAt\":\"2024-09-18T23:00:00Z\"}]",
                    "[42]",
                    "")) {
                reply.set(bad);
                assertThatThrownBy(c::alerts)
                        .as(bad)
                        .isInstanceOfSatisfying(
                                AlertmanagerException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
            }
            reply.set("{\"status\":\"ok\"}");
            assertThatThrownBy(() -> c.createSilence(SilenceSpec.create(
                            List.of(AmMatcher.equal("a", "b")), NOW, NOW.plusSeconds(60), "me", "c")))
                    .isInstanceOfSatisfying(
                            AlertmanagerException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
        }
    }

    // ---------------------------------------------------------------- failures

    @Test
    void anErrorStatusCarriesWhatTheBodySaysTrimmed() throws Exception {
        AtomicInteger status = new AtomicInteger(400);
        AtomicReference<String> reply = new AtomicReference<>(example("error-400.json"));
        server.handle(
                "/am/api/v2/silences", ex -> LoopbackServer.respond(ex, status.get(), "application/json", reply.get()));
        SilenceSpec spec = SilenceSpec.create(List.of(AmMatcher.equal("a", "b")), NOW, NOW.plusSeconds(60), "me", "c");
        try (AlertmanagerClient c = client()) {
            assertThatThrownBy(() -> c.createSilence(spec)).isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.refused()).isTrue();
                assertThat(e.getMessage())
                        .isEqualTo("Alertmanager answered POST /api/v2/silences with HTTP 400:"
                                + " bad matcher format: alertname=~");
            });
            status.set(422);
            reply.set("{\"code\":612,\"message\":\"matchers in body should have at least 1 items\"}");
            assertThatThrownBy(() -> c.createSilence(spec))
                    .hasMessageEndingWith("HTTP 422: matchers in body should have at least 1 items");
            status.set(502);
            reply.set("<html>\n<body>" + "bad gateway ".repeat(100) + "</body></html>");
            assertThatThrownBy(() -> c.createSilence(spec)).isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                assertThat(e.refused()).isFalse();
                assertThat(e.getMessage())
                        .doesNotContain("\n")
                        .hasSizeLessThan(320)
                        .endsWith("…");
            });
        }
    }

    @Test
    void anUnreachableAlertmanagerIsTyped() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + LoopbackServer.closedPort() + "/");
        try (AlertmanagerClient c =
                new AlertmanagerClient(AlertmanagerClient.Options.of(closed), AlertmanagerAuth.none(), clock)) {
            assertThatThrownBy(c::alerts).isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.getMessage()).startsWith("cannot connect to Alertmanager at 127.0.0.1:");
            });
        }
    }

    @Test
    void aHangingAlertmanagerTimesOut() throws Exception {
        server.handle("/am/api/v2/alerts", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("[".getBytes(StandardCharsets.UTF_8));
                out.flush();
                server.hangUntilClosed();
            }
        });
        long started = System.nanoTime();
        try (AlertmanagerClient c = client(AlertmanagerAuth.none(), Duration.ofMillis(300))) {
            assertThatThrownBy(c::alerts).isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("within 300 ms");
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerOverTheSizeCapIsNotReadFurther() throws Exception {
        // declared length over the cap
        server.handle(
                "/am/api/v2/alerts",
                ex -> LoopbackServer.respond(ex, 200, "application/json", "[" + "{\"x\":1},".repeat(1000) + "{}]"));
        // streamed without a length: stopped once past the cap, although the server would send far more
        AtomicInteger written = new AtomicInteger();
        server.handle("/am/api/v2/silences", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = "{\"x\":1},".repeat(512).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = ex.getResponseBody()) {
                out.write('[');
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                    out.flush();
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // the client hung up: what the test wants
            }
        });
        try (AlertmanagerClient c = new AlertmanagerClient(
                AlertmanagerClient.Options.of(server.uri("/am")).withMaxResponseBytes(4096),
                AlertmanagerAuth.none(),
                clock)) {
            assertThatThrownBy(c::alerts).isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
                assertThat(e.getMessage()).contains("larger than 4096 bytes");
            });
            assertThatThrownBy(c::silences)
                    .isInstanceOfSatisfying(
                            AlertmanagerException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE));
        }
        assertThat(written.get()).isLessThan(100_000 * 4096);
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        AtomicInteger followed = new AtomicInteger();
        server.handle("/elsewhere/", ex -> {
            followed.incrementAndGet();
            LoopbackServer.respond(ex, 200, "application/json", "[]");
        });
        server.handle("/am/api/v2/alerts", ex -> {
            ex.getResponseHeaders()
                    .set("Location", server.uri("/elsewhere/api/v2/alerts").toString());
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        try (AlertmanagerClient c = client(AlertmanagerAuth.bearer("s3cret".toCharArray()), Duration.ofSeconds(5))) {
            assertThatThrownBy(c::alerts).isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
                assertThat(e.httpStatus()).isEqualTo(302);
                assertThat(e.getMessage())
                        .contains("redirect to http://127.0.0.1:")
                        .contains("not followed");
            });
        }
        assertThat(followed).hasValue(0);
    }

    // ---------------------------------------------------------------- credentials

    @Test
    void aBearerTokenIsSentButNeverShown() throws Exception {
        char[] token = "s3cr3t-t0ken".toCharArray();
        AlertmanagerAuth auth = AlertmanagerAuth.bearer(token);
        java.util.Arrays.fill(token, 'x'); // the caller wipes its copy
        answer("/am/api/v2/alerts", 401, "\"invalid token s3cr3t-t0ken\"");
        try (AlertmanagerClient c = client(auth, Duration.ofSeconds(5))) {
            assertThatThrownBy(c::alerts).isInstanceOfSatisfying(AlertmanagerException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.getMessage()).doesNotContain("s3cr3t").contains("[secret]");
            });
            assertThat(authorization.get()).isEqualTo("Bearer s3cr3t-t0ken");
            assertThat(c.toString()).doesNotContain("s3cr3t");
        }
        assertThat(auth.toString()).doesNotContain("s3cr3t");
        auth.clear();
        assertThat(auth.authorizationHeader().orElseThrow()).doesNotContain("s3cr3t");
    }

    @Test
    void basicAuthenticationIsSentButThePasswordNeverShown() throws Exception {
        AlertmanagerAuth auth = AlertmanagerAuth.basic("oncall", "pässword".toCharArray());
        answer("/am/api/v2/silences", 200, "[]");
        try (AlertmanagerClient c = client(auth, Duration.ofSeconds(5))) {
            c.silences();
            assertThat(c.toString()).contains("oncall").doesNotContain("pässword");
        }
        assertThat(authorization.get())
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString("oncall:pässword".getBytes(StandardCharsets.UTF_8)));
        assertThat(auth.toString()).doesNotContain("pässword");
        assertThatThrownBy(() -> AlertmanagerAuth.basic("a:b", new char[] {'x'}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertmanagerAuth.bearer("two words".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBaseUrlIsCheckedAndItsRoutePrefixKept() {
        assertThat(AlertmanagerClient.Options.of(URI.create("https://am.example.internal/alertmanager"))
                        .baseUrl())
                .hasToString("https://am.example.internal/alertmanager/");
        assertThat(AlertmanagerClient.Options.of(URI.create("http://127.0.0.1:9093"))
                        .baseUrl())
                .hasToString("http://127.0.0.1:9093/");
        for (String bad : List.of("ftp://am/", "http://user:pw@am/", "am.example.internal:9093", "http://am/?x=1")) {
            assertThatThrownBy(() -> AlertmanagerClient.Options.of(URI.create(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
