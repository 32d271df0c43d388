package io.gridscope.console.app;

import io.gridscope.collectors.prometheus.query.PrometheusServerSource;
import io.gridscope.collectors.prometheus.scrape.HttpUrls;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.collectors.prometheus.scrape.ScrapeTarget;
import io.gridscope.model.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Prometheus source as the user enters it: an exporter Gridscope scrapes into its history, or a Prometheus server
 * it queries. A typed secret lives in memory only: {@link #storeInto} never writes it, so after a restart it must
 * be entered again, unless the source reads it from a file (see {@link SourceAuth}).
 *
 * @param preset how an exporter's samples map onto Gridscope series; ignored for a server
 */
public record SourceSpec(
        String id,
        Type type,
        URI url,
        ScrapePreset.Kind preset,
        Duration interval,
        SourceAuth auth,
        boolean insecureSkipTlsVerify) {
    /** What the URL points at. */
    public enum Type {
        /** A /metrics endpoint (node_exporter, dcgm-exporter, …), scraped into the local history. */
        EXPORTER,
        /** A Prometheus (or PromQL-compatible) server, queried for its hosts' and GPUs' history. */
        PROMETHEUS_SERVER
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** Validates the form's text; every problem is reported against its field. */
    public static Map<String, String> validate(String id, String url, String interval) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!ID.matcher(id.strip()).matches()) {
            errors.put("id", "1–64 letters, digits, '.', '_' or '-'");
        }
        try {
            HttpUrls.requireHttp(new URI(url.strip()), "URL");
        } catch (URISyntaxException e) {
            errors.put("url", "not a URL: " + e.getReason());
        } catch (IllegalArgumentException e) {
            errors.put("url", e.getMessage());
        }
        try {
            if (Durations.parse(interval).compareTo(MIN_INTERVAL) < 0) {
                errors.put("interval", "at least 1s");
            }
        } catch (RuntimeException e) {
            errors.put("interval", "not a duration (e.g. 15s, 1m)");
        }
        return errors;
    }

    /** Builds a spec from text that {@link #validate} accepted. */
    public static SourceSpec of(
            String id,
            Type type,
            String url,
            ScrapePreset.Kind preset,
            String interval,
            SourceAuth auth,
            boolean insecure) {
        Map<String, String> errors = validate(id, url, interval);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.toString());
        }
        return new SourceSpec(
                id.strip(), type, URI.create(url.strip()), preset, Durations.parse(interval), auth, insecure);
    }

    /** The same source with another authentication. */
    public SourceSpec withAuth(SourceAuth newAuth) {
        return new SourceSpec(id, type, url, preset, interval, newAuth, insecureSkipTlsVerify);
    }

    /** The collector id its status is published under ("prometheus:ID" or "promql:ID"). */
    public String collectorId() {
        return (type == Type.EXPORTER ? ScrapeManager.COLLECTOR_ID_PREFIX : PrometheusServers.COLLECTOR_ID_PREFIX) + id;
    }

    /** A server source's query settings: 30 s timeout, 64 MiB response limit. Reads a secret file (I/O). */
    public PrometheusServerSource toServerSource() {
        PrometheusServerSource s = PrometheusServerSource.of(id, url, auth.credentials());
        return new PrometheusServerSource(
                s.id(),
                s.baseUrl(),
                s.credentials(),
                s.caBundle(),
                insecureSkipTlsVerify,
                s.connectTimeout(),
                s.timeout(),
                s.maxResponseBytes());
    }

    /** An exporter's scrape settings. Reads a secret file (I/O). */
    public ScrapeTarget toTarget() {
        ScrapeTarget.Builder b = ScrapeTarget.builder(id, url)
                .interval(interval)
                .timeout(interval.compareTo(ScrapeTarget.DEFAULT_TIMEOUT) < 0 ? interval : ScrapeTarget.DEFAULT_TIMEOUT)
                .credentials(auth.credentials());
        if (insecureSkipTlsVerify) {
            b.insecureSkipTlsVerify();
        }
        return b.build();
    }

    /** Writes everything but the token. */
    public void storeInto(UiSettings settings) {
        String k = "source." + id + ".";
        settings.put(k + "type", type.name());
        settings.put(k + "url", url.toString());
        settings.put(k + "preset", preset.name());
        settings.put(k + "interval", interval.toString());
        settings.put(k + "insecure", Boolean.toString(insecureSkipTlsVerify));
        auth.storeInto(settings, k);
    }

    /**
     * Deletes every saved key of source {@code id}, so none is left behind in {@code ui.properties}; the keys of a
     * source whose id merely starts with it ("node" and "node.2") are kept.
     */
    public static void removeFrom(UiSettings settings, String id) {
        for (String key : settings.keys()) {
            if (isKeyOf(key, id)) {
                settings.remove(key);
            }
        }
    }

    /** Whether any key of source {@code id} is saved (a source {@link #loadAll} skips as malformed included). */
    public static boolean isSaved(UiSettings settings, String id) {
        return settings.keys().stream().anyMatch(key -> isKeyOf(key, id));
    }

    /** "source.ID.FIELD": ids may hold '.', field names never do. */
    private static boolean isKeyOf(String key, String id) {
        String prefix = "source." + id + ".";
        return key.startsWith(prefix) && key.indexOf('.', prefix.length()) < 0;
    }

    /**
     * The sources saved in settings (entries with an empty URL are removed ones); malformed ones (an id or an interval
     * the Sources form refuses, an unknown preset or type, a URL that is not http or https) are skipped and logged.
     */
    public static List<SourceSpec> loadAll(UiSettings settings) {
        List<SourceSpec> out = new ArrayList<>();
        for (String key : settings.keys()) {
            // "source.url" starts and ends right but overlaps itself: it names no source
            if (!key.startsWith("source.")
                    || !key.endsWith(".url")
                    || key.length() < "source.".length() + ".url".length()) {
                continue;
            }
            String id = key.substring("source.".length(), key.length() - ".url".length());
            String url = settings.get(key).orElse("");
            if (url.isBlank()) {
                continue;
            }
            try {
                ScrapePreset.Kind kind = ScrapePreset.Kind.valueOf(
                        settings.get("source." + id + ".preset").orElse("RAW").toUpperCase(Locale.ROOT));
                Duration interval = Duration.parse(
                        settings.get("source." + id + ".interval").orElse("PT15S"));
                // what the Sources form refuses cannot start either (a scrape needs a positive interval)
                if (!ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("not a source id (1–64 letters, digits, '.', '_' or '-')");
                }
                if (interval.compareTo(MIN_INTERVAL) < 0) {
                    throw new IllegalArgumentException("interval " + interval + " is shorter than " + MIN_INTERVAL);
                }
                boolean insecure = Boolean.parseBoolean(
                        settings.get("source." + id + ".insecure").orElse("false"));
                Type type = Type.valueOf(settings.get("source." + id + ".type")
                        .filter(t -> !t.isBlank())
                        .orElse("EXPORTER"));
                out.add(new SourceSpec(
                        id,
                        type,
                        HttpUrls.requireHttp(URI.create(url), "URL"),
                        kind,
                        interval,
                        SourceAuth.load(settings, "source." + id + "."),
                        insecure));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SourceSpec.class)
                        .warn("ignoring saved source {}: {}", id, e.getMessage());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "SourceSpec[" + id + ", " + type + ", " + url + ", " + preset + ", " + interval + ", " + auth + "]";
    }
}
