package io.gridscope.console.ui.carbon;

import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.console.ui.accounting.ReportViewModel;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Carbon page's state: the shared report state ({@link ReportViewModel}) and, from the report it shows, a row per
 * group plus the totals, each with the grid-intensity source of the sites its energy was used at (from the
 * methodology's "Carbon" section: by site, host or GPU exactly; a team, project or user spans every site in the
 * report), and a one-line summary. FX thread only; no scene needed.
 */
public final class CarbonViewModel {
    private final ReportViewModel report;
    private final ObservableList<CarbonRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public CarbonViewModel(ReportViewModel report) {
        this.report = report;
        report.reportProperty().addListener((o, a, b) -> rebuild());
        report.previousProperty().addListener((o, a, b) -> rebuild());
        rebuild();
    }

    private void rebuild() {
        AccountingReport r = report.reportProperty().get();
        if (r == null) {
            rows.clear();
            summary.set("");
            return;
        }
        AccountingReport before = report.previousProperty().get();
        boolean comparing = before != null;
        Map<String, List<String>> sources = intensitySources(r.methodology());
        AccountingConfig config = report.configProperty().get();
        GroupBy by = r.request().groupBy();
        List<CarbonRow> next = new ArrayList<>();
        for (ReportRow row : r.rows()) {
            List<String> sites = sitesOf(by, row.group(), config, sources);
            next.add(new CarbonRow(
                    row,
                    report.previousRow(row.group()),
                    false,
                    comparing,
                    shortSources(sites, sources),
                    detail(sites, sources)));
        }
        next.sort(java.util.Comparator.comparing(CarbonRow::totalKg).reversed().thenComparing(CarbonRow::group));
        List<String> all = List.copyOf(sources.keySet());
        CarbonRow total = new CarbonRow(
                r.total(),
                Optional.ofNullable(before).map(AccountingReport::total),
                true,
                comparing,
                shortSources(all, sources),
                detail(all, sources));
        next.add(total);
        rows.setAll(next);
        StringBuilder s = new StringBuilder("Operational ")
                .append(AccountingFormats.kg(r.total().operationalKg()))
                .append(" kgCO2e · embodied ")
                .append(AccountingFormats.kg(r.total().embodiedKg()))
                .append(" kgCO2e · facility energy ")
                .append(AccountingFormats.energy(r.total().facilityKwh()))
                .append(" kWh");
        if (total.partial()) {
            s.append(" (")
                    .append(AccountingFormats.coverage(r.total().coverage()))
                    .append(')');
        }
        if (comparing) {
            s.append(" · vs ")
                    .append(report.previousPeriodTextProperty().get())
                    .append(": ")
                    .append(total.delta());
        }
        summary.set(s.toString());
    }

    /** Site id → its intensity sources ("fixed value for site fra — 320 gCO2e/kWh (average, lifecycle), 72 hours"). */
    static Map<String, List<String>> intensitySources(Methodology m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Methodology.Section s : m.sections()) {
            if (!s.title().equals("Carbon")) {
                continue;
            }
            for (String line : s.lines()) {
                if (line.startsWith("site ") && line.indexOf(": ") > 5) {
                    int colon = line.indexOf(": ");
                    out.computeIfAbsent(line.substring(5, colon), k -> new ArrayList<>())
                            .add(line.substring(colon + 2));
                }
            }
        }
        return out;
    }

    /** The sites a group's energy was used at, as far as the grouping says. */
    static List<String> sitesOf(GroupBy by, String group, AccountingConfig config, Map<String, List<String>> sources) {
        return switch (by) {
            case SITE -> List.of(group);
            case HOST -> List.of(siteOfHost(group, config));
            case GPU -> List.of(siteOfHost(hostOfGpuKey(group), config));
            default -> List.copyOf(sources.keySet());
        };
    }

    private static String siteOfHost(String host, AccountingConfig config) {
        return config == null
                ? AccountingEngine.NO_SITE
                : config.siteOf(host).map(Site::id).orElse(AccountingEngine.NO_SITE);
    }

    /** "GPU-… (model) on host" → host; "host (CPU, memory)" → host. */
    static String hostOfGpuKey(String key) {
        if (key.endsWith(" (CPU, memory)")) {
            return key.substring(0, key.length() - " (CPU, memory)".length());
        }
        int on = key.lastIndexOf(" on ");
        return on < 0 ? key : key.substring(on + 4);
    }

    private static final java.util.regex.Pattern VALUE = java.util.regex.Pattern.compile(" — ([0-9.]+) gCO2e/kWh");

    /**
     * One site: its source as the methodology says it, without the hours ("fixed value for site fra — 380 gCO2e/kWh
     * (average, lifecycle)"). Several: each site's value, the world-average fallback named ("fra 380 · sto 475 (world
     * average) gCO2e/kWh"); the tooltip has them in full.
     */
    static String shortSources(List<String> sites, Map<String, List<String>> sources) {
        List<String> parts = new ArrayList<>();
        for (String site : sites) {
            for (String src : sources.getOrDefault(site, List.of())) {
                if (sites.size() == 1) {
                    parts.add(src.replaceFirst(", \\d+ hours?$", ""));
                } else {
                    java.util.regex.Matcher m = VALUE.matcher(src);
                    parts.add(site + " " + (m.find() ? m.group(1) : "?")
                            + (src.startsWith("world average") ? " (world average)" : ""));
                }
            }
        }
        if (parts.isEmpty()) {
            return "–";
        }
        return sites.size() == 1 ? String.join("; ", parts) : String.join(" · ", parts) + " gCO2e/kWh";
    }

    private static String detail(List<String> sites, Map<String, List<String>> sources) {
        List<String> lines = new ArrayList<>();
        for (String site : sites) {
            for (String src : sources.getOrDefault(site, List.of())) {
                lines.add("site " + site + ": " + src);
            }
        }
        return String.join("\n", lines);
    }

    public ReportViewModel report() {
        return report;
    }

    /** A row per group, most kgCO2e first, then the totals. */
    public ObservableList<CarbonRow> rows() {
        return rows;
    }

    /** "Operational 123.4 kgCO2e · embodied 12.3 kgCO2e · facility energy 456.7 kWh (93 % measured) · vs …". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
