package io.gridscope.console.app;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PromQueryException;
import io.gridscope.collectors.prometheus.query.QueryData;
import io.gridscope.collectors.prometheus.query.RemoteSeries;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.scheduler.Backoff;
import io.gridscope.collectors.scheduler.SnapshotSink;
import io.gridscope.history.SeriesData;
import io.gridscope.model.BackgroundPriority;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Prometheus server" sources: fleets whose history stays in Prometheus (or any PromQL-compatible server) and is
 * queried, not copied. Each source is polled every {@link SourceSpec#interval()} with the {@link RemoteSeries}
 * presets as instant queries; the results (Gridscope series, {@code host} = the exporter's instance or Hostname)
 * go to the sinks for live display only, never into the local history. Charts of a remote host read its range
 * through {@link #range}, a PromQL range query.
 *
 * <p>Every poll is guarded like a collector pass in {@code CollectorScheduler}: nothing it throws escapes the
 * timer (a task that throws under {@code scheduleAtFixedRate} is never run again), a failure of any kind becomes the
 * source's FAILED or UNAVAILABLE status with the reason, and a failing source is retried with exponential backoff
 * ({@link Backoff}, from its interval up to {@link #MAX_BACKOFF}), or longer when the server's {@code Retry-After}
 * asks for it (up to {@link ScrapeManager#MAX_RETRY_AFTER}, the cap scraped sources have too). The timer only
 * dispatches: each poll runs on its own virtual thread, so one slow or silent server never delays another's polls,
 * and polls of one server never overlap.
 *
 * <p>Lifecycle: {@link #add} starts polling a source, {@link #remove} stops it, {@link #close} stops all. Thread-safe;
 * every method but the sink registration blocks on the network only as long as the source's timeout.
 */
public final class PrometheusServers implements AutoCloseable {
    public static final String COLLECTOR_ID_PREFIX = "promql:";
    /** The shortest step of a range query: finer than any usual scrape interval gives repeated values only. */
    static final Duration MIN_STEP = Duration.ofSeconds(5);
    /** The longest wait between two polls of a failing server. */
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(PrometheusServers.class);

    private final Clock clock;
    private final ScheduledExecutorService timer =
            Executors.newScheduledThreadPool(1, BackgroundPriority.daemonThreads("gridscope-promql"));
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final List<SnapshotSink> sinks = new CopyOnWriteArrayList<>();
    private final List<Consumer<CollectorStatus>> statusListeners = new CopyOnWriteArrayList<>();

    private static final class Server {
        final SourceSpec spec;
        final PromQueryClient client;
        volatile Set<String> hosts = Set.of();
        volatile ScheduledFuture<?> task;
        /** Set while a poll runs: polls of one source never overlap. Also orders the fields below between polls. */
        final AtomicBoolean inFlight = new AtomicBoolean();

        int failures;
        long lastSuccessEpochMillis;
        long nextAttemptMillis;
        /** The wait the last failed poll's server asked for (Retry-After, capped), 0 if none. */
        long retryAfterMillis;

        Server(SourceSpec spec, PromQueryClient client) {
            this.spec = spec;
            this.client = client;
        }
    }

    public PrometheusServers(Clock clock) {
        this.clock = clock;
    }

    public void addSink(SnapshotSink sink) {
        sinks.add(sink);
    }

    public void addStatusListener(Consumer<CollectorStatus> listener) {
        statusListeners.add(listener);
    }

    /** Starts polling a server source; one with the same id is replaced. */
    public void add(SourceSpec spec) throws PromQueryException {
        PromQueryClient client = new PromQueryClient(spec.toServerSource());
        Server s = new Server(spec, client);
        remove(spec.id());
        servers.put(spec.id(), s);
        publish(CollectorStatus.starting(collectorId(spec.id()), displayName(spec)));
        s.task = timer.scheduleAtFixedRate(() -> dispatch(s), 0, spec.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling a source and forgets its hosts; unknown ids are ignored. */
    public void remove(String id) {
        Server s = servers.remove(id);
        if (s != null) {
            if (s.task != null) {
                s.task.cancel(false);
            }
            s.client.close();
        }
    }

    public static String collectorId(String sourceId) {
        return COLLECTOR_ID_PREFIX + sourceId;
    }

    private static String displayName(SourceSpec spec) {
        return spec.id() + " (Prometheus server " + spec.url() + ")";
    }

    /** Host → collector id of the server source it was last seen in. */
    public Map<String, String> hostSources() {
        Map<String, String> out = new LinkedHashMap<>();
        servers.values().forEach(s -> s.hosts.forEach(h -> out.put(h, collectorId(s.spec.id()))));
        return out;
    }

    /** True when a server source knows this host: its history is read from that server. */
    public boolean knows(String host) {
        return servers.values().stream().anyMatch(s -> s.hosts.contains(host));
    }

    /**
     * A chart's data from the servers: the preset for {@code metric} as a range query, limited to the
     * {@code host} matcher when there is one, at a step giving about {@code maxPoints} points (at least
     * {@link #MIN_STEP}); other matchers are applied to the result. Empty for metrics without a preset.
     *
     * @throws UserFacingException when a server cannot answer
     */
    public List<SeriesData> range(String metric, Labels matchers, long fromMillis, long toMillis, int maxPoints) {
        Optional<RemoteSeries> preset = RemoteSeries.forMetric(metric);
        if (preset.isEmpty() || toMillis <= fromMillis) {
            return List.of();
        }
        Optional<String> host = matchers.get("host");
        Duration step = Duration.ofSeconds(Math.max(
                MIN_STEP.toSeconds(), (long) Math.ceil((toMillis - fromMillis) / 1000.0 / Math.max(1, maxPoints))));
        Map<SeriesId, List<Sample>> bySeries = new LinkedHashMap<>();
        for (Server s : servers.values()) {
            if (host.isPresent() && !s.hosts.contains(host.get())) {
                continue;
            }
            try {
                for (Sample sample : preset.get()
                        .history(
                                s.client,
                                Instant.ofEpochMilli(fromMillis),
                                Instant.ofEpochMilli(toMillis),
                                step,
                                host)) {
                    if (sample.series().labels().containsAll(matchers)) {
                        bySeries.computeIfAbsent(sample.series(), k -> new ArrayList<>())
                                .add(sample);
                    }
                }
            } catch (PromQueryException e) {
                throw new UserFacingException(
                        "Prometheus server " + s.spec.id() + ": " + e.getMessage(), ExitCodes.FAILURE, e);
            }
        }
        List<SeriesData> out = new ArrayList<>(bySeries.size());
        bySeries.forEach((id, samples) -> {
            long[] t = new long[samples.size()];
            double[] v = new double[samples.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = samples.get(i).epochMillis();
                v[i] = samples.get(i).value();
            }
            out.add(new SeriesData(id, t, v));
        });
        return out;
    }

    /**
     * Asks a server once, now, without adding it: "OK: …" with what it holds that Gridscope can show, or
     * "Failed: …".
     */
    public static String test(SourceSpec spec, Clock clock) {
        try (PromQueryClient client = new PromQueryClient(spec.toServerSource())) {
            long start = System.nanoTime();
            QueryData up = client.query("up", clock.instant()).data();
            long millis = (System.nanoTime() - start) / 1_000_000;
            int targets = 0;
            int upCount = 0;
            if (up instanceof QueryData.Vector v) {
                targets = v.samples().size();
                upCount = (int) v.samples().stream().filter(s -> s.value() == 1).count();
            }
            Set<String> hosts = new TreeSet<>();
            Set<String> gpus = new TreeSet<>();
            Duration window = Duration.ofMinutes(1);
            for (Sample s : RemoteSeries.forMetric("host_memory_total_bytes")
                    .orElseThrow()
                    .latest(client, clock.instant(), window)) {
                s.series().labels().get("host").ifPresent(hosts::add);
            }
            for (Sample s : RemoteSeries.forMetric("gpu_temperature_celsius")
                    .orElseThrow()
                    .latest(client, clock.instant(), window)) {
                s.series().labels().get("gpu_uuid").ifPresent(gpus::add);
            }
            return String.format(
                    Locale.ROOT,
                    "OK: answered in %d ms; %d targets (%d up); %d node_exporter hosts, " + "%d dcgm-exporter GPUs",
                    millis,
                    targets,
                    upCount,
                    hosts.size(),
                    gpus.size());
        } catch (PromQueryException e) {
            return "Failed: " + e.getMessage();
        }
    }

    /**
     * Starts a poll on its own virtual thread unless the source's previous poll is still running: the timer only
     * dispatches, so a server that answers slowly (up to its timeout) never delays another source's polls.
     */
    private void dispatch(Server s) {
        if (!s.inFlight.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread.ofVirtual().name("gridscope-promql-" + s.spec.id()).start(() -> {
                try {
                    pollGuarded(s);
                } finally {
                    s.inFlight.set(false);
                }
            });
        } catch (RuntimeException | Error e) {
            s.inFlight.set(false);
            log.error("cannot start a poll of Prometheus server {}", s.spec.id(), e);
        }
    }

    /** One poll, if the source is not backing off; never lets anything escape to the timer. */
    private void pollGuarded(Server s) {
        try {
            if (clock.millis() < s.nextAttemptMillis) {
                return;
            }
            poll(s);
        } catch (Throwable t) {
            s.failures++;
            String reason = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (s.failures == 1) {
                log.error("polling Prometheus server {} failed unexpectedly", s.spec.id(), t);
            }
            if (servers.get(s.spec.id()) == s) {
                try {
                    publish(new CollectorStatus(
                            collectorId(s.spec.id()),
                            displayName(s.spec),
                            CollectorState.FAILED,
                            reason,
                            s.lastSuccessEpochMillis,
                            0,
                            0,
                            s.failures));
                } catch (Throwable again) {
                    log.error("reporting the failure of Prometheus server {} failed too", s.spec.id(), again);
                }
            }
        }
        s.nextAttemptMillis = s.failures == 0
                ? 0
                : clock.millis()
                        + Math.max(
                                Backoff.delay(s.spec.interval(), s.failures, MAX_BACKOFF)
                                        .toMillis(),
                                s.retryAfterMillis);
    }

    private void poll(Server s) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        // rates over 4 × the interval (at least 1 m, see RemoteSeries) cope with 15–30 s scrape intervals
        Duration window = s.spec.interval().multipliedBy(4);
        List<Sample> samples = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        PromQueryException last = null;
        for (RemoteSeries preset : RemoteSeries.ALL) {
            if (servers.get(s.spec.id()) != s) {
                return; // removed meanwhile
            }
            try {
                samples.addAll(preset.latest(s.client, now, window));
            } catch (PromQueryException e) {
                errors.add(preset.metric() + ": " + e.getMessage());
                last = e;
                if (e.errorType() == PromQueryException.ErrorType.UNREACHABLE
                        || e.errorType() == PromQueryException.ErrorType.TLS
                        || e.errorType() == PromQueryException.ErrorType.CLIENT_TIMEOUT) {
                    break; // the next queries would fail the same way
                }
            }
        }
        Set<String> hosts = new TreeSet<>();
        samples.forEach(x -> x.series().labels().get("host").ifPresent(hosts::add));
        long nanos = System.nanoTime() - start;
        long nowMillis = clock.millis();
        CollectorStatus status;
        s.retryAfterMillis = last == null
                ? 0
                : last.retryAfter()
                        .map(d -> Math.min(d.toMillis(), ScrapeManager.MAX_RETRY_AFTER.toMillis()))
                        .orElse(0L);
        if (samples.isEmpty() && last != null) {
            s.failures++;
            status = new CollectorStatus(
                    collectorId(s.spec.id()),
                    displayName(s.spec),
                    last.errorType() == PromQueryException.ErrorType.UNREACHABLE
                            ? CollectorState.UNAVAILABLE
                            : CollectorState.FAILED,
                    last.getMessage(),
                    s.lastSuccessEpochMillis,
                    nanos,
                    0,
                    s.failures);
            if (s.failures == 1) {
                log.warn("Prometheus server {} failed: {}", s.spec.id(), last.getMessage());
            }
        } else {
            s.failures = 0;
            s.lastSuccessEpochMillis = nowMillis;
            s.hosts = Set.copyOf(hosts);
            status = new CollectorStatus(
                    collectorId(s.spec.id()),
                    displayName(s.spec),
                    CollectorState.OK,
                    errors.isEmpty()
                            ? ""
                            : errors.size() + " of " + RemoteSeries.ALL.size() + " queries failed: "
                                    + errors.getFirst(),
                    nowMillis,
                    nanos,
                    samples.size(),
                    0);
            Snapshot snapshot = Snapshot.of(collectorId(s.spec.id()), nowMillis, samples);
            for (SnapshotSink sink : sinks) {
                try {
                    sink.accept(snapshot);
                } catch (RuntimeException e) {
                    log.warn("a sink of Prometheus server {} failed", s.spec.id(), e);
                }
            }
        }
        if (servers.get(s.spec.id()) == s) {
            publish(status);
        }
    }

    private void publish(CollectorStatus status) {
        for (Consumer<CollectorStatus> l : statusListeners) {
            l.accept(status);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        servers.keySet().forEach(this::remove);
    }
}
