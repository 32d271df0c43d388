package io.gridscope.alerts.alertmanager;

import io.gridscope.alerts.alertmanager.AlertmanagerException.Kind;
import io.gridscope.model.DurationText;
import io.gridscope.model.http.BoundedBody;
import io.gridscope.model.http.RetryAfter;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A client for Alertmanager's API v2 (Alertmanager 0.16 and later; the v1 API is gone since 0.27):
 *
 * <ul>
 *   <li>{@link #push} — {@code POST /api/v2/alerts}: Gridscope's own alerts, firing or resolved;
 *   <li>{@link #alerts} — {@code GET /api/v2/alerts}: the alerts it holds, with the API's {@code active},
 *       {@code silenced}, {@code inhibited} and {@code unprocessed} flags ({@link AlertQuery});
 *   <li>{@link #silences} — {@code GET /api/v2/silences}: every silence, expired ones included, whoever made it;
 *   <li>{@link #createSilence} — {@code POST /api/v2/silences}: a new silence (or an update of one), its id back;
 *   <li>{@link #expireSilence} — {@code DELETE /api/v2/silence/{id}}: a silence that is unknown or already expired
 *       is not an error;
 *   <li>{@link #version} — {@code GET /api/v2/status}: the server's version, for a connection test.
 * </ul>
 *
 * <p><b>Bounds.</b> A connect timeout, and a request timeout covering the whole exchange (headers and body); a body
 * size limit checked against {@code Content-Length} and while reading, the transfer cancelled past it. Redirects are
 * not followed (credentials must not travel to another host): a 3xx is an {@link Kind#HTTP_STATUS} failure naming
 * where it pointed. HTTPS verifies the server's certificate with the JDK's trust store (or the given context's).
 *
 * <p><b>Errors</b> are one {@link AlertmanagerException} of a {@link Kind}, one line each; for an HTTP status, with
 * what the body says (the spec's bare JSON string, or an object's {@code message}), trimmed.
 *
 * <p><b>Credentials</b> ({@link AlertmanagerAuth}) are sent on each request, never logged, never in a message (text
 * the server sends back is cleaned of them) nor in {@link #toString}.
 *
 * <p>Thread-safe; every call blocks (never call it on the UI thread). {@link #close()} releases the HTTP client.
 */
public final class AlertmanagerClient implements AutoCloseable {
    private static final int MAX_MESSAGE = 200;
    private static final Pattern SILENCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /**
     * How the client reaches Alertmanager.
     *
     * @param baseUrl          Alertmanager's root, with its route prefix if it has one
     *                         ({@code https://am.example.internal/alertmanager/}); http or https
     * @param connectTimeout   TCP and TLS connection
     * @param requestTimeout   one whole request: from sending to the last byte of the answer
     * @param maxResponseBytes the largest answer read (8 MiB by default: tens of thousands of alerts)
     */
    public record Options(URI baseUrl, Duration connectTimeout, Duration requestTimeout, long maxResponseBytes) {
        public Options {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException(
                        "put the Alertmanager credentials in the authentication settings, not in the URL");
            }
            String scheme = baseUrl.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                    || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("the Alertmanager URL must be an http(s) URL, got " + baseUrl);
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("the Alertmanager URL must have no query or fragment");
            }
            String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
            if (!path.endsWith("/")) {
                baseUrl = URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + path + "/");
            }
            if (connectTimeout.toMillis() < 1 || requestTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (maxResponseBytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024, got " + maxResponseBytes);
            }
        }

        /** 5 s to connect, 15 s a request, 8 MiB an answer. */
        public static Options of(URI baseUrl) {
            return new Options(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(15), 8L << 20);
        }

        public Options withRequestTimeout(Duration timeout) {
            return new Options(baseUrl, connectTimeout, timeout, maxResponseBytes);
        }

        public Options withConnectTimeout(Duration timeout) {
            return new Options(baseUrl, timeout, requestTimeout, maxResponseBytes);
        }

        public Options withMaxResponseBytes(long bytes) {
            return new Options(baseUrl, connectTimeout, requestTimeout, bytes);
        }
    }

    /**
     * The filter flags of {@code GET /api/v2/alerts} (each {@code true} by default in the API): which alerts to
     * include by state. Resolved alerts are never listed.
     */
    public record AlertQuery(boolean active, boolean silenced, boolean inhibited, boolean unprocessed) {
        /** Every alert Alertmanager holds. */
        public static AlertQuery all() {
            return new AlertQuery(true, true, true, true);
        }

        String queryString() {
            return "active=" + active + "&silenced=" + silenced + "&inhibited=" + inhibited + "&unprocessed="
                    + unprocessed;
        }
    }

    private final Options options;
    private final AlertmanagerAuth auth;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param auth  how to authenticate (see {@link AlertmanagerAuth}); {@link AlertmanagerAuth#none()} for none
     * @param clock the time a silence's state is judged against when the server does not give it
     */
    public AlertmanagerClient(Options options, AlertmanagerAuth auth, Clock clock) {
        this(options, auth, clock, Optional.empty());
    }

    /** As {@link #AlertmanagerClient(Options, AlertmanagerAuth, Clock)}, trusting {@code tls}'s certificates. */
    public AlertmanagerClient(
            Options options, AlertmanagerAuth auth, Clock clock, Optional<javax.net.ssl.SSLContext> tls) {
        this.options = Objects.requireNonNull(options, "options");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.clock = Objects.requireNonNull(clock, "clock");
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        tls.ifPresent(b::sslContext);
        this.http = b.build();
    }

    public AlertmanagerClient(URI baseUrl) {
        this(Options.of(baseUrl), AlertmanagerAuth.none(), Clock.systemUTC());
    }

    public Options options() {
        return options;
    }

    /** {@code POST /api/v2/alerts}; nothing is sent for an empty list. */
    public void push(List<OutgoingAlert> alerts) throws AlertmanagerException {
        if (alerts.isEmpty()) {
            return;
        }
        send("POST", "api/v2/alerts", AmJson.alertsBody(alerts));
    }

    /** {@code GET /api/v2/alerts} with every alert Alertmanager holds (not the resolved ones). */
    public List<AmAlert> alerts() throws AlertmanagerException {
        return alerts(AlertQuery.all());
    }

    public List<AmAlert> alerts(AlertQuery query) throws AlertmanagerException {
        byte[] body = send("GET", "api/v2/alerts?" + query.queryString(), null);
        try {
            return AmJson.alerts(body);
        } catch (AlertmanagerException e) {
            throw clean(e);
        }
    }

    /** {@code GET /api/v2/silences}: every silence, expired ones included (Alertmanager keeps them a while). */
    public List<AmSilence> silences() throws AlertmanagerException {
        byte[] body = send("GET", "api/v2/silences", null);
        try {
            return AmJson.silences(body, clock.instant());
        } catch (AlertmanagerException e) {
            throw clean(e);
        }
    }

    /** {@code POST /api/v2/silences}; returns the silence's id (a new one unless an update kept it). */
    public String createSilence(SilenceSpec silence) throws AlertmanagerException {
        byte[] body = send("POST", "api/v2/silences", AmJson.silenceBody(silence));
        try {
            return AmJson.silenceId(body);
        } catch (AlertmanagerException e) {
            throw clean(e);
        }
    }

    /**
     * {@code DELETE /api/v2/silence/{id}}: ends the silence now.
     *
     * @return true when Alertmanager accepted (0.25 also accepts a silence that had already expired); false when it
     *     does not know the silence (HTTP 404, or 500 "silence not found" from older servers) or says it had already
     *     expired
     */
    public boolean expireSilence(String id) throws AlertmanagerException {
        if (id == null || !SILENCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a silence id: " + id);
        }
        try {
            send("DELETE", "api/v2/silence/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
            return true;
        } catch (AlertmanagerException e) {
            String said = e.getMessage().toLowerCase(Locale.ROOT);
            if (e.kind() == Kind.HTTP_STATUS
                    && (e.httpStatus() == 404 || said.contains("not found") || said.contains("already expired"))) {
                return false;
            }
            throw e;
        }
    }

    /** {@code GET /api/v2/status}: the server's version, when it says. */
    public Optional<String> version() throws AlertmanagerException {
        byte[] body = send("GET", "api/v2/status", null);
        try {
            return AmJson.version(body);
        } catch (AlertmanagerException e) {
            throw clean(e);
        }
    }

    // ---------------------------------------------------------------- HTTP

    /** One exchange; the body of a 2xx answer, else a typed failure. */
    private byte[] send(String method, String path, byte[] json) throws AlertmanagerException {
        URI uri = options.baseUrl().resolve(path);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "Gridscope");
        if (json != null) {
            rb.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        auth.authorizationHeader().ifPresent(h -> rb.header("Authorization", h));
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(
                rb.build(),
                info -> new BoundedBody(
                        options.maxResponseBytes(), info.headers().firstValueAsLong("Content-Length")));
        HttpResponse<byte[]> response;
        try {
            response = future.get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(method, path, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AlertmanagerException(Kind.INTERRUPTED, "request to Alertmanager interrupted", e);
        } catch (ExecutionException e) {
            throw transport(e.getCause(), method, path);
        }
        int status = response.statusCode();
        byte[] body = response.body();
        if (status >= 200 && status <= 299) {
            return body;
        }
        String what = method + " " + shortPath(path);
        if (status >= 300 && status <= 399) {
            String to = response.headers().firstValue("Location").orElse("nowhere");
            throw new AlertmanagerException(
                    Kind.HTTP_STATUS,
                    status,
                    "Alertmanager answered " + what + " with HTTP " + status + ", a redirect to " + oneLine(to)
                            + ", not followed: check the URL",
                    null);
        }
        String said = body.length == 0 ? "" : oneLine(AmJson.errorMessage(body));
        Optional<Duration> retryAfter =
                RetryAfter.of(status, response.headers().firstValue("Retry-After"), clock.instant());
        throw new AlertmanagerException(
                Kind.HTTP_STATUS,
                status,
                "Alertmanager answered " + what + " with HTTP " + status + (said.isEmpty() ? "" : ": " + said)
                        + RetryAfter.note(retryAfter),
                null,
                retryAfter);
    }

    private AlertmanagerException timeout(String method, String path, Throwable cause) {
        return new AlertmanagerException(
                Kind.TIMEOUT,
                "no complete answer from Alertmanager to " + method + " " + shortPath(path) + " within "
                        + DurationText.of(options.requestTimeout()),
                cause);
    }

    private AlertmanagerException transport(Throwable cause, String method, String path) {
        String host = options.baseUrl().getAuthority();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge) {
                return new AlertmanagerException(
                        Kind.TOO_LARGE,
                        "the answer from Alertmanager to " + method + " " + shortPath(path) + " is larger than "
                                + options.maxResponseBytes() + " bytes; not read further",
                        t);
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new AlertmanagerException(
                    Kind.UNREACHABLE,
                    "cannot connect to Alertmanager at " + host + " within "
                            + DurationText.of(options.connectTimeout()),
                    cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(method, path, cause);
        }
        if (cause instanceof SSLException) {
            return new AlertmanagerException(
                    Kind.TLS, "TLS handshake with Alertmanager at " + host + " failed: " + describe(cause), cause);
        }
        if (cause instanceof ConnectException
                || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException) {
            return new AlertmanagerException(
                    Kind.UNREACHABLE, "cannot connect to Alertmanager at " + host + ": " + describe(cause), cause);
        }
        return new AlertmanagerException(
                Kind.UNREACHABLE,
                "request to Alertmanager at " + host + " failed: " + describe(cause),
                cause instanceof IOException ? cause : null);
    }

    private String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        String m = t.getMessage() == null && t.getCause() != null ? t.getCause().getMessage() : t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " " + oneLine(m));
    }

    private AlertmanagerException clean(AlertmanagerException e) {
        return new AlertmanagerException(e.kind(), e.httpStatus(), oneLine(e.getMessage()), null);
    }

    /** The path without its query, for messages. */
    private static String shortPath(String path) {
        int q = path.indexOf('?');
        return "/" + (q < 0 ? path : path.substring(0, q));
    }

    /** One line of at most {@link #MAX_MESSAGE} characters, without the credentials. */
    private String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String t = auth.redact(text).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return t.length() <= MAX_MESSAGE ? t : t.substring(0, MAX_MESSAGE) + "…";
    }

    /** Releases the HTTP client without waiting: a request in flight fails at once. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "AlertmanagerClient[" + options.baseUrl() + ", " + auth + "]";
    }
}
