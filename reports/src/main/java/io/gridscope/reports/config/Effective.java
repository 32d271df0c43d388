package io.gridscope.reports.config;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a price, rate or rule applies: from {@code from} (inclusive) to {@code to} (exclusive; open-ended when
 * empty). A change mid-month is a new entry whose {@code from} is the previous entry's {@code to}.
 */
public record Effective(Instant from, Optional<Instant> to) {
    public static final Effective ALWAYS = new Effective(Instant.EPOCH, Optional.empty());

    public Effective {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isPresent() && !to.get().isAfter(from)) {
            throw new IllegalArgumentException("ends (" + to.get() + ") before it starts (" + from + ")");
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(from) && (to.isEmpty() || t.isBefore(to.get()));
    }

    public boolean overlaps(Effective o) {
        boolean thisEndsBefore = to.isPresent() && !to.get().isAfter(o.from);
        boolean otherEndsBefore = o.to.isPresent() && !o.to.get().isAfter(from);
        return !thisEndsBefore && !otherEndsBefore;
    }

    /** "from 2026-11-01T00:00:00Z", "from … to …", "until …" or "always". */
    public String describe() {
        if (from.equals(Instant.EPOCH)) {
            return to.map(t -> "until " + t).orElse("always");
        }
        return "from " + from + to.map(t -> " to " + t).orElse("");
    }
}
