package io.gridscope.reports.document;

import java.util.Locale;

/** What a report is about. */
public enum ReportKind {
    /** Energy, carbon and cost per group (team, project, user, host, GPU, site), by day, idle waste, budgets. */
    COST("cost", "Cost and carbon"),
    /** Per GPU: hours, measured hours, busy and idle hours, mean utilisation, and what the idle time cost. */
    UTILISATION("utilisation", "GPU utilisation and idle hours"),
    /** Every budget in force: spent, forecast for its period, how the forecast was made, and the burn. */
    BUDGETS("budgets", "Budgets"),
    /** Alerts of the period: counts, time to acknowledge and to resolve per severity, and each alert. */
    ON_CALL("oncall", "On-call: alerts, acknowledgement and resolution");

    private final String id;
    private final String title;

    ReportKind(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** "cost", "utilisation", "budgets", "oncall": the name on the command line and in file names. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public static ReportKind parse(String s) {
        String k = s.strip().toLowerCase(Locale.ROOT).replace("-", "");
        for (ReportKind r : values()) {
            if (r.id.equals(k) || (r == UTILISATION && k.equals("utilization"))) {
                return r;
            }
        }
        throw new IllegalArgumentException("report kind cost, utilisation, budgets or oncall; got " + s);
    }
}
