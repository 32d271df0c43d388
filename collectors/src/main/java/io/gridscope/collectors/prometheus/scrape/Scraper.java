package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.CollectingHandler;
import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ExpositionParseException;
import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import io.gridscope.collectors.prometheus.exposition.ExpositionWarnings;
import io.gridscope.collectors.prometheus.exposition.SampleLimitExceededException;
import io.gridscope.model.DurationText;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;

/**
 * Scrapes one exporter: an HTTP(S) GET that asks for OpenMetrics first and Prometheus text second, accepts gzip,
 * and parses the body in the format its Content-Type names (without a usable one, the payload decides: see
 * {@link ExpositionFormat}). The body is read as Prometheus' own scrape reads it
 * ({@link ExpositionParser.Strictness#PROMETHEUS}): what breaks a rule of the format that Prometheus does not enforce
 * is ingested and listed in {@link ScrapeResult#warnings()}. Every scrape is bounded: connect timeout, a total
 * timeout covering headers and the whole body, a body-size limit (on the wire and again after decompression) and an
 * optional sample limit. A scrape is all-or-nothing: any failure throws {@link ScrapeException} and no sample of that
 * scrape is returned.
 *
 * <p>Like Prometheus, the body is received into a buffer (bounded by the body limit, failing as soon as it is
 * exceeded) and then parsed; receiving it on the HTTP client's own thread avoids a thread hand-off per network
 * chunk, which dominated scrape time when the body was streamed into the parser.
 *
 * <p>Lifecycle: one instance per target, holding that target's {@link HttpClient} (and so its TLS settings);
 * {@link #close()} releases it. Thread-safety: {@link #scrape()} may be called from any thread, but callers run one
 * scrape of a target at a time. A scrape blocks its calling thread (a virtual thread in {@link ScrapeManager}).
 */
public final class Scraper implements AutoCloseable {
    /** Sent as {@code Accept}: OpenMetrics 1.0 preferred, Prometheus text 0.0.4 as fallback. */
    public static final String ACCEPT =
            "application/openmetrics-text;version=1.0.0;q=0.75," + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final ScrapeTarget target;
    private final Clock clock;
    private final HttpClient client;

    public Scraper(ScrapeTarget target, Clock clock) throws ScrapeException {
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(target.connectTimeout())
                .followRedirects(redirectPolicy(target.credentials()))
                .version(HttpClient.Version.HTTP_1_1);
        if (target.url().getScheme().equalsIgnoreCase("https")) {
            b.sslContext(TlsContexts.forTarget(target));
        }
        this.client = b.build();
    }

    /**
     * Redirects are followed only for unauthenticated sources: the JDK client would repeat the
     * {@code Authorization} header to wherever the redirect points.
     */
    public static HttpClient.Redirect redirectPolicy(Credentials credentials) {
        return credentials.authorizationHeader().isPresent() ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL;
    }

    public ScrapeTarget target() {
        return target;
    }

    /** Runs one scrape. */
    public ScrapeResult scrape() throws ScrapeException {
        long epochMillis = clock.millis();
        long start = System.nanoTime();
        long timeoutNanos = target.timeout().toNanos();
        HttpRequest.Builder rb = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "Gridscope")
                .header("X-Prometheus-Scrape-Timeout-Seconds", String.format(Locale.ROOT, "%.3f", timeoutNanos / 1e9))
                .GET();
        target.credentials().authorizationHeader().ifPresent(h -> rb.header("Authorization", h));

