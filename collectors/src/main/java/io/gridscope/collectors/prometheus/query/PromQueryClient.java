package io.gridscope.collectors.prometheus.query;

import io.gridscope.collectors.prometheus.scrape.Credentials;
import io.gridscope.collectors.prometheus.scrape.ScrapeException;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import io.gridscope.collectors.prometheus.scrape.TlsContexts;
import io.gridscope.model.DurationText;
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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
        byte[] bytes = readBounded(response.body(), deadline);
        int status = response.statusCode();
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

    private PromQueryException timeout(Throwable cause) {
        return new PromQueryException(
                PromQueryException.ErrorType.CLIENT_TIMEOUT,
                0,
                "no complete response within " + DurationText.of(source.timeout()),
                cause);
    }

    private PromQueryException transport(Throwable cause) {
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
        if (cause instanceof SSLException) {
            return new PromQueryException(
                    PromQueryException.ErrorType.TLS, 0, "TLS handshake failed: " + cause.getMessage(), cause);
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
