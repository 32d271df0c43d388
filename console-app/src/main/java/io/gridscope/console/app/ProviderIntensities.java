package io.gridscope.console.app;

import io.gridscope.history.HistoryStore;
import io.gridscope.reports.carbon.ElectricityMapsClient;
import io.gridscope.reports.carbon.IntensityCache;
import io.gridscope.reports.carbon.IntensityScope;
import io.gridscope.reports.carbon.ProviderException;
import io.gridscope.reports.carbon.ProviderToken;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.Site;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the history's cache of live grid intensities for every site that names an Electricity Maps zone, so
 * reports read them offline and give the same figures later. Only hours not stored yet are fetched. The token is
 * read from the site's token file at each request and never written or logged.
 */
public final class ProviderIntensities {
    /** What one site's fill did, as a line for people. */
    public record Outcome(String site, boolean ok, String message) {}

    private ProviderIntensities() {}

    public static List<Outcome> fill(
            AccountingConfig config,
            HistoryStore store,
            Instant from,
            Instant to,
            ElectricityMapsClient.Options options,
            Clock clock) {
        List<Outcome> out = new ArrayList<>();
        for (Site site : config.sites()) {
            if (site.providerZone().isEmpty()) {
                continue;
            }
            String zone = site.providerZone().get();
            if (site.providerTokenFile().isEmpty()) {
                out.add(new Outcome(
                        site.id(),
                        false,
                        "site " + site.id() + ": electricitymaps_zone " + zone
                                + " is set but electricitymaps_token_file is not: no token, nothing fetched"));
                continue;
            }
            IntensityScope scope = IntensityScope.parse(site.intensityKind().scope());
            try (ElectricityMapsClient client = new ElectricityMapsClient(
                    ProviderToken.file(site.providerTokenFile().get()), options, clock)) {
                IntensityCache.FillResult r = new IntensityCache(store, client, clock).fill(zone, scope, from, to);
                String msg = "site " + site.id() + " (" + zone + "): " + r.hours() + " hours, " + r.cached()
                        + " already stored, " + r.fetched() + " fetched, " + r.stored() + " stored, " + r.missing()
                        + " without a value"
                        + r.writeProblem().map(p -> "; not stored: " + p).orElse("");
                out.add(new Outcome(site.id(), r.writeProblem().isEmpty(), msg));
            } catch (ProviderException e) {
                out.add(new Outcome(site.id(), false, "site " + site.id() + " (" + zone + "): " + e.getMessage()));
            }
        }
        return out;
    }
}
