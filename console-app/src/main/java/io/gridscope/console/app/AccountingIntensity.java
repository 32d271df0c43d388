package io.gridscope.console.app;

import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.config.AccountingConfig;

/**
 * The one place the console chooses how grid carbon intensity is found for its reports. Today: a site's fixed
 * intensity, else the world average (flagged as a fallback in every report's methodology). A resolver that also
 * reads the built-in zone tables, imported profiles and a provider's cached history replaces the body of {@link
 * #lookupFor} and nothing else: {@link AccountingService} asks here for every report it computes, and {@code
 * ArchitectureTest} keeps every other console class from choosing a lookup of its own.
 */
public final class AccountingIntensity {
    private AccountingIntensity() {}

    /**
     * The lookup for reports computed with {@code config}.
     *
     * @param access where the configuration and the data live (a resolver with profiles or a provider cache reads
     *     them from here)
     */
    public static IntensityLookup lookupFor(AccountingConfig config, AccountingAccess access) {
        return IntensityLookup.FIXED_OR_WORLD;
    }
}
