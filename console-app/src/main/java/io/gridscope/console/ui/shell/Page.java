package io.gridscope.console.ui.shell;

/**
 * The console's pages, in sidebar order; Ctrl+digit selects one. The digits stay with their pages: Reports, which
 * came after the others, has Ctrl+0, so no page's shortcut changed when it was added.
 */
public enum Page {
    OVERVIEW(1, "Overview", "Every host at a glance: utilisation, memory, health"),
    ALERTS(
            2,
            "Alerts",
            "Firing, pending and resolved alerts, acknowledgements, snoozes, silences, the fleet's Alertmanager; the"
                    + " rules file"),
    GPUS(
            3,
            "GPUs",
            "Every GPU: utilisation, memory, power, temperature, clocks, throttling, ECC, PCIe; MIG instances; "
                    + "processes"),
    HOSTS(4, "Hosts", "CPU total and per core, memory, over the selected time range"),
    NETWORK_STORAGE(
            5, "Network & Storage", "Throughput and errors per interface, throughput and IOPS per disk, file systems"),
    COST(
            6,
            "Cost",
            "Cost per team, project, user, host, GPU or site: amortisation, electricity, cloud, idle waste, budgets"),
    CARBON(7, "Carbon", "Operational and embodied kgCO2e per group, with the grid intensity behind every figure"),
    REPORTS(
            0,
            "Reports",
            "Cost, GPU utilisation, budget and on-call reports of a month, quarter or any days: preview, then export"
                    + " CSV, XLSX, PDF, JSON or FOCUS"),
    SOURCES(8, "Sources", "Every collector with its state, last error, pass time and series count"),
    SETTINGS(9, "Settings", "Theme, sampling interval, data directory, retention, accounting");

    private final int shortcutDigit;
    private final String title;
    private final String description;

    Page(int shortcutDigit, String title, String description) {
        this.shortcutDigit = shortcutDigit;
        this.title = title;
        this.description = description;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The digit of the page's Ctrl+digit shortcut, 0 to 9, each page its own. */
    public int shortcutDigit() {
        return shortcutDigit;
    }
}
