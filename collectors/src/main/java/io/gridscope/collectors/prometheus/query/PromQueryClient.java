package io.gridscope.collectors.prometheus.query;

import io.gridscope.collectors.prometheus.exposition.ExpositionWarnings;
import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.collectors.prometheus.scrape.HttpUrls;
import io.gridscope.collectors.prometheus.scrape.ScrapeException;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import io.gridscope.collectors.prometheus.scrape.TlsContexts;
import io.gridscope.model.DurationText;
import io.gridscope.model.http.RetryAfter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * A client for a Prometheus-compatible server's query API (Prometheus, Thanos, Mimir, VictoriaMetrics):
 * {@code /api/v1/query} and {@code /api/v1/query_range}, sent as form POSTs so long expressions fit.
 *
 * <p>Every request is bounded: the client's timeout covers the whole exchange and is also passed to the server as
 * its {@code timeout} parameter; the response body is capped at {@link PrometheusServerSource#maxResponseBytes()}.
 * Range queries are aligned to their step ({@link RangeQuery#aligned}) so that repeated dashboard refreshes hit the
 * same evaluation instants (and the server's caches).
 *
 * <p>Thread-safe; blocking calls (run them off the UI thread). {@link #close()} releases the HTTP client.
 */
public final class PromQueryClient implements AutoCloseable {
    /** Requests the JDK client sends down a chain of redirects ({@code jdk.httpclient.redirects.retrylimit}, 5). */
    static final int MAX_REDIRECTS = Integer.getInteger("jdk.httpclient.redirects.retrylimit", 5);

    private final PrometheusServerSource source;
    private final HttpClient client;

    public PromQueryClient(PrometheusServerSource source) throws PromQueryException {
        this.source = Objects.requireNonNull(source, "source");
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(source.connectTimeout())
                .followRedirects(Scraper.redirectPolicy(source.credentials()));
        if (source.baseUrl().getScheme().equalsIgnoreCase("https")) {
            try {
                b.sslContext(TlsContexts.forSource(source.caBundle(), source.insecureSkipTlsVerify()));
            } catch (ScrapeException e) {
                throw new PromQueryException(PromQueryException.ErrorType.TLS, 0, e.getMessage(), e);
            }
        }
        this.client = b.build();
    }

    public PrometheusServerSource source() {
        return source;
    }

    /** An instant query evaluated at {@code time}. */
    public QueryResponse query(String promql, Instant time) throws PromQueryException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("time", seconds(time.toEpochMilli()));
        return post("/api/v1/query", form);
    }

    /** A range query; the range is aligned to the step first. */
    public QueryResponse queryRange(String promql, Instant start, Instant end, Duration step)
            throws PromQueryException {
        RangeQuery range = RangeQuery.aligned(start, end, step);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("start", seconds(range.startMillis()));
        form.put("end", seconds(range.endMillis()));
        form.put("step", seconds(range.stepMillis()));
        return post("/api/v1/query_range", form);
    }

    private QueryResponse post(String path, Map<String, String> form) throws PromQueryException {
        form.put("timeout", source.timeout().toMillis() + "ms");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = source.apiUri(path);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(source.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", "Gridscope")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        source.credentials().authorizationHeader().ifPresent(h -> rb.header("Authorization", h));
        long deadline = System.nanoTime() + source.timeout().toNanos();
        CompletableFuture<HttpResponse<InputStream>> future =
                client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = future.get(source.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PromQueryException(PromQueryException.ErrorType.CANCELED, 0, "query interrupted", e);
        } catch (ExecutionException e) {
            throw transport(e.getCause());
        }
        int status = response.statusCode();
        if (status / 100 == 3) {
            closeQuietly(response.body());
            throw redirectNotFollowed(
                    uri, status, response.headers().firstValue("Location").orElse(""));
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > source.maxResponseBytes()) {
            closeQuietly(response.body());
            throw new PromQueryException(
                    PromQueryException.ErrorType.BAD_RESPONSE,
                    status,
                    "response of " + declared + " bytes (Content-Length) is larger than the limit of "
                            + source.maxResponseBytes() + " bytes; not read");
        }
        byte[] bytes = readBounded(response.body(), deadline);
        Optional<Duration> retryAfter =
                RetryAfter.of(status, response.headers().firstValue("Retry-After"), Instant.now());
        String wait = RetryAfter.note(retryAfter);
        if (status != 200 && !looksLikeJson(bytes)) {
            String excerpt = source.credentials()
                    .redact(HttpUrls.excerpt(bytes, Math.min(bytes.length, 1024), bytes.length > 1024));
            throw new PromQueryException(
                    status == 429 || status == 503
                            ? PromQueryException.ErrorType.UNAVAILABLE
                            : PromQueryException.ErrorType.BAD_RESPONSE,
                    status,
                    "HTTP status " + status + " from " + uri + (excerpt.isEmpty() ? "" : ": " + excerpt) + wait,
                    null,
                    retryAfter);
        }
        if (retryAfter.isPresent()) {
            try {
                QueryResponseParser.parse(bytes, status);
            } catch (PromQueryException e) {
                throw redacted(new PromQueryException(
                        e.errorType(), e.httpStatus(), e.getMessage() + wait, e.getCause(), retryAfter));
            }
        }
        if (bytes.length == 0) {
            throw new PromQueryException(
                    PromQueryException.ErrorType.BAD_RESPONSE,
                    status,
                    "empty response (HTTP " + status + ") from " + uri);
        }
        try {
            return QueryResponseParser.parse(bytes, status);
        } catch (PromQueryException e) {
            throw redacted(e);
        }
    }

    /**
     * The server's error with our own secret blanked out, should the server have echoed it (an error page that
     * quotes the request's Authorization header); the cause, whose message may quote the body, is then dropped.
     */
    private PromQueryException redacted(PromQueryException e) {
        Credentials credentials = source.credentials();
        boolean leaks = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            leaks |= credentials.appearsIn(t.getMessage());
        }
        if (!leaks) {
            return e;
        }
        return new PromQueryException(e.errorType(), e.httpStatus(), credentials.redact(e.getMessage()));
    }

    /** Reads the body within the remaining time and size budget. */
    private byte[] readBounded(InputStream in, long deadlineNanos) throws PromQueryException {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(
                () -> {
                    try (InputStream body = in) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        byte[] buf = new byte[16 * 1024];
                        long total = 0;
                        for (int n; (n = body.read(buf)) > 0; ) {
                            total += n;
                            if (total > source.maxResponseBytes()) {
                                throw new java.io.UncheckedIOException(new IOException(
                                        "response larger than " + source.maxResponseBytes() + " bytes"));
                            }
                            out.write(buf, 0, n);
                        }
                        return out.toByteArray();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                Thread::startVirtualThread);
        try {
            return read.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeQuietly(in);
            throw timeout(e);
        } catch (InterruptedException e) {
            closeQuietly(in);
            Thread.currentThread().interrupt();
            throw new PromQueryException(PromQueryException.ErrorType.CANCELED, 0, "query interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw new PromQueryException(
                    PromQueryException.ErrorType.BAD_RESPONSE,
                    0,
                    "reading the response failed: " + cause.getMessage(),
                    cause);
        }
    }

    /** A JSON object or array first (after blanks): the API's own error, which the parser reports. */
    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return false;
    }

    /**
     * A redirect the JDK client did not follow: one with credentials, one from https to http, or one past its limit
     * of {@link #MAX_REDIRECTS} requests in a row (a loop).
     */
    private PromQueryException redirectNotFollowed(URI uri, int status, String location) {
        String to = ExpositionWarnings.bounded(source.credentials().redact(location), 200);
        String why;
        if (source.credentials().authorizationHeader().isPresent()) {
            why = "redirect to " + to + " not followed with credentials";
        } else if (uri.getScheme().equalsIgnoreCase("https") && location.strip().startsWith("http:")) {
            why = "redirect from https to plain http refused: " + to;
        } else {
            why = "too many redirects: gave up after " + MAX_REDIRECTS + " requests (the last redirect to " + to + ")";
        }
        return new PromQueryException(
                PromQueryException.ErrorType.BAD_RESPONSE,
                status,
                "HTTP status " + status + " from " + uri + ": " + why);
    }

    private PromQueryException timeout(Throwable cause) {
        return new PromQueryException(
                PromQueryException.ErrorType.CLIENT_TIMEOUT,
                0,
                "no complete response within " + DurationText.of(source.timeout()),
                cause);
    }

    private PromQueryException transport(Throwable cause) {
        // a failed handshake may arrive wrapped in a ConnectException
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return new PromQueryException(
                        PromQueryException.ErrorType.TLS,
                        0,
                        TlsContexts.describeFailure(cause, source.baseUrl().getHost()),
                        cause);
            }
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new PromQueryException(
                    PromQueryException.ErrorType.UNREACHABLE,
                    0,
                    "cannot connect to " + source.baseUrl().getHost() + ": " + cause.getMessage(),
                    cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(cause);
        }
        return new PromQueryException(
                PromQueryException.ErrorType.UNREACHABLE,
                0,
                "request failed: " + (cause == null ? "unknown" : cause.toString()),
                cause);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // abandoning the response after a timeout; the timeout is what gets reported
        }
    }

    /** Epoch millis as the API's decimal seconds ({@code 1700000000.123}). */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
    }

    /** Releases the HTTP client without waiting: a query in flight fails at once instead of running to its timeout. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
