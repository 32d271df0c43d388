package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.rules.Rule;
import io.gridscope.console.app.AlertConsole.Detail;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.history.SeriesData;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * The detail of the selected alert: summary, description, labels, value against threshold, times, the runbook link,
 * its series around the alert with the threshold, the rule's condition, and every action taken on it (who, when,
 * what, comment). A fleet alert shows what Alertmanager holds. FX thread only.
 */
final class AlertDetailPane extends VBox {
    private static final Color SERIES_COLORS[] = {
        Color.web("#2f6fdb"), Color.web("#2e9d57"), Color.web("#8e44ad"), Color.web("#d35400")
    };
    private final Consumer<String> openLink;
    private final ZoneId zone;

    AlertDetailPane(Consumer<String> openLink, ZoneId zone) {
        super(8);
        this.openLink = openLink;
        this.zone = zone;
        setId("alertDetail");
        getStyleClass().add("card");
        setPadding(new Insets(10, 14, 10, 14));
        clear();
    }

    void clear() {
        Label none = new Label("Select an alert to see its series, its rule and the actions taken on it.");
        none.getStyleClass().add("muted");
        none.setWrapText(true);
        getChildren().setAll(none);
    }

    /** The alert at once; its series, rule and actions when {@link #showDetail} brings them. */
    void show(AlertItem item, long nowMillis) {
        AlertRow r = item.row();
        Label title = new Label(
                r.rule() + " · " + r.severity() + " · " + item.status().label());
        title.setId("detailTitle");
        title.getStyleClass().add("alert-detail-title");
        title.setWrapText(true);
        Label summary = wrapping(r.summary(), "detailSummary");
        Label description = wrapping(r.description(), "detailDescription");
        description.getStyleClass().add("muted");
        GridPane facts = new GridPane();
        facts.setHgap(10);
        facts.setVgap(3);
        int row = 0;
        row = fact(
                facts,
                row,
                "Value",
                AlertFormats.value(r.value()) + "   (threshold " + AlertFormats.value(r.threshold()) + ")",
                "detailValue");
        row = fact(
                facts,
                row,
                "Labels",
                item.labels().asMap().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")),
                "detailLabels");
        row = fact(facts, row, "Active since", AlertFormats.fullTime(r.activeSinceMillis(), zone), null);
        if (r.firedAtMillis() != 0) {
            row = fact(facts, row, "Fired", AlertFormats.fullTime(r.firedAtMillis(), zone), null);
        }
        if (r.resolvedAtMillis() != 0) {
            row = fact(
                    facts,
                    row,
                    "Resolved",
                    AlertFormats.fullTime(r.resolvedAtMillis(), zone) + " (after "
                            + AlertFormats.duration(r.resolvedAtMillis() - r.activeSinceMillis()) + ")",
                    null);
        } else {
            row = fact(facts, row, "Open for", AlertFormats.duration(nowMillis - r.activeSinceMillis()), null);
        }
        if (r.acknowledged()) {
            row = fact(
                    facts,
                    row,
                    "Acknowledged",
                    r.ackBy() + " at " + AlertFormats.fullTime(r.ackAtMillis(), zone)
                            + (r.ackComment() == null || r.ackComment().isEmpty() ? "" : ": " + r.ackComment()),
                    "detailAck");
        }
        if (r.snoozedAt(nowMillis)) {
            row = fact(
                    facts,
                    row,
                    "Snoozed",
                    "until " + AlertFormats.fullTime(r.snoozedUntilMillis(), zone) + " by " + r.snoozedBy(),
                    "detailSnooze");
        }
        if (r.notifiedMillis() != 0) {
            row = fact(
                    facts,
                    row,
                    "Notified",
                    AlertFormats.fullTime(r.notifiedMillis(), zone)
                            + (r.escalatedMillis() != 0
                                    ? "; escalated " + AlertFormats.fullTime(r.escalatedMillis(), zone)
                                    : ""),
                    null);
        }
        if (r.eventCount() > 0) {
            fact(facts, row, "Events", Integer.toString(r.eventCount()), null);
        }
        getChildren().setAll(title, summary, description, facts);
        if (!r.runbook().isEmpty()) {
            Hyperlink runbook = new Hyperlink("Runbook: " + r.runbook());
            runbook.setId("detailRunbook");
            runbook.setOnAction(e -> openLink.accept(r.runbook()));
            getChildren().add(runbook);
        }
        Label loading = new Label("Reading its series and actions…");
        loading.setId("detailLoading");
        loading.getStyleClass().add("muted");
        getChildren().add(loading);
    }