        AtomicBoolean headersReceived = new AtomicBoolean();
        HttpResponse.BodyHandler<Body> handler = info -> {
            headersReceived.set(true);
            return info.statusCode() == 200
                    ? new BoundedBodySubscriber(target.maxBodyBytes())
                    : HttpResponse.BodySubscribers.replacing(Body.EMPTY);
        };
        CompletableFuture<HttpResponse<Body>> future = client.sendAsync(rb.build(), handler);
        HttpResponse<Body> response;
        try {
            response = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ScrapeException(
                    ScrapeException.Kind.TIMEOUT,
                    (headersReceived.get() ? "body not received within " : "no response within ")
                            + DurationText.of(target.timeout()),
                    e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScrapeException(ScrapeException.Kind.IO, "scrape interrupted", e);
        } catch (ExecutionException e) {
            throw requestFailure(e.getCause());
        }

        int status = response.statusCode();
        if (status != 200) {
            String redirect = status / 100 == 3
                    ? response.headers()
                            .firstValue("Location")
                            .map(l -> " (redirect to " + target.credentials().redact(l)
                                    + " not followed with credentials)")
                            .orElse("")
                    : "";
            throw new ScrapeException(
                    ScrapeException.Kind.HTTP_STATUS, "HTTP status " + status + " from " + target.url() + redirect);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        Optional<ExpositionFormat> declared = ExpositionFormat.declaredBy(contentType);
        boolean gzip = response.headers()
                .firstValue("Content-Encoding")
                .map(v -> v.strip().equalsIgnoreCase("gzip"))
                .orElse(false);

        Body body = response.body();
        CollectingHandler collected = new CollectingHandler();
        List<String> warnings = new ArrayList<>();
        ExpositionFormat format = declared.orElse(ExpositionFormat.PROMETHEUS_TEXT);
        long bodyBytes;
        try {
            InputStream raw = new ByteArrayInputStream(body.bytes(), 0, body.length());
            LimitedInputStream in =
                    new LimitedInputStream(gzip ? new GZIPInputStream(raw, 16 * 1024) : raw, target.maxBodyBytes());
            InputStream payload = in;
            if (declared.isEmpty()) {
                // no usable Content-Type: the payload decides (ExpositionFormat's rule), so it is read whole first
                byte[] all = in.readAllBytes();
                format = ExpositionFormat.fromPayload(all, all.length);
                payload = new ByteArrayInputStream(all);
                warnings.add(contentTypeWarning(contentType, format));
            }
            new ExpositionParser(
                            format, target.maxLineBytes(), target.sampleLimit(), ExpositionParser.Strictness.PROMETHEUS)
                    .parse(payload, collected);
            bodyBytes = in.count();
        } catch (BodyTooLargeException e) {
            throw tooLarge(e);
        } catch (SampleLimitExceededException e) {
            throw new ScrapeException(
                    ScrapeException.Kind.SAMPLE_LIMIT, "more than " + e.limit() + " samples (sample limit)", e);
        } catch (ExpositionParseException e) {
            throw new ScrapeException(
                    ScrapeException.Kind.INVALID_PAYLOAD,
                    "invalid " + (format == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text")
                            + " payload: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new ScrapeException(
                    ScrapeException.Kind.INVALID_PAYLOAD, "cannot decode the body: " + describe(e), e);
        }
        warnings.addAll(collected.warnings().summary());
        return new ScrapeResult(
                target.id(),
                epochMillis,
                System.nanoTime() - start,
                format,
                bodyBytes,
                collected.families(),
                collected.samples(),
                warnings);
    }

    /** The warning for a response whose Content-Type names neither format. */
    static String contentTypeWarning(String contentType, ExpositionFormat chosen) {
        String header = contentType == null || contentType.isBlank()
                ? "no Content-Type"
                : "Content-Type '" + ExpositionWarnings.bounded(contentType.strip(), 80) + "' names neither format";
        return header + "; read as " + (chosen == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text")
                + ", judged from the payload (Prometheus 3 needs fallback_scrape_protocol for this target)";
    }

    private ScrapeException tooLarge(BodyTooLargeException e) {
        return new ScrapeException(
                ScrapeException.Kind.BODY_TOO_LARGE,
                "body larger than the limit of " + target.maxBodyBytes() + " bytes",
                e);
    }

    private ScrapeException requestFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new ScrapeException(
                    ScrapeException.Kind.UNREACHABLE,
                    "connect timed out after " + DurationText.of(target.connectTimeout()),
                    cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ScrapeException(
                    ScrapeException.Kind.TIMEOUT, "no response within " + DurationText.of(target.timeout()), cause);
        }
        if (cause instanceof ConnectException
                || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException
                || (cause != null && cause.getCause() instanceof UnresolvedAddressException)) {
            return new ScrapeException(
                    ScrapeException.Kind.UNREACHABLE,
                    "cannot connect to " + target.url().getHost() + ":" + port() + " (" + describe(cause) + ")",
                    cause);
        }
        if (cause instanceof SSLException) {
            return new ScrapeException(ScrapeException.Kind.TLS, "TLS handshake failed: " + describe(cause), cause);
        }
        return new ScrapeException(ScrapeException.Kind.IO, "request failed: " + describe(cause), cause);
    }

    private int port() {
        int p = target.url().getPort();
        return p >= 0 ? p : target.url().getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** Releases the HTTP client without waiting: a scrape in flight fails at once instead of running to its timeout. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    /** A received body: the first {@code length} bytes of {@code bytes}. */
    record Body(byte[] bytes, int length) {
        static final Body EMPTY = new Body(new byte[0], 0);
    }

    /**
     * Receives a body into one growing array on the HTTP client's thread, and fails (cancelling the exchange) as soon
     * as it exceeds the limit.
     */
    static final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<Body> {
        private final long limit;
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private byte[] buf = new byte[32 * 1024];
        private int length;

        BoundedBodySubscriber(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if (length + (long) n > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException(limit));
                    return;
                }
                if (length + n > buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max((long) buf.length * 2, length + n)));
                }
                b.get(buf, length, n);
                length += n;
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(new Body(buf, length));
        }
    }

    /** Thrown by {@link LimitedInputStream} when the body grows past its limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    /** Counts bytes and fails once more than {@code limit} have been read. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
