package io.gridscope.console.ui.shell;

/** The console's pages, in sidebar order; Ctrl+digit selects one. */
public enum Page {
    OVERVIEW("Overview", "Every host at a glance: utilisation, memory, health"),
    ALERTS(
            "Alerts",
            "Firing, pending and resolved alerts, acknowledgements, snoozes, silences, the fleet's Alertmanager; the"
                    + " rules file"),
    GPUS(
            "GPUs",
            "Every GPU: utilisation, memory, power, temperature, clocks, throttling, ECC, PCIe; MIG instances; "
                    + "processes"),
    HOSTS("Hosts", "CPU total and per core, memory, over the selected time range"),
    NETWORK_STORAGE(
            "Network & Storage", "Throughput and errors per interface, throughput and IOPS per disk, file systems"),
    COST(
            "Cost",
            "Cost per team, project, user, host, GPU or site: amortisation, electricity, cloud, idle waste, budgets"),
    CARBON("Carbon", "Operational and embodied kgCO2e per group, with the grid intensity behind every figure"),
    SOURCES("Sources", "Every collector with its state, last error, pass time and series count"),
    SETTINGS("Settings", "Theme, sampling interval, data directory, retention, accounting");

    private final String title;
    private final String description;

    Page(String title, String description) {
        this.title = title;
        this.description = description;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** 1-based digit for the Ctrl+digit shortcut: 1 to 9, then 0 for a tenth page. */
    public int shortcutDigit() {
        if (ordinal() > 9) {
            throw new IllegalStateException("no digit left for page " + this);
        }
        return (ordinal() + 1) % 10;
    }
}
