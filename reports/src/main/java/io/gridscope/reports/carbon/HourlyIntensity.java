package io.gridscope.reports.carbon;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One hour's intensity as a live provider gives it.
 *
 * @param zone             the provider's zone key ({@code DE}, {@code US-CAL-CISO})
 * @param hour             the start of the hour (UTC, on the hour)
 * @param gramsPerKwh      gCO2e/kWh
 * @param scope            life-cycle or direct (the provider's emission factor type)
 * @param estimated        the provider estimated the value (no measured data yet)
 * @param estimationMethod how it estimated it, when it says
 * @param updatedAt        when the provider last changed the value, when it says
 */
public record HourlyIntensity(
        String zone,
        Instant hour,
        double gramsPerKwh,
        IntensityScope scope,
        boolean estimated,
        Optional<String> estimationMethod,
        Optional<Instant> updatedAt) {
    public HourlyIntensity {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(estimationMethod, "estimationMethod");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (hour.toEpochMilli() % 3_600_000 != 0) {
            throw new IllegalArgumentException("not the start of an hour: " + hour);
        }
        if (!Double.isFinite(gramsPerKwh) || gramsPerKwh < 0) {
            throw new IllegalArgumentException("intensity must be finite and not negative, got " + gramsPerKwh);
        }
    }
}
