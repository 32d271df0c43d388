package io.gridscope.console.app.fleet;

import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.PromQueryException;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Usage sources for the fleet path: a saved Prometheus server source (Sources page, {@code ui.properties}) by its
 * name, for a report over that server's hosts ({@code ./gridscope report --source NAME}).
 */
public final class FleetSources {
    private FleetSources() {}

    /**
     * The server source saved as {@code name}, read through PromQL; the caller closes it (that closes its client).
     *
     * @param timeout how long one report's reads may take in all (each request is also bounded by the source's own
     *     query timeout)
     * @throws UserFacingException when no server source has that name (usage error), or its client cannot be made
     *     (a missing secret, a TLS setting that does not load)
     */
    public static PrometheusUsageSource open(UiSettings settings, String name, Duration timeout) {
        return open(SourceSpec.loadAll(settings), name, timeout);
    }

    static PrometheusUsageSource open(List<SourceSpec> saved, String name, Duration timeout) {
        SourceSpec spec = saved.stream()
                .filter(s -> s.id().equals(name))
                .findFirst()
                .orElseThrow(() -> new UserFacingException(
                        "no saved source is named " + name + "; " + serverNames(saved), ExitCodes.USAGE));
        if (spec.type() != SourceSpec.Type.PROMETHEUS_SERVER) {
            throw new UserFacingException(
                    "source " + name + " is an exporter: what it delivers is in the local history, so report without"
                            + " --source; " + serverNames(saved),
                    ExitCodes.USAGE);
        }
        try {
            return PrometheusUsageSource.owning(new PromQueryClient(spec.toServerSource()), timeout);
        } catch (PromQueryException e) {
            throw new UserFacingException("source " + name + ": " + e.getMessage(), ExitCodes.FAILURE, e);
        }
    }

    private static String serverNames(List<SourceSpec> saved) {
        String names = saved.stream()
                .filter(s -> s.type() == SourceSpec.Type.PROMETHEUS_SERVER)
                .map(SourceSpec::id)
                .sorted()
                .collect(Collectors.joining(", "));
        return names.isEmpty()
                ? "no Prometheus server source is saved (add one on the Sources page)"
                : "saved Prometheus server sources: " + names;
    }
}