    /** The series, rule and actions read for the alert shown. */
    void showDetail(AlertItem item, Detail d, long nowMillis) {
        getChildren().removeIf(n -> "detailLoading".equals(n.getId()));
        AlertRow r = item.row();
        if (!d.error().isEmpty()) {
            Label error = wrapping(d.error(), "detailError");
            error.getStyleClass().add("field-error");
            getChildren().add(error);
        }
        d.rule().ifPresentOrElse(rule -> getChildren().add(condition(rule)), () -> {
            Label gone = wrapping("The rule " + r.rule() + " is no longer in force.", "detailCondition");
            gone.getStyleClass().add("muted");
            getChildren().add(gone);
        });
        getChildren().add(chart(r, d.series(), nowMillis));
        getChildren().add(actions(d.actions()));
    }

    private Node condition(Rule rule) {
        String text = "When " + rule.condition().describe()
                + (rule.forDuration().isZero()
                        ? ""
                        : ", for " + AlertFormats.duration(rule.forDuration().toMillis()))
                + (rule.builtIn()
                        ? "  (built-in pack " + rule.pack() + ")"
                        : rule.origin().map(o -> "  (" + o + ")").orElse(""));
        Label l = wrapping(text, "detailCondition");
        l.getStyleClass().add("methodology-line");
        return l;
    }

    private Node chart(AlertRow r, List<SeriesData> series, long nowMillis) {
        String metric = series.isEmpty() ? "" : series.get(0).series().metric();
        TimeSeriesChart chart = new TimeSeriesChart(series.isEmpty() ? "Series" : metric, "");
        chart.setId("detailChart");
        chart.setPrefHeight(220);
        chart.setMinHeight(180);
        long from = r.activeSinceMillis() - java.time.Duration.ofHours(1).toMillis();
        long to = r.resolvedAtMillis() != 0
                ? r.resolvedAtMillis() + java.time.Duration.ofMinutes(30).toMillis()
                : nowMillis;
        if (to <= from) {
            to = from + 60_000;
        }
        chart.setZone(zone);
        chart.setRange(from, to);
        chart.setGapMillis(java.time.Duration.ofMinutes(2).toMillis());
        int i = 0;
        for (SeriesData s : series.stream().limit(SERIES_COLORS.length).toList()) {
            var line = chart.addLine(lineName(s, series.size()), SERIES_COLORS[i++], 1);
            line.points().appendAll(s.epochMillis(), s.values(), s.size());
        }
        if (!Double.isNaN(r.threshold()) && !series.isEmpty()) {
            var t = chart.addLine("threshold " + AlertFormats.value(r.threshold()), Color.web("#cf3b3b"), 1);
            // at the first series' own times: points further apart than the gap would not be joined
            SeriesData first = series.get(0);
            for (int k = 0; k < first.size(); k++) {
                t.points().append(first.epochMillis()[k], r.threshold());
            }
        }
        chart.dataChanged();
        if (series.isEmpty()) {
            Label none = new Label("No stored series for this alert (an event rule, or the series is gone).");
            none.setId("detailNoSeries");
            none.getStyleClass().add("muted");
            return new VBox(4, none);
        }
        return chart;
    }

