package io.gridscope.reports.usage;

/** How a resource's energy was obtained. */
public enum EnergyMethod {
    /** Increases of a hardware energy counter (NVML, DCGM, RAPL): measured. */
    COUNTER(false, "measured: energy counter increases"),
    /** Mean power × time: estimated. */
    POWER_INTEGRATED(true, "estimated: mean power × time"),
    /** A power model over utilisation (hosts without a meter): estimated. */
    MODEL(true, "estimated: power model"),
    /** Nothing to measure or estimate from. */
    NONE(false, "no data");

    private final boolean estimated;
    private final String description;

    EnergyMethod(boolean estimated, String description) {
        this.estimated = estimated;
        this.description = description;
    }

    public boolean estimated() {
        return estimated;
    }

    public String description() {
        return description;
    }
}
