package io.gridscope.console.ui.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The time range every page shows: either "the last {@code window}, following now" (live) or a fixed
 * {@code [from, to)}. Immutable.
 */
public record TimeRange(Duration window, Instant from, Instant to) {
    public static final List<TimeRange> PRESETS = List.of(
            live(Duration.ofMinutes(15)),
            live(Duration.ofHours(1)),
            live(Duration.ofHours(6)),
            live(Duration.ofHours(24)),
            live(Duration.ofDays(7)),
            live(Duration.ofDays(30)));
    public static final TimeRange DEFAULT = PRESETS.get(0);

    public TimeRange {
        if (window == null) {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("the range must end after it starts");
            }
        } else if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
    }

    public static TimeRange live(Duration window) {
        return new TimeRange(window, null, null);
    }

    public static TimeRange fixed(Instant from, Instant to) {
        return new TimeRange(null, from, to);
    }

    public boolean isLive() {
        return window != null;
    }

    public Duration length() {
        return isLive() ? window : Duration.between(from, to);
    }

    /** {@code [from, to)} in epoch millis at {@code nowMillis}. */
    public long fromMillis(long nowMillis) {
        return isLive() ? nowMillis - window.toMillis() : from.toEpochMilli();
    }

    public long toMillis(long nowMillis) {
        return isLive() ? nowMillis + 1 : to.toEpochMilli();
    }

    /** Short label: "15 min", "24 h", "7 d", or the fixed span. */
    public String label() {
        if (!isLive()) {
            return "Custom";
        }
        long m = window.toMinutes();
        if (m < 60) {
            return m + " min";
        }
        if (m < 48 * 60) {
            return window.toHours() + " h";
        }
        return window.toDays() + " d";
    }

    /** Stable text form for settings: {@code live:PT15M} or {@code fixed:FROM/TO}. */
    public String encode() {
        return isLive() ? "live:" + window : "fixed:" + from + "/" + to;
    }

    public static Optional<TimeRange> decode(String text) {
        try {
            if (text.startsWith("live:")) {
                return Optional.of(live(Duration.parse(text.substring(5))));
            }
            if (text.startsWith("fixed:")) {
                String[] parts = text.substring(6).split("/", 2);
                return Optional.of(fixed(Instant.parse(parts[0]), Instant.parse(parts[1])));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
