package io.gridscope.collectors.prometheus.scrape;

import io.gridscope.collectors.prometheus.exposition.CollectingHandler;
import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ExpositionParseException;
import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import io.gridscope.collectors.prometheus.exposition.ExpositionWarnings;
import io.gridscope.collectors.prometheus.exposition.SampleLimitExceededException;
import io.gridscope.model.DurationText;
import io.gridscope.model.http.RetryAfter;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one exporter: an HTTP(S) GET that asks for OpenMetrics first and Prometheus text second, accepts gzip
 * from targets that are not on the loopback interface ({@link #requestsGzip}), and parses the body in the format its Content-Type names (without a usable one, the payload decides: see
 * {@link ExpositionFormat}). The body is read as Prometheus' own scrape reads it
 * ({@link ExpositionParser.Strictness#PROMETHEUS}): what breaks a rule of the format that Prometheus does not enforce
 * is ingested and listed in {@link ScrapeResult#warnings()}. Every scrape is bounded: connect timeout, a total
 * timeout covering every redirect, the headers and the whole body (a timed-out exchange is cancelled, closing its
 * connection), a body-size limit (a larger Content-Length is refused unread; otherwise counted on the wire and again
 * after decompression) and an optional sample limit. An error status is reported with a bounded excerpt of its body;
 * a 429 or 503 answer's {@code Retry-After} is carried in {@link ScrapeException#retryAfter()}. A scrape is all-or-nothing: any failure throws {@link ScrapeException} and no sample of that
 * scrape is returned.
 *
 * <p>Like Prometheus, the body is received into a buffer (bounded by the body limit, failing as soon as it is
 * exceeded) and then parsed. The request is written and the answer read on the scraping thread itself
 * ({@link Http1Client}): streaming the body into the parser cost a thread hand-off per network chunk, and the JDK's
 * asynchronous client cost about 3 ms a scrape in hand-offs between its threads on a small machine.
 *
 * <p>Lifecycle: one instance per target, holding that target's kept-alive connection and TLS settings;
 * {@link #close()} releases it. Thread-safety: {@link #scrape()} may be called from any thread, but callers run one
 * scrape of a target at a time. A scrape blocks its calling thread (a virtual thread in {@link ScrapeManager}).
 */
public final class Scraper implements AutoCloseable {
    /** Sent as {@code Accept}: OpenMetrics 1.0 preferred, Prometheus text 0.0.4 as fallback. */
    public static final String ACCEPT =
            "application/openmetrics-text;version=1.0.0;q=0.75," + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /** Redirects followed in a row before a scrape fails, as in Prometheus (Go's HTTP client). */
    public static final int MAX_REDIRECTS = 10;

    /** How much of an error response's body is read, and how much of it a status message quotes. */
    static final int ERROR_EXCERPT_BYTES = 1024;

    private static final Logger log = LoggerFactory.getLogger(Scraper.class);

    private final ScrapeTarget target;
    private final Clock clock;
    /** This target's connection; redirects to another host or scheme open their own, one at a time. */
    private final Http1Client client;

    public Scraper(ScrapeTarget target, Clock clock) throws ScrapeException {
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
        // an https target's TLS settings are checked now; an http target gets its context only if it redirects to https
        SSLContext eager = target.url().getScheme().equalsIgnoreCase("https") ? TlsContexts.forTarget(target) : null;
        Http1Client.TlsSource tls = () -> {
            if (eager != null) {
                return eager;
            }
            try {
                return TlsContexts.forTarget(target);
            } catch (ScrapeException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
        this.client = new Http1Client(tls, target.connectTimeout().toMillis());
        warnOfIgnoredProxy();
    }

    private static final AtomicBoolean PROXY_WARNED = new AtomicBoolean();

    /** Scrapes go straight to their targets; a JVM proxy setting (which the JDK's own client used) is said to be ignored. */
    private static void warnOfIgnoredProxy() {
        for (String p : new String[] {"http.proxyHost", "https.proxyHost", "java.net.useSystemProxies"}) {
            String v = System.getProperty(p);
            if (v != null && !v.isBlank() && !v.equals("false") && PROXY_WARNED.compareAndSet(false, true)) {
                log.warn("-D{} is set, but scrapes connect to their targets directly, not through a proxy", p);
            }
        }
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

    /**
     * Runs one scrape. Redirects (301, 302, 303, 307, 308) are followed as Prometheus follows them, at most
     * {@link #MAX_REDIRECTS} in a row, never from https to http and never for a target with credentials; every hop
     * shares the one total deadline.
     */
    public ScrapeResult scrape() throws ScrapeException {
        long epochMillis = clock.millis();
        long start = System.nanoTime();
        long deadlineNanos = start + target.timeout().toNanos();
        URI uri = target.url();
        Http1Client.Response response;
        for (int redirects = 0; ; redirects++) {
            response = exchange(uri, deadlineNanos);
            int status = response.status();
            Optional<String> location = response.firstValue("Location");
            if (!isRedirect(status) || location.isEmpty()) {
                break;
            }
            if (target.credentials().authorizationHeader().isPresent()) {
                throw new ScrapeException(
                        ScrapeException.Kind.HTTP_STATUS,
                        "HTTP status " + status + " from " + uri + " (redirect to "
                                + ExpositionWarnings.bounded(
                                        target.credentials().redact(location.get()), 200)
                                + " not followed with credentials)");
            }
            if (redirects == MAX_REDIRECTS) {
                throw new ScrapeException(
                        ScrapeException.Kind.HTTP_STATUS,
                        "too many redirects: stopped after " + MAX_REDIRECTS + " (the last from " + uri + " to "
                                + ExpositionWarnings.bounded(location.get(), 200) + ")");
            }
            uri = redirectTarget(uri, location.get());
        }

        int status = response.status();
        if (status != 200) {
            String excerpt = target.credentials().redact(excerpt(response.body()));
            Optional<Duration> retryAfter = RetryAfter.of(status, response.firstValue("Retry-After"), clock.instant());
            throw new ScrapeException(
                    ScrapeException.Kind.HTTP_STATUS,
                    "HTTP status " + status + " from " + uri + (excerpt.isEmpty() ? "" : ": " + excerpt)
                            + RetryAfter.note(retryAfter),
                    null,
                    retryAfter);
        }
        String contentType = response.firstValue("Content-Type").orElse(null);
        Optional<ExpositionFormat> declared = ExpositionFormat.declaredBy(contentType);
        boolean gzip = response.firstValue("Content-Encoding")
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

    /**
     * Whether a scrape of {@code url} asks for a gzip-compressed body: yes, except from a loopback host
     * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}, written as such; no name is resolved). Over loopback the
     * bytes cost nothing to move, and compressing them costs the exporter CPU time that lengthens the scrape: a GET of
     * node_exporter's 57 KB payload took 22 ms with gzip and 16 ms without (medians of 60 interleaved GETs on a loaded
     * 2-core machine). A body that comes compressed anyway is still decompressed.
     */
    static boolean requestsGzip(URI url) {
        String host = url.getHost();
        if (host == null) {
            return true;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) {
            return false;
        }
        return !(host.startsWith("127.") && Http1Client.isIpv4Literal(host));
    }

    /** One request and its response, within what is left of the scrape's deadline. */
    private Http1Client.Response exchange(URI uri, long deadlineNanos) throws ScrapeException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            throw new ScrapeException(ScrapeException.Kind.TIMEOUT, timedOut(null));
        }
        List<String[]> headers = new ArrayList<>(6);
        headers.add(new String[] {"Accept", ACCEPT});
        headers.add(new String[] {"User-Agent", "Gridscope"});
        headers.add(new String[] {
            "X-Prometheus-Scrape-Timeout-Seconds",
            String.format(Locale.ROOT, "%.3f", target.timeout().toNanos() / 1e9)
        });
        if (requestsGzip(uri)) {
            headers.add(new String[] {"Accept-Encoding", "gzip"});
        }
        target.credentials().authorizationHeader().ifPresent(h -> headers.add(new String[] {"Authorization", h}));

        Progress progress = new Progress();
        Http1Client.BodyLimit limit = (status, declared) -> {
            if (status != 200) {
                return new Http1Client.Limit(ERROR_EXCERPT_BYTES, true);
            }
            if (declared > target.maxBodyBytes()) {
                throw new BodyTooLargeException(target.maxBodyBytes(), declared);
            }
            return new Http1Client.Limit(target.maxBodyBytes(), false);
        };
        try {
            return client.get(uri, headers, deadlineNanos, limit, progress);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ScrapeException(ScrapeException.Kind.IO, "scrape interrupted", e);
            }
            throw requestFailure(e, progress);
        }
    }

    /** "scrape timed out after 2 s (body arriving at 1 B/s: 2 bytes received)". */
    private String timedOut(Progress progress) {
        String what;
        if (progress == null) {
            what = "redirects used up the time";
        } else if (progress.headersNanos == 0) {
            what = "no complete response headers";
        } else {
            long bytes = progress.bodyBytes.get();
            double seconds = Math.max(1e-3, (System.nanoTime() - progress.headersNanos) / 1e9);
            what = "body arriving at " + rate(bytes / seconds) + ": " + bytes + " bytes received";
        }
        return "scrape timed out after " + DurationText.of(target.timeout()) + " (" + what + ")";
    }

    static String rate(double bytesPerSecond) {
        if (bytesPerSecond < 1024) {
            return String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
        }
        if (bytesPerSecond < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB/s", bytesPerSecond / 1024);
        }
        return String.format(Locale.ROOT, "%.1f MiB/s", bytesPerSecond / (1024 * 1024));
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Where a redirect points, resolved against the URL that answered; only http(s), never https to http. */
    static URI redirectTarget(URI from, String location) throws ScrapeException {
        URI to;
        try {
            to = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new ScrapeException(
                    ScrapeException.Kind.HTTP_STATUS,
                    "redirect from " + from + " to an invalid URL: " + ExpositionWarnings.bounded(location, 200),
                    e);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || to.getHost() == null) {
            throw new ScrapeException(
                    ScrapeException.Kind.HTTP_STATUS,
                    "redirect from " + from + " to a URL that is not http(s): "
                            + ExpositionWarnings.bounded(location, 200));
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new ScrapeException(
                    ScrapeException.Kind.HTTP_STATUS, "redirect from " + from + " to plain http refused: " + to);
        }
        return to;
    }

    static String excerpt(Body body) {
        return HttpUrls.excerpt(body.bytes(), body.length(), body.truncated());
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
                e.declaredBytes >= 0
                        ? "body of " + e.declaredBytes + " bytes (Content-Length) is larger than the limit of "
                                + target.maxBodyBytes() + " bytes; not read"
                        : "body larger than the limit of " + target.maxBodyBytes() + " bytes",
                e);
    }

    private ScrapeException requestFailure(Throwable cause, Progress progress) {
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
            return new ScrapeException(ScrapeException.Kind.TIMEOUT, timedOut(progress), cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            return new ScrapeException(
                    ScrapeException.Kind.UNREACHABLE,
                    "cannot connect to " + target.url().getHost() + ":" + port() + " (" + describe(cause) + ")",
                    cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return new ScrapeException(
                        ScrapeException.Kind.TLS,
                        TlsContexts.describeFailure(cause, target.url().getHost()),
                        cause);
            }
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

    /** Closes the connection without waiting: a scrape in flight fails at once instead of running to its timeout. */
    @Override
    public void close() {
        client.close();
    }

    /**
     * A received body: the first {@code length} bytes of {@code bytes}; {@code truncated} when more was sent than was
     * kept (error excerpts only).
     */
    record Body(byte[] bytes, int length, boolean truncated) {}

    /** What an exchange has received so far, for the timeout message. */
    static final class Progress {
        volatile long headersNanos;
        final AtomicLong bodyBytes = new AtomicLong();
    }

    /** Thrown when a body (as received, or decompressed by {@link LimitedInputStream}) grows past its limit. */
    static final class BodyTooLargeException extends IOException {
        /** The declared Content-Length when that alone refused the body, else -1. */
        final long declaredBytes;

        BodyTooLargeException(long limit, long declaredBytes) {
            super("body larger than " + limit + " bytes");
            this.declaredBytes = declaredBytes;
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
                throw new BodyTooLargeException(limit, -1);
            }
        }
    }
}