    private static String lineName(SeriesData s, int count) {
        Map<String, String> l = s.series().labels().asMap();
        if (count == 1) {
            return l.getOrDefault("host", s.series().metric());
        }
        return l.entrySet().stream()
                .filter(e -> !e.getKey().equals("host"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private Node actions(List<AuditEntry> entries) {
        Label title = new Label("Actions taken");
        title.getStyleClass().add("subsection-title");
        VBox box = new VBox(3, title);
        box.setId("detailActions");
        if (entries.isEmpty()) {
            Label none = new Label("None yet.");
            none.getStyleClass().add("muted");
            box.getChildren().add(none);
        }
        for (AuditEntry e : entries.stream()
                .sorted(java.util.Comparator.comparingLong(AuditEntry::epochMillis)
                        .reversed())
                .toList()) {
            Label l = wrapping(
                    AlertFormats.fullTime(e.epochMillis(), zone) + " · " + e.osUser() + " · " + e.action()
                            + (e.after().isEmpty() ? "" : " · " + e.after()),
                    null);
            l.getStyleClass().add("audit-line");
            box.getChildren().add(l);
        }
        return box;
    }

    private static int fact(GridPane g, int row, String name, String value, String id) {
        Label n = new Label(name);
        n.getStyleClass().add("muted");
        n.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.setWrapText(true);
        if (id != null) {
            v.setId(id);
        }
        GridPane.setHgrow(v, Priority.ALWAYS);
        g.addRow(row, n, v);
        return row + 1;
    }

    private static Label wrapping(String text, String id) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        if (id != null) {
            l.setId(id);
        }
        l.setVisible(!text.isEmpty());
        l.setManaged(!text.isEmpty());
        return l;
    }

    /** What Alertmanager holds about a fleet alert. */
    void showFleet(FleetItem item, long nowMillis) {
        var a = item.alert();
        Label title = new Label(a.name() + " · " + item.severity() + " · " + item.state() + "  (Alertmanager)");
        title.setId("detailTitle");
        title.getStyleClass().add("alert-detail-title");
        title.setWrapText(true);
        GridPane facts = new GridPane();
        facts.setHgap(10);
        facts.setVgap(3);
        int row = 0;
        row = fact(
                facts,
                row,
                "Labels",
                a.labels().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")),
                "detailLabels");
        row = fact(
                facts,
                row,
                "Since",
                AlertFormats.fullTime(a.startsAt().toEpochMilli(), zone) + " ("
                        + AlertFormats.duration(nowMillis - a.startsAt().toEpochMilli()) + ")",
                null);
        row = fact(facts, row, "Receivers", String.join(", ", a.receivers()), null);
        if (item.acknowledgement().isPresent()) {
            var ack = item.acknowledgement().get();
            row = fact(
                    facts,
                    row,
                    "Acknowledged",
                    ack.createdBy() + " at "
                            + AlertFormats.fullTime(ack.startsAt().toEpochMilli(), zone)
                            + (ack.comment().isEmpty() ? "" : ": " + ack.comment()),
                    "detailAck");
        } else if (a.silenced()) {
            row = fact(facts, row, "Silenced by", String.join(", ", a.silencedBy()), null);
        }
        for (var e : a.annotations().entrySet()) {
            row = fact(facts, row, e.getKey(), e.getValue(), null);
        }
        getChildren().setAll(title, facts);
        if (!a.generatorUrl().isEmpty()) {
            Hyperlink source = new Hyperlink("Source: " + a.generatorUrl());
            source.setOnAction(e -> openLink.accept(a.generatorUrl()));
            getChildren().add(source);
        }
        String runbook =
                a.annotations().getOrDefault("runbook_url", a.annotations().getOrDefault("runbook", ""));
        if (!runbook.isEmpty()) {
            Hyperlink link = new Hyperlink("Runbook: " + runbook);
            link.setId("detailRunbook");
            link.setOnAction(e -> openLink.accept(runbook));
            getChildren().add(link);
        }
    }
}
