package io.gridscope.reports.carbon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridscope.model.DurationText;
import io.gridscope.model.http.BoundedBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Electricity Maps API v3 carbon intensity endpoints, with the user's token (header
 * {@code auth-token}):
 *
 * <ul>
 *   <li>{@code GET /v3/carbon-intensity/past-range?zone=Z&start=..&end=..&emissionFactorType=..}: hourly values of
 *       a past range, answered as {@code {"zone":..,"data":[..]}}. The API limits one hourly request to 10 days
 *       (240 hours); {@link #pastRange} pages through longer ranges in {@link #MAX_HOURS_PER_REQUEST} steps.
 *   <li>{@code GET /v3/carbon-intensity/history?zone=Z&emissionFactorType=..}: the last 24 hours, answered as
 *       {@code {"zone":..,"history":[..]}} (the endpoint personal tokens have).
 * </ul>
 *
 * Each value is {@code {"zone","carbonIntensity" (gCO2eq/kWh),"datetime" (hour start),"updatedAt","createdAt",
 * "emissionFactorType" ("lifecycle"|"direct"),"isEstimated","estimationMethod"}}. A {@code null}
 * {@code carbonIntensity} is an hour without data and is left out; an answer for another zone or emission factor
 * type than asked, a time not on the hour, an hour given twice or a negative value is refused as a {@link
 * ProviderException.BadResponse}.
 *
 * <p><b>Bounds.</b> Connect timeout and a request timeout covering the whole exchange (headers and body), a body
 * size limit (checked against {@code Content-Length} and while reading), a limit on the range of one call. Redirects
 * are not followed (the token must not travel to another host).
 *
 * <p><b>Errors</b> are typed ({@link ProviderException} and its kinds), one line each. After an HTTP 429 with
 * {@code Retry-After}, requests until that time fail at once as {@link ProviderException.RateLimited} without being
 * sent.
 *
 * <p><b>Token.</b> Read from the {@link ProviderToken} at each request; never logged, never in a message or {@code
 * toString} (text the server sends back is cleaned of it too).
 *
 * <p>Thread-safe; blocking (never call on the UI thread). {@link #close()} releases the HTTP client.
 */
public final class ElectricityMapsClient implements HourlyIntensityProvider, AutoCloseable {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.electricitymaps.com/");
    /** The API's documented limit for one hourly {@code past-range} request: 10 days. */
    public static final Duration MAX_HOURS_PER_REQUEST = Duration.ofHours(240);

    public static final String ID = "electricitymaps";
    public static final String NAME = "Electricity Maps";

    private static final Logger log = LoggerFactory.getLogger(ElectricityMapsClient.class);
    private static final long HOUR_MILLIS = 3_600_000;
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,4096}");
    private static final int MAX_MESSAGE = 160;
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    /**
     * How the client reaches the API.
     *
     * @param baseUrl          the API root ({@link #DEFAULT_BASE_URL}); tests point it at a local stub
     * @param connectTimeout   TCP and TLS connection
     * @param requestTimeout   one whole request: from sending to the last byte of the body
     * @param maxResponseBytes the largest body read (240 hourly values are about 60 kB)
     * @param maxRange         the longest range one {@link #pastRange} call may ask for
     */
    public record Options(
            URI baseUrl, Duration connectTimeout, Duration requestTimeout, int maxResponseBytes, Duration maxRange) {
        public Options {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                    || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("the base URL must be an http(s) URL, got " + baseUrl);
            }
            if (!baseUrl.getPath().endsWith("/")) {
                baseUrl = URI.create(baseUrl + "/");
            }
            if (connectTimeout.toMillis() < 1 || requestTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (maxResponseBytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024, got " + maxResponseBytes);
            }
            if (maxRange.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("maxRange must be at least an hour");
            }
        }

        /** The public API, 10 s to connect, 30 s a request, 4 MiB a body, 400 days a call. */
        public static Options defaults() {
            return new Options(
                    DEFAULT_BASE_URL, Duration.ofSeconds(10), Duration.ofSeconds(30), 4 << 20, Duration.ofDays(400));
        }

        public Options withBaseUrl(URI url) {
            return new Options(url, connectTimeout, requestTimeout, maxResponseBytes, maxRange);
        }

        public Options withRequestTimeout(Duration timeout) {
            return new Options(baseUrl, connectTimeout, timeout, maxResponseBytes, maxRange);
        }

        public Options withMaxResponseBytes(int bytes) {
            return new Options(baseUrl, connectTimeout, requestTimeout, bytes, maxRange);
        }
    }

    private final Options options;
    private final ProviderToken token;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    /** Set from a 429's {@code Retry-After}: no request is sent before it. */
    private volatile Instant notBefore;

    /**
     * @param token read at each request (see {@link ProviderToken} for the secret rules)
     * @param clock the time {@code Retry-After} is measured against
     */
    public ElectricityMapsClient(ProviderToken token, Options options, Clock clock) {
        this.token = Objects.requireNonNull(token, "token");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ElectricityMapsClient(ProviderToken token) {
        this(token, Options.defaults(), Clock.systemUTC());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return NAME;
    }

    public Options options() {
        return options;
    }

    /**
     * The hourly values of {@code [start, end)} (widened to whole hours), oldest first, one page of at most
     * {@link #MAX_HOURS_PER_REQUEST} at a time.
     *
     * @throws IllegalArgumentException for a bad zone key, an {@link IntensityScope#UNSPECIFIED} scope, or a range
     *     longer than {@link Options#maxRange()}
     */
    @Override
    public void pastRange(
            String zone, Instant start, Instant end, IntensityScope scope, Consumer<List<HourlyIntensity>> onPage)
            throws ProviderException {
        checkZone(zone);
        String factor = factorType(scope);
        Instant from = floorHour(start);
        Instant to = ceilHour(end);
        if (!to.isAfter(from)) {
            return;
        }
        if (Duration.between(from, to).compareTo(options.maxRange()) > 0) {
            throw new IllegalArgumentException("a range of " + DurationText.of(Duration.between(from, to))
                    + " is longer than the " + DurationText.of(options.maxRange()) + " one call may ask for");
        }
        for (Instant pageStart = from; pageStart.isBefore(to); ) {
            Instant pageEnd = min(pageStart.plus(MAX_HOURS_PER_REQUEST), to);
            Map<String, String> query = new LinkedHashMap<>();
            query.put("zone", zone);
            query.put("start", pageStart.toString());
            query.put("end", pageEnd.toString());
            query.put("emissionFactorType", factor);
            JsonNode body = get("v3/carbon-intensity/past-range", query, zone);
            List<HourlyIntensity> page = values(body, "data", zone, scope, pageStart, pageEnd);
            log.debug("{} zone {}: {} hours of {} .. {}", NAME, zone, page.size(), pageStart, pageEnd);
            onPage.accept(page);
            pageStart = pageEnd;
        }
    }

    /** {@link #pastRange(String, Instant, Instant, IntensityScope, Consumer)}, all pages in one list. */
    public List<HourlyIntensity> pastRange(String zone, Instant start, Instant end, IntensityScope scope)
            throws ProviderException {
        List<HourlyIntensity> all = new ArrayList<>();
        pastRange(zone, start, end, scope, all::addAll);
        return all;
    }

    /** The last 24 hours ({@code /v3/carbon-intensity/history}), oldest first. */
    @Override
    public List<HourlyIntensity> recent(String zone, IntensityScope scope) throws ProviderException {
        checkZone(zone);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("zone", zone);
        query.put("emissionFactorType", factorType(scope));
        return values(
                get("v3/carbon-intensity/history", query, zone), "history", zone, scope, Instant.MIN, Instant.MAX);
    }

    private static void checkZone(String zone) {
        if (zone == null || !ZONE.matcher(zone).matches()) {
            throw new IllegalArgumentException(
                    "not an Electricity Maps zone key: '" + zone + "' (e.g. DE, US-CAL-CISO)");
        }
    }

    private static String factorType(IntensityScope scope) {
        return switch (scope) {
            case LIFECYCLE -> "lifecycle";
            case DIRECT -> "direct";
            case UNSPECIFIED ->
                throw new IllegalArgumentException("ask Electricity Maps for lifecycle or direct emission factors");
        };
    }

    // ---------------------------------------------------------------- HTTP

    private JsonNode get(String path, Map<String, String> query, String zone) throws ProviderException {
        Instant wait = notBefore;
        Instant now = clock.instant();
        if (wait != null && now.isBefore(wait)) {
            throw new ProviderException.RateLimited(
                    NAME + " asked to wait until " + wait + " (rate limit; "
                            + DurationText.of(Duration.between(now, wait).truncatedTo(ChronoUnit.SECONDS))
                            + " left); request not sent",
                    0,
                    wait);
        }
        String secret = token.token();
        if (!TOKEN.matcher(secret).matches()) {
            throw new ProviderException.TokenUnavailable(
                    "the " + NAME + " token holds spaces or characters a request header cannot carry", null);
        }
        URI uri = options.baseUrl()
                .resolve(path + "?"
                        + query.entrySet().stream()
                                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                                .collect(Collectors.joining("&")));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                .header("auth-token", secret)
                .header("Accept", "application/json")
                .header("User-Agent", "Gridscope")
                .GET()
                .build();
        HttpResponse<byte[]> response = send(request, secret);
        int status = response.statusCode();
        byte[] body = response.body();
        if (status == 200) {
            return parse(body, secret);
        }
        String said = serverMessage(body, secret);
        String http = "HTTP " + status + (said.isEmpty() ? "" : ": " + said);
        if (status == 401 || status == 403) {
            throw new ProviderException.Unauthorized(
                    NAME + " refused the token (" + http + "); check the token and that its plan covers zone " + zone,
                    status);
        }
        if (status == 400 || status == 404) {
            throw new ProviderException.UnknownZone(
                    NAME + " refused the request for zone " + zone + " (" + http + "); check the zone key", status);
        }
        if (status == 429) {
            Instant retryAt = retryAt(response, clock.instant());
            if (retryAt != null) {
                notBefore = retryAt;
            }
            throw new ProviderException.RateLimited(
                    NAME + " rate limit reached (" + http + "); "
                            + (retryAt == null
                                    ? "try again later"
                                    : "retry after "
                                            + DurationText.of(Duration.between(clock.instant(), retryAt)
                                                    .truncatedTo(ChronoUnit.SECONDS))),
                    status,
                    retryAt);
        }
        if (status >= 500 && status <= 599) {
            throw new ProviderException.ServerError(NAME + " failed (" + http + "); try again later", status);
        }
        throw new ProviderException.BadResponse("unexpected answer from " + NAME + " (" + http + ")", status, null);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String secret) throws ProviderException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(
                request,
                info -> new BoundedBody(
                        options.maxResponseBytes(), info.headers().firstValueAsLong("Content-Length")));
        try {
            return future.get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderException.Interrupted(NAME + " request interrupted", e);
        } catch (ExecutionException e) {
            throw transport(e.getCause(), secret);
        }
    }

    private ProviderException timeout(Throwable cause) {
        return new ProviderException.Timeout(
                "no complete answer from " + NAME + " within " + DurationText.of(options.requestTimeout()), cause);
    }

    private ProviderException transport(Throwable cause, String secret) {
        String host = options.baseUrl().getHost();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge) {
                return new ProviderException.BadResponse(
                        "the answer from " + NAME + " is larger than " + options.maxResponseBytes() + " bytes", 0, t);
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new ProviderException.Unreachable(
                    "cannot connect to " + host + " within " + DurationText.of(options.connectTimeout()), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(cause);
        }
        if (cause instanceof SSLException) {
            return new ProviderException.Unreachable(
                    "TLS handshake with " + host + " failed: " + oneLine(cause.getMessage(), secret), cause);
        }
        if (cause instanceof ConnectException
                || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException) {
            return new ProviderException.Unreachable(
                    "cannot connect to " + host + ": " + describe(cause, secret), cause);
        }
        return new ProviderException.Unreachable("request to " + host + " failed: " + describe(cause, secret), cause);
    }

    private static String describe(Throwable t, String secret) {
        if (t == null) {
            return "unknown";
        }
        String m = t.getMessage() == null && t.getCause() != null ? t.getCause().getMessage() : t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " " + oneLine(m, secret));
    }

    /** {@code Retry-After} as seconds or an HTTP date, at most a day ahead; null when absent or unreadable. */
    private static Instant retryAt(HttpResponse<?> response, Instant now) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return null;
        }
        String v = header.get();
        Instant at;
        if (v.matches("\\d{1,9}")) {
            at = now.plusSeconds(Long.parseLong(v));
        } else {
            try {
                at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException e) {
                log.warn("{} sent an unreadable Retry-After header '{}'", NAME, oneLine(v, ""));
                return null;
            }
        }
        Instant latest = now.plus(MAX_RETRY_AFTER);
        return at.isAfter(latest) ? latest : at;
    }

    // ---------------------------------------------------------------- answers

    private JsonNode parse(byte[] body, String secret) throws ProviderException {
        if (body.length == 0) {
            throw new ProviderException.BadResponse("empty answer from " + NAME, 200, null);
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProviderException.BadResponse(
                    "the answer from " + NAME + " is not JSON: " + oneLine(e.getOriginalMessage(), secret), 200, null);
        } catch (IOException e) {
            throw new ProviderException.BadResponse(
                    "the answer from " + NAME + " cannot be read: " + describe(e, secret), 200, null);
        }
    }

    /** The values of {@code body[list]} with hours in {@code [from, to)}, oldest first. */
    private List<HourlyIntensity> values(
            JsonNode body, String list, String zone, IntensityScope scope, Instant from, Instant to)
            throws ProviderException {
        if (!body.isObject() || !body.path(list).isArray()) {
            throw bad("the answer has no '" + list + "' list");
        }
        checkZoneOf(body, zone);
        List<HourlyIntensity> out = new ArrayList<>();
        Set<Instant> seen = new HashSet<>();
        int i = 0;
        for (JsonNode v : body.get(list)) {
            String where = list + "[" + i++ + "]";
            if (!v.isObject()) {
                throw bad(where + " is not an object");
            }
            checkZoneOf(v, zone);
            Instant hour = instant(v, "datetime", where).orElseThrow(() -> bad(where + " has no datetime"));
            if (hour.toEpochMilli() % HOUR_MILLIS != 0 || hour.getNano() % 1_000_000 != 0) {
                throw bad(where + ".datetime " + hour + " is not the start of an hour: expected hourly values");
            }
            JsonNode ci = v.path("carbonIntensity");
            if (ci.isMissingNode() || ci.isNull()) {
                continue; // an hour without data
            }
            if (!ci.isNumber() || !Double.isFinite(ci.asDouble()) || ci.asDouble() < 0) {
                throw bad(where + ".carbonIntensity is not a number of g/kWh, not negative: "
                        + oneLine(ci.toString(), ""));
            }
            JsonNode type = v.path("emissionFactorType");
            if (type.isTextual() && !type.asText().equalsIgnoreCase(scope.label())) {
                throw bad(where + " has emissionFactorType " + oneLine(type.asText(), "") + " where " + scope.label()
                        + " was asked");
            }
            JsonNode estimated = v.path("isEstimated");
            if (!estimated.isMissingNode() && !estimated.isNull() && !estimated.isBoolean()) {
                throw bad(where + ".isEstimated is not true or false");
            }
            JsonNode method = v.path("estimationMethod");
            if (hour.isBefore(from) || !hour.isBefore(to)) {
                continue; // outside the page asked for (an end the API counts in)
            }
            if (!seen.add(hour)) {
                throw bad("hour " + hour + " is given twice");
            }
            out.add(new HourlyIntensity(
                    zone,
                    hour,
                    ci.asDouble(),
                    scope,
                    estimated.asBoolean(false),
                    method.isTextual() ? Optional.of(oneLine(method.asText(), "")) : Optional.empty(),
                    instant(v, "updatedAt", where)));
        }
        out.sort(Comparator.comparing(HourlyIntensity::hour));
        return out;
    }

    private static void checkZoneOf(JsonNode node, String zone) throws ProviderException.BadResponse {
        JsonNode z = node.path("zone");
        if (z.isTextual() && !z.asText().equalsIgnoreCase(zone)) {
            throw bad("the answer is for zone " + oneLine(z.asText(), "") + ", not " + zone);
        }
    }

    private static Optional<Instant> instant(JsonNode v, String field, String where)
            throws ProviderException.BadResponse {
        JsonNode n = v.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(n.asText()));
        } catch (DateTimeParseException e) {
            throw bad(where + "." + field + " is not an ISO-8601 time: " + oneLine(n.asText(), ""));
        }
    }

    private static ProviderException.BadResponse bad(String what) {
        return new ProviderException.BadResponse("unusable answer from " + NAME + ": " + what, 200, null);
    }

    /** The {@code message} or {@code error} an error body gives, else its start; one line, without the token. */
    private String serverMessage(byte[] body, String secret) {
        if (body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        try {
            JsonNode n = json.readTree(body);
            for (String field : new String[] {"message", "error", "detail"}) {
                if (n.path(field).isTextual()) {
                    text = n.path(field).asText();
                    break;
                }
            }
        } catch (IOException e) {
            // not JSON: its first characters say what it is
        }
        return oneLine(text, secret);
    }

    /** One line of at most {@link #MAX_MESSAGE} characters, with {@code secret} (when given) blanked out. */
    static String oneLine(String text, String secret) {
        if (text == null) {
            return "";
        }
        String t = secret.isEmpty() ? text : text.replace(secret, "[token]");
        t = t.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return t.length() <= MAX_MESSAGE ? t : t.substring(0, MAX_MESSAGE) + "…";
    }

    private static Instant floorHour(Instant t) {
        return Hours.floor(t);
    }

    private static Instant ceilHour(Instant t) {
        return Hours.ceil(t);
    }

    private static Instant min(Instant a, Instant b) {
        return Hours.min(a, b);
    }

    /** Releases the HTTP client without waiting: a request in flight fails at once. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "ElectricityMapsClient[" + options.baseUrl() + ", " + token + "]";
    }
}
