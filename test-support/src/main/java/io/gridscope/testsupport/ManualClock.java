package io.gridscope.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock that tests move by hand; safe to read and move from any thread. */
public final class ManualClock extends Clock {
    private final AtomicLong epochMillis;

    public ManualClock(long epochMillis) {
        this.epochMillis = new AtomicLong(epochMillis);
    }

    /** Moves the clock forward (or back, for a negative duration) and returns the new time in epoch millis. */
    public long advance(Duration by) {
        return epochMillis.addAndGet(by.toMillis());
    }

    public void set(long epochMillis) {
        this.epochMillis.set(epochMillis);
    }

    @Override
    public long millis() {
        return epochMillis.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(epochMillis.get());
    }
}
