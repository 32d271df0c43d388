package io.gridscope.collectors.nvml;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The bits of NVML's clock-event reasons mask ({@code nvmlClocksEventReason*}, formerly "clocks throttle reasons"),
 * each with the label value Gridscope emits in {@code gpu_clock_event_active{reason=...}}.
 */
public enum ClockEventReason {
    GPU_IDLE(0x1L),
    APPLICATIONS_CLOCKS_SETTING(0x2L),
    SW_POWER_CAP(0x4L),
    HW_SLOWDOWN(0x8L),
    SYNC_BOOST(0x10L),
    SW_THERMAL_SLOWDOWN(0x20L),
    HW_THERMAL_SLOWDOWN(0x40L),
    HW_POWER_BRAKE_SLOWDOWN(0x80L),
    DISPLAY_CLOCK_SETTING(0x100L);

    private final long bit;
    private final String label;

    ClockEventReason(long bit) {
        this.bit = bit;
        this.label = name().toLowerCase(Locale.ROOT);
    }

    /** The bit in the NVML mask. */
    public long bit() {
        return bit;
    }

    /** The {@code reason} label value, e.g. {@code sw_power_cap}. */
    public String label() {
        return label;
    }

    /** The named reasons set in {@code mask}; unknown bits are ignored. */
    public static Set<ClockEventReason> decode(long mask) {
        EnumSet<ClockEventReason> set = EnumSet.noneOf(ClockEventReason.class);
        for (ClockEventReason r : values()) {
            if ((mask & r.bit) != 0) {
                set.add(r);
            }
        }
        return set;
    }
}
