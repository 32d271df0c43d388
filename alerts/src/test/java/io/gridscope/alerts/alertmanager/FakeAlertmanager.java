package io.gridscope.alerts.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.gridscope.testsupport.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An in-memory stand-in for Alertmanager's API v2 on a {@link LoopbackServer}, judged by the test's clock: alerts
 * are listed until their {@code endsAt}, silences mute matching alerts while active. It records every push, and can
 * be told to fail ({@link #failWith}) to play an outage.
 */
final class FakeAlertmanager implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received alert, as Alertmanager keeps it (merged by label set). */
    record Held(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt) {}

    record Silence(
            String id, List<AmMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {}

    private final LoopbackServer server;
    private final Clock clock;
    private final Map<String, Held> alerts = new LinkedHashMap<>();
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    /** Every push received, as the parsed JSON array. */
    final List<JsonNode> pushes = new ArrayList<>();

    final AtomicInteger requests = new AtomicInteger();
    /** Every {@code POST /api/v2/alerts} tried, failed ones included. */
    final AtomicInteger pushAttempts = new AtomicInteger();

    private volatile int failStatus;
    private volatile String failBody = "";
    private volatile String failPath;
    private volatile String failRetryAfter;

    FakeAlertmanager(Clock clock) throws IOException {
        this.clock = clock;
        this.server = new LoopbackServer().handle("/", this::handle);
    }

    URI url() {
        return server.uri("/");
    }

    /** Answers every request with {@code status} and {@code body} until {@link #recover()}. */
    void failWith(int status, String body) {
        failWith(status, body, null);
    }

    /** As {@link #failWith(int, String)}, with a {@code Retry-After} header of {@code retryAfter} unless null. */
    void failWith(int status, String body, String retryAfter) {
        failRetryAfter = retryAfter;
        failPath = null;
        failBody = body;
        failStatus = status;
    }

    /**
     * Answers the requests {@code methodAndPath} ({@code POST /api/v2/alerts}) alone with {@code status} and {@code
     * body} until {@link #recover()}.
     */
    void failOnly(String methodAndPath, int status, String body) {
        failRetryAfter = null;
        failPath = methodAndPath;
        failBody = body;
        failStatus = status;
    }

    void recover() {
        failStatus = 0;
    }

    synchronized List<JsonNode> pushes() {
        return List.copyOf(pushes);
    }

    synchronized Held alert(Map<String, String> labels) {
        return alerts.get(Acknowledgement.fingerprint(labels));
    }

    synchronized List<Silence> silences() {
        return List.copyOf(silences.values());
    }

    synchronized Silence silence(String id) {
        return silences.get(id);
    }

    /** A silence made elsewhere (amtool), active from now. */
    synchronized String addSilence(List<AmMatcher> matchers, Instant endsAt, String createdBy, String comment) {
        String id = UUID.randomUUID().toString();
        silences.put(id, new Silence(id, matchers, clock.instant(), endsAt, createdBy, comment));
        return id;
    }

    /** Alertmanager forgetting its alerts (as a restart does). */
    synchronized void forgetAlerts() {
        alerts.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        if (ex.getRequestMethod().equals("POST") && ex.getRequestURI().getPath().equals("/api/v2/alerts")) {
            pushAttempts.incrementAndGet();
        }
        String only = failPath;
        if (failStatus != 0
                && (only == null
                        || only.equals(
                                ex.getRequestMethod() + " " + ex.getRequestURI().getPath()))) {
            String retryAfter = failRetryAfter;
            if (retryAfter != null) {
                ex.getResponseHeaders().set("Retry-After", retryAfter);
            }
            LoopbackServer.respond(ex, failStatus, "application/json", failBody);
            return;
        }
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        byte[] body = ex.getRequestBody().readAllBytes();
        synchronized (this) {
            if (method.equals("POST") && path.equals("/api/v2/alerts")) {
                JsonNode array = JSON.readTree(body);
                pushes.add(array);
                for (JsonNode a : array) {
                    Map<String, String> labels = map(a.get("labels"));
                    Instant starts = Instant.parse(a.get("startsAt").asText());
                    Instant ends = Instant.parse(a.get("endsAt").asText());
                    Held old = alerts.get(Acknowledgement.fingerprint(labels));
                    if (old != null && old.startsAt().isBefore(starts)) {
                        starts = old.startsAt();
                    }
                    alerts.put(
                            Acknowledgement.fingerprint(labels),
                            new Held(labels, map(a.get("annotations")), starts, ends));
                }
                LoopbackServer.respond(ex, 200, null, "");
            } else if (method.equals("GET") && path.equals("/api/v2/alerts")) {
                LoopbackServer.respond(ex, 200, "application/json", alertsJson());
            } else if (method.equals("GET") && path.equals("/api/v2/silences")) {
                LoopbackServer.respond(ex, 200, "application/json", silencesJson());
            } else if (method.equals("POST") && path.equals("/api/v2/silences")) {
                JsonNode s = JSON.readTree(body);
                List<AmMatcher> matchers = new ArrayList<>();
                for (JsonNode m : s.get("matchers")) {
                    matchers.add(new AmMatcher(
                            m.get("name").asText(),
                            m.get("value").asText(),
                            m.get("isRegex").asBoolean(),
                            m.path("isEqual").asBoolean(true)));
                }
                Instant now = clock.instant();
                Instant starts = Instant.parse(s.get("startsAt").asText());
                String id = s.path("id").asText("");
                Silence prev = silences.get(id);
                if (prev != null
                        && prev.endsAt().isAfter(now)
                        && prev.matchers().equals(matchers)) {
                    silences.put(
                            id,
                            new Silence(
                                    id,
                                    matchers,
                                    prev.startsAt(),
                                    Instant.parse(s.get("endsAt").asText()),
                                    s.get("createdBy").asText(),
                                    s.get("comment").asText()));
                } else {
                    id = UUID.randomUUID().toString();
                    silences.put(
                            id,
                            new Silence(
                                    id,
                                    matchers,
                                    starts.isBefore(now) ? now : starts,
                                    Instant.parse(s.get("endsAt").asText()),
                                    s.get("createdBy").asText(),
                                    s.get("comment").asText()));
                }
                LoopbackServer.respond(ex, 200, "application/json", "{\"silenceID\":\"" + id + "\"}");
            } else if (method.equals("DELETE") && path.startsWith("/api/v2/silence/")) {
                String id = path.substring("/api/v2/silence/".length());
                Silence s = silences.get(id);
                if (s == null) {
                    LoopbackServer.respond(ex, 404, "application/json", "\"silence not found\"");
                } else {
                    Instant now = clock.instant();
                    if (s.endsAt().isAfter(now)) {
                        silences.put(id, new Silence(id, s.matchers(), s.startsAt(), now, s.createdBy(), s.comment()));
                    }
                    LoopbackServer.respond(ex, 200, null, "");
                }
            } else {
                LoopbackServer.respond(ex, 404, "text/plain", "no such endpoint");
            }
        }
    }

    private String alertsJson() {
        Instant now = clock.instant();
        ArrayNode out = JSON.createArrayNode();
        for (Map.Entry<String, Held> e : alerts.entrySet()) {
            Held h = e.getValue();
            if (!h.endsAt().isAfter(now)) {
                continue; // resolved: not listed
            }
            ObjectNode a = out.addObject();
            a.put("fingerprint", e.getKey());
            a.set("labels", JSON.valueToTree(h.labels()));
            a.set("annotations", JSON.valueToTree(h.annotations()));
            a.put("startsAt", h.startsAt().toString());
            a.put("endsAt", h.endsAt().toString());
            a.put("updatedAt", now.toString());
            a.putArray("receivers").addObject().put("name", "null");
            ArrayNode by = JSON.createArrayNode();
            for (Silence s : silences.values()) {
                if (active(s, now) && matches(s, h.labels())) {
                    by.add(s.id());
                }
            }
            ObjectNode status = a.putObject("status");
            status.put("state", by.isEmpty() ? "active" : "suppressed");
            status.set("silencedBy", by);
            status.putArray("inhibitedBy");
            status.set("mutedBy", by.deepCopy());
        }
        return out.toString();
    }

    private String silencesJson() {
        Instant now = clock.instant();
        ArrayNode out = JSON.createArrayNode();
        for (Silence s : silences.values()) {
            ObjectNode o = out.addObject();
            o.put("id", s.id());
            ArrayNode ms = o.putArray("matchers");
            for (AmMatcher m : s.matchers()) {
                ms.addObject()
                        .put("name", m.name())
                        .put("value", m.value())
                        .put("isRegex", m.isRegex())
                        .put("isEqual", m.isEqual());
            }
            o.put("startsAt", s.startsAt().toString());
            o.put("endsAt", s.endsAt().toString());
            o.put("updatedAt", now.toString());
            o.put("createdBy", s.createdBy());
            o.put("comment", s.comment());
            o.putObject("status")
                    .put(
                            "state",
                            !s.endsAt().isAfter(now) ? "expired" : s.startsAt().isAfter(now) ? "pending" : "active");
        }
        return out.toString();
    }

    private static boolean active(Silence s, Instant now) {
        return !s.startsAt().isAfter(now) && s.endsAt().isAfter(now);
    }

    private static boolean matches(Silence s, Map<String, String> labels) {
        for (AmMatcher m : s.matchers()) {
            String v = labels.getOrDefault(m.name(), "");
            boolean hit = m.isRegex() ? Pattern.matches(m.value(), v) : v.equals(m.value());
            if (hit != m.isEqual()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        if (n != null) {
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
