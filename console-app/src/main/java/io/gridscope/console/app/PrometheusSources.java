package io.gridscope.console.app;

import io.gridscope.collectors.CollectorStatus;
import io.gridscope.collectors.prometheus.query.PromQueryException;
import io.gridscope.collectors.prometheus.scrape.ScrapeException;
import io.gridscope.collectors.prometheus.scrape.ScrapeManager;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.collectors.scheduler.SnapshotSink;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Prometheus sources of one running Gridscope, console or {@code collect}: exporters are scraped by a {@link
 * ScrapeManager} into the history and the live sinks; Prometheus servers are polled by {@link PrometheusServers}
 * for live display only (their history stays on the server). Thread-safe; {@link #close} stops both.
 */
public final class PrometheusSources implements AutoCloseable {
    private final ScrapeManager scrapes;
    private final PrometheusServers servers;

    /**
     * @param history receives what exporters deliver (the history store's append)
     * @param live receives what every source delivers, for display; may be a no-op
     */
    public PrometheusSources(Clock clock, SnapshotSink history, SnapshotSink live, Consumer<CollectorStatus> statuses) {
        scrapes = new ScrapeManager(clock);
        scrapes.addSink(history);
        scrapes.addSink(live);
        scrapes.addStatusListener(s -> statuses.accept(s.toCollectorStatus()));
        scrapes.start();
        servers = new PrometheusServers(clock);
        servers.addSink(live);
        servers.addStatusListener(statuses);
    }

    /**
     * Starts a source; one with the same id is replaced.
     *
     * @throws UserFacingException when it cannot start (an invalid target, a secret that is not available)
     */
    public void add(SourceSpec source) {
        try {
            if (source.type() == SourceSpec.Type.PROMETHEUS_SERVER) {
                servers.add(source);
            } else {
                scrapes.add(source.toTarget(), ScrapePreset.create(source.preset()));
            }
        } catch (ScrapeException | PromQueryException | IllegalArgumentException e) {
            throw new UserFacingException("cannot add " + source.id() + ": " + e.getMessage(), ExitCodes.FAILURE, e);
        }
    }

    /** Stops a source; unknown ids are ignored. */
    public void remove(String id) {
        scrapes.remove(id);
        servers.remove(id);
    }

    public PrometheusServers servers() {
        return servers;
    }

    /** Host → collector id of the source it comes from, exporters first. */
    public Map<String, String> hostSources() {
        Map<String, String> out = new LinkedHashMap<>();
        scrapes.targets().forEach(t -> out.putIfAbsent(t.instance(), ScrapeManager.COLLECTOR_ID_PREFIX + t.id()));
        servers.hostSources().forEach(out::putIfAbsent);
        return out;
    }

    /** The latest status of every exporter source. */
    public Collection<CollectorStatus> exporterStatuses() {
        return scrapes.statuses().stream().map(s -> s.toCollectorStatus()).toList();
    }

    @Override
    public void close() {
        scrapes.close();
        servers.close();
    }
}
