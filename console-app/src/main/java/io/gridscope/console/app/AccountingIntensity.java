package io.gridscope.console.app;

import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.SiteIntensities;
import io.gridscope.reports.config.AccountingConfig;
import java.util.List;

/**
 * The one place the console and the commands choose how grid carbon intensity is found for their reports: per site
 * and hour, the provider's hours stored in the history, an imported profile, a fixed value, the built-in zone table,
 * else the world average (flagged as a fallback in every report's methodology); see {@link SiteIntensities}. {@link
 * AccountingService}, {@link AccountingPublisher} and {@code ./gridscope report} ask here, and {@code
 * ArchitectureTest} keeps every other console class from choosing a lookup of its own.
 */
public final class AccountingIntensity {
    private AccountingIntensity() {}

    /**
     * The lookup for reports computed with {@code config} over the history {@code reader} reads.
     *
     * @throws io.gridscope.reports.accounting.AccountingInputException when a site's intensity profile cannot be
     *     read
     */
    public static IntensityLookup lookupFor(AccountingConfig config, HistoryReader reader) {
        return SiteIntensities.of(config, reader::queryRange);
    }

    /**
     * The lookup for reports whose measurements come from elsewhere (a Prometheus server, {@code report --source})
     * where there is no local history: no stored provider hours, the other settings as above.
     *
     * @throws io.gridscope.reports.accounting.AccountingInputException when a site's intensity profile cannot be
     *     read
     */
    public static IntensityLookup lookupWithoutHistory(AccountingConfig config) {
        return SiteIntensities.of(config, (query, stepMillis) -> List.of());
    }
}
