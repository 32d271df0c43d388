import io.gridscope.collectors.prometheus.exposition.ExpositionCheck;
import io.gridscope.collectors.prometheus.exposition.ExpositionFormat;
import io.gridscope.collectors.prometheus.exposition.ExpositionParser;
import io.gridscope.collectors.prometheus.scrape.ScrapeResult;
import io.gridscope.collectors.prometheus.scrape.ScrapeTarget;
import io.gridscope.collectors.prometheus.scrape.Scraper;
import java.io.BufferedInputStream;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmarks run by bench/prometheus/run.sh (single-file program, launched with the collectors classpath).
 *
 * <pre>
 *   scrape URL WARMUP N PAUSE_MS   scrape+parse time of Gridscope's scraper (see {@link #scrape})
 *   parse FILE FORMAT RUNS         parser throughput on a file (FORMAT: prometheus | openmetrics)
 *   split URL N                    where a scrape's time goes (see {@link #split})
 * </pre>
 */
public class PrometheusBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "scrape" -> scrape(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]));
            case "split" -> split(URI.create(args[1]), Integer.parseInt(args[2]));
            case "parse" -> parse(Path.of(args[1]), args[2].equals("openmetrics")
                    ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT, Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /**
     * Warms the JIT the way a long-running Gridscope would be warm: WARMUP scrapes of a copy of the exporter's
     * payload served from this process (so the exporter itself is not loaded), then N measured scrapes of the
     * exporter, PAUSE_MS apart.
     */
    static void scrape(URI url, int warmup, int n, long pauseMillis) throws Exception {
        ScrapeTarget target = ScrapeTarget.builder("bench", url).interval(Duration.ofSeconds(10)).build();
        byte[] payload;
        String contentType;
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> copy = client.send(HttpRequest.newBuilder(url).header("Accept", Scraper.ACCEPT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            payload = copy.body();
            contentType = copy.headers().firstValue("Content-Type").orElse("text/plain; version=0.0.4");
        }
        HttpServer local = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        local.createContext("/metrics", ex -> {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, payload.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload);
            }
        });
        local.start();
        URI localUrl = URI.create("http://127.0.0.1:" + local.getAddress().getPort() + "/metrics");
        try (Scraper warm = new Scraper(ScrapeTarget.builder("warm", localUrl).build(), Clock.systemUTC())) {
            for (int i = 0; i < warmup; i++) {
                warm.scrape();
            }
        } finally {
            local.stop(0);
        }
        double[] millis = new double[n];
        long[] samplesSeen = new long[1];
        String[] formatSeen = {""};
        Throwable[] failure = new Throwable[1];
        // on a virtual thread, as ScrapeManager runs every scrape of the product
        Thread measured = Thread.ofVirtual().start(() -> {
            try (Scraper scraper = new Scraper(target, Clock.systemUTC())) {
                for (int i = 0; i < n; i++) {
                    ScrapeResult r = scraper.scrape();
                    millis[i] = r.durationNanos() / 1e6;
                    samplesSeen[0] = r.samples().size();
                    formatSeen[0] = r.format().name();
                    LockSupport.parkNanos(pauseMillis * 1_000_000L);
                }
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        measured.join();
        if (failure[0] != null) {
            throw new IllegalStateException("measured scrapes failed", failure[0]);
        }
        long samples = samplesSeen[0];
        String format = formatSeen[0];
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "gridscope_scrape_ms median=%.3f p90=%.3f min=%.3f max=%.3f n=%d samples=%d format=%s%n",
                millis[n / 2], millis[(int) (n * 0.9)], millis[0], millis[n - 1], n, samples, format);
    }

    /**
     * N rounds, 200 ms apart, each of: a bare JDK HttpClient GET of the URL asking for gzip, one not asking for it,
     * and a full {@link Scraper#scrape()}; then, on the payload fetched last, gunzip and parse (as the scraper parses)
     * alone, N times each. Prints medians in ms: the fetch, decompression and parse parts of a scrape.
     */
    static void split(URI url, int n) throws Exception {
        double[][] t = new double[5][n];
        byte[] payload = null;
        String contentType = null;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Scraper scraper = new Scraper(ScrapeTarget.builder("split", url).build(), Clock.systemUTC())) {
            for (int i = -20; i < n; i++) { // 20 warm-up rounds
                long t0 = System.nanoTime();
                get(client, url, true);
                long t1 = System.nanoTime();
                HttpResponse<byte[]> plain = get(client, url, false);
                long t2 = System.nanoTime();
                scraper.scrape();
                long t3 = System.nanoTime();
                payload = plain.body();
                contentType = plain.headers().firstValue("Content-Type").orElse(null);
                if (i >= 0) {
                    t[0][i] = (t1 - t0) / 1e6;
                    t[1][i] = (t2 - t1) / 1e6;
                    t[2][i] = (t3 - t2) / 1e6;
                }
                LockSupport.parkNanos(200_000_000L);
            }
        }
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(packed)) {
            gz.write(payload);
        }
        ExpositionFormat format = ExpositionFormat.of(contentType, payload, payload.length);
        for (int i = -200; i < n; i++) { // 200 warm-up rounds
            long t0 = System.nanoTime();
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(packed.toByteArray()), 16 * 1024)
                    .readAllBytes();
            long t1 = System.nanoTime();
            new ExpositionParser(format, ExpositionParser.DEFAULT_MAX_LINE_BYTES, 0,
                            ExpositionParser.Strictness.PROMETHEUS)
                    .parse(new java.io.ByteArrayInputStream(payload),
                            new io.gridscope.collectors.prometheus.exposition.CollectingHandler());
            long t2 = System.nanoTime();
            if (i >= 0) {
                t[3][i] = (t1 - t0) / 1e6;
                t[4][i] = (t2 - t1) / 1e6;
            }
        }
        String[] names = {"get_gzip", "get_identity", "scraper_scrape", "gunzip_only", "parse_only"};
        StringBuilder out = new StringBuilder("split_ms");
        for (int k = 0; k < names.length; k++) {
            Arrays.sort(t[k]);
            out.append(String.format(Locale.ROOT, " %s=%.3f", names[k], t[k][n / 2]));
        }
        System.out.println(out.append(" n=").append(n).append(" payload_bytes=").append(payload.length));
    }

    private static HttpResponse<byte[]> get(HttpClient client, URI url, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Accept", Scraper.ACCEPT);
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " from " + url);
        }
        return r;
    }

    static void parse(Path file, ExpositionFormat format, int runs) throws Exception {
        long bytes = Files.size(file);
        double[] mbPerSecond = new double[runs];
        String json = "";
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            ExpositionCheck.Outcome outcome;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                outcome = ExpositionCheck.check(in, new ExpositionParser(format));
            }
            long t = System.nanoTime() - t0;
            if (!(outcome instanceof ExpositionCheck.Valid)) {
                throw new IllegalStateException("payload invalid: " + outcome.toJson());
            }
            json = outcome.toJson();
            if (i > 0) { // the first run warms the JIT
                mbPerSecond[i - 1] = bytes / 1e6 / (t / 1e9);
            }
        }
        Arrays.sort(mbPerSecond);
        System.out.printf(Locale.ROOT, "parse_%s bytes=%d median_MBps=%.1f best_MBps=%.1f runs=%d result=%s%n",
                format.name().toLowerCase(Locale.ROOT), bytes, mbPerSecond[runs / 2], mbPerSecond[runs - 1], runs, json);
    }
}
