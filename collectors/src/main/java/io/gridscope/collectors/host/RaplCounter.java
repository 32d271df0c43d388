package io.gridscope.collectors.host;

/**
 * One RAPL zone's {@code energy_uj}, a counter that wraps to zero at {@code max_energy_range_uj}, turned into the
 * energy counted since this collector first read the zone: a total that never drops while the collector runs.
 *
 * <p>Between two consecutive reads {@code previous} and {@code current} of the raw counter, taken {@code elapsed}
 * apart ({@link #step}):
 *
 * <ul>
 *   <li><b>increase</b>: {@code current >= previous}; the energy is {@code current - previous} (zero when nothing
 *       changed).
 *   <li><b>wrap</b>: {@code current < previous}, and the energy a wrap implies, {@code range - previous + current},
 *       is no more than the zone could have drawn in that time at {@link #MAX_ZONE_WATTS} (plus
 *       {@link #TIMING_SLACK_MILLIS} for the jitter between a pass's timestamp and its read). Such an energy is always
 *       below half the range (see the gap rule), so a value that went back by less than half the range is never a
 *       wrap.
 *   <li><b>reset</b>: any other drop (the counter restarted, e.g. after a suspend, or the range does not describe the
 *       counter: a reading above it, or no range at all). As in {@link io.gridscope.model.Counters}, the energy is
 *       {@code current}, what was counted since the restart.
 *   <li><b>gap</b>: the reads are so far apart that the zone could have drawn half its range or more at {@link
 *       #MAX_ZONE_WATTS}, so the counter may have wrapped more than once unseen. The energy in between is unknown and
 *       is not counted; the current read is the base of the next step. With a range of 262 kJ (Intel's usual) reads
 *       may be up to about 130 s apart, with 65.5 kJ (AMD's) about 32 s.
 * </ul>
 *
 * A zone's first read, and its first read after {@link #forget()} (the zone could not be read or was gone for a
 * pass), only sets the base: the total carries on from where it was, so it never drops, and nothing is invented for
 * the time the zone was not read.
 *
 * <p>Not thread-safe; one instance per zone, used by one collector.
 */
final class RaplCounter {
    /** The most one RAPL zone is assumed to draw: above any CPU package, DRAM or platform domain sold today. */
    static final double MAX_ZONE_WATTS = 1_000;
    /** Allowed on top of the elapsed time when judging a wrap: pass timestamps and reads are not simultaneous. */
    static final long TIMING_SLACK_MILLIS = 1_000;

    /** What happened between two reads. */
    enum Kind {
        /** The first read, or the first after {@link #forget()}: sets the base, counts nothing. */
        FIRST,
        INCREASE,
        WRAP,
        RESET,
        /** Too long between reads to know how often the counter wrapped: counts nothing. */
        GAP
    }

    /** One step: its kind and the energy it adds, in microjoules (never negative). */
    record Step(Kind kind, long increaseMicroJoules) {}

    private long lastRawMicroJoules = -1;
    private long lastEpochMillis;
    private long totalMicroJoules;

    /**
     * Feeds a read of the raw counter.
     *
     * @param rawMicroJoules   {@code energy_uj}, not negative
     * @param rangeMicroJoules {@code max_energy_range_uj}, or 0 or less when it is unknown (then every drop is a
     *                         reset and no read is too far apart)
     * @param epochMillis      when it was read (the pass's timestamp)
     */
    Step update(long rawMicroJoules, long rangeMicroJoules, long epochMillis) {
        if (rawMicroJoules < 0) {
            throw new IllegalArgumentException("a RAPL counter is never negative: " + rawMicroJoules);
        }
        Step s = lastRawMicroJoules < 0
                ? new Step(Kind.FIRST, 0)
                : step(lastRawMicroJoules, rawMicroJoules, rangeMicroJoules, epochMillis - lastEpochMillis);
        totalMicroJoules += s.increaseMicroJoules();
        lastRawMicroJoules = rawMicroJoules;
        lastEpochMillis = epochMillis;
        return s;
    }

    /** The zone was not read this pass: the next read only sets a new base. The total is kept. */
    void forget() {
        lastRawMicroJoules = -1;
    }

    /** Energy counted since the zone was first read, in joules. */
    double totalJoules() {
        return totalMicroJoules / 1e6;
    }

    /** The energy between two reads of the raw counter {@code elapsedMillis} apart (see the class comment). */
    static Step step(long previousMicroJoules, long currentMicroJoules, long rangeMicroJoules, long elapsedMillis) {
        boolean rangeFits = rangeMicroJoules > 0
                && previousMicroJoules <= rangeMicroJoules
                && currentMicroJoules <= rangeMicroJoules;
        if (rangeFits && elapsedMillis > longestGapMillis(rangeMicroJoules)) {
            return new Step(Kind.GAP, 0);
        }
        if (currentMicroJoules >= previousMicroJoules) {
            return new Step(Kind.INCREASE, currentMicroJoules - previousMicroJoules);
        }
        if (rangeFits) {
            long wrapped = rangeMicroJoules - previousMicroJoules + currentMicroJoules;
            if (elapsedMillis >= 0 && wrapped <= mostMicroJoules(elapsedMillis)) {
                return new Step(Kind.WRAP, wrapped);
            }
        }
        return new Step(Kind.RESET, currentMicroJoules);
    }

    /**
     * The longest time between two reads over which a zone with this range can be followed: at {@link
     * #MAX_ZONE_WATTS}, with the slack, it draws less than half the range, so at most one wrap can have happened
     * and a wrap cannot be mistaken for a drop of less than half the range.
     */
    static long longestGapMillis(long rangeMicroJoules) {
        // MAX_ZONE_WATTS W for 1 ms is MAX_ZONE_WATTS × 1000 µJ.
        return (long) (rangeMicroJoules / 2.0 / (MAX_ZONE_WATTS * 1_000)) - TIMING_SLACK_MILLIS;
    }

    /** The most energy a zone can draw in {@code elapsedMillis} (plus the slack), in microjoules. */
    private static double mostMicroJoules(long elapsedMillis) {
        return MAX_ZONE_WATTS * 1_000 * (elapsedMillis + TIMING_SLACK_MILLIS);
    }
}
