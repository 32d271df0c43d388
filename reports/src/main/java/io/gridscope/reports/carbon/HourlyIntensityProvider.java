package io.gridscope.reports.carbon;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** A live source of hourly grid intensities, such as {@link ElectricityMapsClient}. Blocking; call off the UI thread. */
public interface HourlyIntensityProvider {
    /** A short id for stored series' {@code provider} label ({@code electricitymaps}). */
    String id();

    /** The name reports show as the source ({@code Electricity Maps}). */
    String displayName();

    /**
     * The hours in {@code [start, end)} the provider has, oldest first, handed to {@code onPage} a page at a time so
     * that what arrived is kept when a later page fails.
     *
     * @throws ProviderException when a request fails; pages handed over before stay handed over
     */
    void pastRange(
            String zone, Instant start, Instant end, IntensityScope scope, Consumer<List<HourlyIntensity>> onPage)
            throws ProviderException;

    /** The last 24 hours the provider has, oldest first. */
    List<HourlyIntensity> recent(String zone, IntensityScope scope) throws ProviderException;
}
