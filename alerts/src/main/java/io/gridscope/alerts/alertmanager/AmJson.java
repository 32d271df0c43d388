package io.gridscope.alerts.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API v2 JSON, both ways, as pure functions (fed fixture text in tests). Reading is defensive: unknown fields are
 * ignored, optional ones may be missing or null ({@code updatedAt}, {@code status.mutedBy}, {@code receivers},
 * {@code generatorURL}, a matcher's {@code isEqual}, which then means {@code true}); a required field that is missing
 * or of the wrong type makes the whole answer {@link AlertmanagerException.Kind#MALFORMED_RESPONSE}, because half an
 * answer shown as the whole would mislead. Times are RFC 3339 with any offset.
 */
final class AmJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** RFC 3339 with milliseconds in UTC, as Alertmanager writes them. */
    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private AmJson() {}

    // ---------------------------------------------------------------- requests

    static byte[] alertsBody(List<OutgoingAlert> alerts) {
        ArrayNode array = NODES.arrayNode();
        for (OutgoingAlert a : alerts) {
            ObjectNode o = array.addObject();
            o.set("labels", object(a.labels()));
            o.set("annotations", object(a.annotations()));
            o.put("startsAt", time(a.startsAt()));
            o.put("endsAt", time(a.endsAt()));
            if (!a.generatorUrl().isEmpty()) {
                o.put("generatorURL", a.generatorUrl());
            }
        }
        return bytes(array);
    }

    static byte[] silenceBody(SilenceSpec s) {
        ObjectNode o = NODES.objectNode();
        s.id().ifPresent(id -> o.put("id", id));
        ArrayNode matchers = o.putArray("matchers");
        for (AmMatcher m : s.matchers()) {
            matchers.addObject()
                    .put("name", m.name())
                    .put("value", m.value())
                    .put("isRegex", m.isRegex())
                    .put("isEqual", m.isEqual());
        }
        o.put("startsAt", time(s.startsAt()));
        o.put("endsAt", time(s.endsAt()));
        o.put("createdBy", s.createdBy());
        o.put("comment", s.comment());
        return bytes(o);
    }

    static String time(Instant t) {
        return OUT.format(t);
    }

    private static ObjectNode object(Map<String, String> map) {
        ObjectNode o = NODES.objectNode();
        map.forEach(o::put);
        return o;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e); // a tree of strings always writes
        }
    }

    // ---------------------------------------------------------------- answers

    static List<AmAlert> alerts(byte[] body) throws AlertmanagerException {
        JsonNode root = tree(body);
        if (!root.isArray()) {
            throw malformed("the alert list is not a JSON array");
        }
        List<AmAlert> out = new ArrayList<>(root.size());
        int i = 0;
        for (JsonNode a : root) {
            String where = "alert " + i++;
            if (!a.isObject()) {
                throw malformed(where + " is not an object");
            }
            Map<String, String> labels = stringMap(a.get("labels"), where + ".labels", true);
            JsonNode fp = a.get("fingerprint");
            String fingerprint = fp != null && fp.isTextual() && !fp.asText().isEmpty()
                    ? fp.asText()
                    : Acknowledgement.fingerprint(labels); // an older or other server without it: the same hash
            JsonNode status = a.path("status");
            out.add(new AmAlert(
                    fingerprint,
                    labels,
                    stringMap(a.get("annotations"), where + ".annotations", false),
                    requiredTime(a, "startsAt", where),
                    requiredTime(a, "endsAt", where),
                    optionalTime(a, "updatedAt", where),
                    AmAlert.State.parse(status.path("state").asText("")),
                    strings(status.get("silencedBy"), where + ".status.silencedBy"),
                    strings(status.get("inhibitedBy"), where + ".status.inhibitedBy"),
                    receivers(a.get("receivers"), where),
                    a.path("generatorURL").asText("")));
        }
        return out;
    }

    static List<AmSilence> silences(byte[] body, Instant now) throws AlertmanagerException {
        JsonNode root = tree(body);
        if (!root.isArray()) {
            throw malformed("the silence list is not a JSON array");
        }
        List<AmSilence> out = new ArrayList<>(root.size());
        int i = 0;
        for (JsonNode s : root) {
            String where = "silence " + i++;
            if (!s.isObject()) {
                throw malformed(where + " is not an object");
            }
            JsonNode id = s.get("id");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                throw malformed(where + " has no id");
            }
            where = "silence " + id.asText();
            Instant startsAt = requiredTime(s, "startsAt", where);
            Instant endsAt = requiredTime(s, "endsAt", where);
            out.add(new AmSilence(
                    id.asText(),
                    matchers(s.get("matchers"), where),
                    startsAt,
                    endsAt,
                    optionalTime(s, "updatedAt", where),
                    s.path("createdBy").asText(""),
                    s.path("comment").asText(""),
                    AmSilence.State.parse(s.path("status").path("state").asText(""), startsAt, endsAt, now)));
        }
        return out;
    }

    /** {@code {"silenceID": "…"}}. */
    static String silenceId(byte[] body) throws AlertmanagerException {
        JsonNode root = tree(body);
        JsonNode id = root.path("silenceID");
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw malformed("the answer to a new silence has no silenceID");
        }
        return id.asText();
    }

    /** {@code versionInfo.version} of {@code GET /api/v2/status}, if given. */
    static Optional<String> version(byte[] body) throws AlertmanagerException {
        JsonNode v = tree(body).path("versionInfo").path("version");
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    /**
     * What an error body says: a bare JSON string (the spec's 400 and 500 answers), the {@code message} or {@code
     * error} of an object (422, proxies), else the text itself.
     */
    static String errorMessage(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 8192), StandardCharsets.UTF_8);
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isTextual()) {
                return n.asText();
            }
            if (n != null && n.isObject()) {
                for (String field : new String[] {"message", "error", "msg"}) {
                    if (n.path(field).isTextual()) {
                        return n.path(field).asText();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: the text is the message
        }
        return text;
    }

    // ---------------------------------------------------------------- pieces

    private static JsonNode tree(byte[] body) throws AlertmanagerException {
        if (body.length == 0) {
            throw malformed("the answer is empty");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw malformed("the answer is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw malformed("the answer is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("the answer cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, String> stringMap(JsonNode n, String where, boolean required)
            throws AlertmanagerException {
        if (n == null || n.isNull()) {
            if (required) {
                throw malformed(where + " is missing");
            }
            return Map.of();
        }
        if (!n.isObject()) {
            throw malformed(where + " is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                out.put(e.getKey(), v.asText());
            } else if (!v.isNull()) {
                throw malformed(where + "." + e.getKey() + " is not a string");
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n, String where) throws AlertmanagerException {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw malformed(where + " is not a list");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode s : n) {
            if (!s.isTextual()) {
                throw malformed(where + " holds something other than text");
            }
            out.add(s.asText());
        }
        return out;
    }

    private static List<String> receivers(JsonNode n, String where) throws AlertmanagerException {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw malformed(where + ".receivers is not a list");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode r : n) {
            JsonNode name = r.isTextual() ? r : r.path("name");
            if (!name.isTextual()) {
                throw malformed(where + ".receivers holds a receiver without a name");
            }
            out.add(name.asText());
        }
        return out;
    }

    private static List<AmMatcher> matchers(JsonNode n, String where) throws AlertmanagerException {
        if (n == null || !n.isArray()) {
            throw malformed(where + " has no matcher list");
        }
        List<AmMatcher> out = new ArrayList<>(n.size());
        for (JsonNode m : n) {
            JsonNode name = m.path("name");
            JsonNode value = m.path("value");
            if (!name.isTextual() || !value.isTextual()) {
                throw malformed(where + " has a matcher without a name or value");
            }
            out.add(new AmMatcher(
                    name.asText(),
                    value.asText(),
                    m.path("isRegex").asBoolean(false),
                    m.path("isEqual").asBoolean(true)));
        }
        return out;
    }

    private static Instant requiredTime(JsonNode o, String field, String where) throws AlertmanagerException {
        return optionalTime(o, field, where).orElseThrow(() -> malformed(where + " has no " + field));
    }

    private static Optional<Instant> optionalTime(JsonNode o, String field, String where) throws AlertmanagerException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw malformed(where + "." + field + " is not a time");
        }
        try {
            return Optional.of(parseTime(n.asText()));
        } catch (DateTimeParseException e) {
            throw malformed(where + "." + field + " is not an RFC 3339 time: " + n.asText());
        }
    }

    /** An RFC 3339 time ({@code 2024-09-18T22:19:15.123Z}, {@code …+02:00}, any fraction) as an instant. */
    static Instant parseTime(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant();
    }

    private static AlertmanagerException malformed(String what) {
        return new AlertmanagerException(
                AlertmanagerException.Kind.MALFORMED_RESPONSE, "unusable answer from Alertmanager: " + what, null);
    }
}
