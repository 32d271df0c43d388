/**
 * Grid carbon intensity: what an hour of a site's electricity is charged with, in gCO2e/kWh, with its basis,
 * scope and source.
 *
 * <ul>
 *   <li>{@link io.gridscope.reports.carbon.IntensityResolver}: what the accounting calls, per hour, over a site's
 *       {@link io.gridscope.reports.carbon.IntensitySettings};
 *   <li>{@link io.gridscope.reports.carbon.BuiltInIntensities}: the shipped annual averages per country and region
 *       (source, year and licence per row), and the world-average fallback;
 *   <li>{@link io.gridscope.reports.carbon.IntensityProfile}: hourly or monthly profiles imported from CSV;
 *   <li>{@link io.gridscope.reports.carbon.ElectricityMapsClient}: the live provider, with the user's token;
 *   <li>{@link io.gridscope.reports.carbon.IntensityCache}: the provider's hours kept in the history, so reports are
 *       reproducible offline;
 *   <li>{@link io.gridscope.reports.carbon.IntensityUnits}: unit parsing and exact conversion to g/kWh.
 * </ul>
 */
package io.gridscope.reports.carbon;
