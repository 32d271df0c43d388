package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.CollectingHandler;
import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ExpositionParseException;
import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import io.gridscope.collectors.prometheus.exposition.SampleLimitExceededException;
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
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;

/**
 * Scrapes one exporter: an HTTP(S) GET that asks for OpenMetrics first and Prometheus text second, accepts gzip,
 * and parses the body as it streams in. Every scrape is bounded: connect timeout, a total timeout covering headers
 * and the whole body, a body-size limit (after decompression) and an optional sample limit. A scrape is
 * all-or-nothing: any failure throws {@link ScrapeException} and no sample of that scrape is returned.
 *
 * <p>Lifecycle: one instance per target, holding that target's {@link HttpClient} (and so its TLS settings);
 * {@link #close()} releases it. Thread-safety: {@link #scrape()} may be called from any thread, but callers run one
 * scrape of a target at a time. A scrape blocks its calling thread (a virtual thread in {@link ScrapeManager}).
 */
public final class Scraper implements AutoCloseable {
    /** Sent as {@code Accept}: OpenMetrics 1.0 preferred, Prometheus text 0.0.4 as fallback. */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gridscope-scrape-deadline");
        t.setDaemon(true);
        return t;
    });

    private final ScrapeTarget target;
    private final Clock clock;
    private final ScheduledExecutorService deadlines;
    private final HttpClient client;

    /** A scraper using the shared deadline timer. */
    public Scraper(ScrapeTarget target, Clock clock) throws ScrapeException {
        this(target, clock, DEADLINES);
    }

    /**
     * @param deadlines timer that aborts body reads at the scrape's deadline (not owned: left running on close)
     */
    public Scraper(ScrapeTarget target, Clock clock, ScheduledExecutorService deadlines) throws ScrapeException {
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(target.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1);
        if (target.url().getScheme().equalsIgnoreCase("https")) {
            b.sslContext(TlsContexts.forTarget(target));
        }
        this.client = b.build();
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
                .header("X-Prometheus-Scrape-Timeout-Seconds",
                        String.format(Locale.ROOT, "%.3f", timeoutNanos / 1e9))
                .GET();
        target.credentials().authorizationHeader().ifPresent(h -> rb.header("Authorization", h));

        CompletableFuture<HttpResponse<InputStream>> future =
                client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ScrapeException(ScrapeException.Kind.TIMEOUT,
                    "no response within " + target.timeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScrapeException(ScrapeException.Kind.IO, "scrape interrupted", e);
        } catch (ExecutionException e) {
            throw requestFailure(e.getCause());
        }

        InputStream body = response.body();
        int status = response.statusCode();
        if (status != 200) {
            closeQuietly(body);
            throw new ScrapeException(ScrapeException.Kind.HTTP_STATUS, "HTTP status " + status + " from " + target.url());
        }
        ExpositionFormat format = ExpositionFormat.fromContentType(
                response.headers().firstValue("Content-Type").orElse(null));
        boolean gzip = response.headers().firstValue("Content-Encoding")
                .map(v -> v.strip().equalsIgnoreCase("gzip")).orElse(false);

        long remaining = timeoutNanos - (System.nanoTime() - start);
        Deadline deadline = new Deadline(Thread.currentThread(), body);
        ScheduledFuture<?> timer = deadlines.schedule(deadline::fire, Math.max(0, remaining), TimeUnit.NANOSECONDS);
        CollectingHandler collected = new CollectingHandler();
        LimitedInputStream limited = null;
        try {
            InputStream raw = new LimitedInputStream(body, target.maxBodyBytes());
            limited = gzip ? new LimitedInputStream(new GZIPInputStream(raw, 16 * 1024), target.maxBodyBytes())
                    : (LimitedInputStream) raw;
            new ExpositionParser(format, target.maxLineBytes(), target.sampleLimit()).parse(limited, collected);
        } catch (BodyTooLargeException e) {
            throw new ScrapeException(ScrapeException.Kind.BODY_TOO_LARGE,
                    "body larger than the limit of " + target.maxBodyBytes() + " bytes", e);
        } catch (SampleLimitExceededException e) {
            throw new ScrapeException(ScrapeException.Kind.SAMPLE_LIMIT,
                    "more than " + e.limit() + " samples (sample limit)", e);
        } catch (ExpositionParseException e) {
            throw new ScrapeException(ScrapeException.Kind.INVALID_PAYLOAD,
                    "invalid " + (format == ExpositionFormat.OPENMETRICS ? "OpenMetrics" : "Prometheus text")
                            + " payload: " + e.getMessage(), e);
        } catch (IOException e) {
            if (deadline.fired()) {
                throw new ScrapeException(ScrapeException.Kind.TIMEOUT,
                        "body not received within " + target.timeout().toMillis() + " ms", e);
            }
            throw new ScrapeException(ScrapeException.Kind.IO, "reading the body failed: " + describe(e), e);
        } finally {
            deadline.disarm(timer);
            closeQuietly(body);
        }
        return new ScrapeResult(target.id(), epochMillis, System.nanoTime() - start, format,
                limited.count(), collected.families(), collected.samples());
    }

    private ScrapeException requestFailure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new ScrapeException(ScrapeException.Kind.UNREACHABLE,
                    "connect timed out after " + target.connectTimeout().toMillis() + " ms", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ScrapeException(ScrapeException.Kind.TIMEOUT,
                    "no response within " + target.timeout().toMillis() + " ms", cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof UnresolvedAddressException
                || (cause != null && cause.getCause() instanceof UnresolvedAddressException)) {
            return new ScrapeException(ScrapeException.Kind.UNREACHABLE,
                    "cannot connect to " + target.url().getHost() + ":" + port() + " (" + describe(cause) + ")", cause);
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the response is being abandoned; the close error adds nothing to the scrape's own outcome
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** Aborts a body read at the deadline: closes the stream and interrupts the blocked reader. */
    private static final class Deadline {
        private final Thread reader;
        private final InputStream body;
        private boolean fired;
        private boolean disarmed;

        Deadline(Thread reader, InputStream body) {
            this.reader = reader;
            this.body = body;
        }

        synchronized void fire() {
            if (disarmed) {
                return;
            }
            fired = true;
            closeQuietly(body);
            reader.interrupt();
        }

        synchronized boolean fired() {
            return fired;
        }

        /** After this returns the reader will not be interrupted; a pending interrupt from the deadline is cleared. */
        synchronized void disarm(ScheduledFuture<?> timer) {
            disarmed = true;
            timer.cancel(false);
            if (fired) {
                Thread.interrupted();
            }
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
