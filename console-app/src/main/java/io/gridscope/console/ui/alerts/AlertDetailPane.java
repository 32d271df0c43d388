package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.rules.Rule;
import io.gridscope.console.app.AlertConsole.Detail;
import io.gridscope.console.fx.StyleClasses;
import io.gridscope.console.ui.chart.ChartLine;
import io.gridscope.console.ui.chart.PointBuffer;
import io.gridscope.console.ui.chart.TimeSeriesChart;
import io.gridscope.history.SeriesData;
import io.gridscope.history.records.AlertRow;
import io.gridscope.history.records.AuditEntry;
import java.time.ZoneId;
import java.util.ArrayList;
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
    private static final Color THRESHOLD_COLOR = Color.web("#cf3b3b");
    private static final List<String> CONDITION_CLASSES = List.of("methodology-line", "muted");
    private final Consumer<String> openLink;
    private final ZoneId zone;
    /** The local alert whose nodes are shown; null while nothing or a fleet alert is. */
    private Shown shown;

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
        shown = null;
        Label none = new Label("Select an alert to see its series, its rule and the actions taken on it.");
        none.getStyleClass().add("muted");
        none.setWrapText(true);
        getChildren().setAll(none);
    }

    /**
     * The alert at once; its series, rule and actions when {@link #showDetail} brings them. The alert already shown,
     * with a new state or value (every evaluation brings one), keeps its nodes and has their text changed: new nodes
     * would cost CSS and layout of the whole pane on the next pulse, every second.
     */
    void show(AlertItem item, long nowMillis) {
        AlertRow r = item.row();
        String titleText =
                r.rule() + " · " + r.severity() + " · " + item.status().label();
        List<Fact> facts = facts(item, nowMillis);
        if (shown != null && shown.alertId == item.id() && shown.runbook.equals(r.runbook())) {
            shown.title.setText(titleText);
            setWrapping(shown.summary, r.summary());
            setWrapping(shown.description, r.description());
            shown.facts.set(facts);
            return;
        }
        Label title = new Label(titleText);
        title.setId("detailTitle");
        title.getStyleClass().add("alert-detail-title");
        title.setWrapText(true);
        Label summary = wrapping(r.summary(), "detailSummary");
        Label description = wrapping(r.description(), "detailDescription");
        description.getStyleClass().add("muted");
        FactGrid grid = new FactGrid();
        grid.set(facts);
        getChildren().setAll(title, summary, description, grid.pane);
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
        shown = new Shown(item.id(), r.runbook(), title, summary, description, grid);
    }

    private List<Fact> facts(AlertItem item, long nowMillis) {
        AlertRow r = item.row();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(
                "Value",
                AlertFormats.value(r.value()) + "   (threshold " + AlertFormats.value(r.threshold()) + ")",
                "detailValue"));
        facts.add(new Fact(
                "Labels",
                item.labels().asMap().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")),
                "detailLabels"));
        facts.add(new Fact("Active since", AlertFormats.fullTime(r.activeSinceMillis(), zone), null));
        if (r.firedAtMillis() != 0) {
            facts.add(new Fact("Fired", AlertFormats.fullTime(r.firedAtMillis(), zone), null));
        }
        if (r.resolvedAtMillis() != 0) {
            facts.add(new Fact(
                    "Resolved",
                    AlertFormats.fullTime(r.resolvedAtMillis(), zone) + " (after "
                            + AlertFormats.duration(r.resolvedAtMillis() - r.activeSinceMillis()) + ")",
                    null));
        } else {
            facts.add(new Fact("Open for", AlertFormats.duration(nowMillis - r.activeSinceMillis()), null));
        }
        if (r.acknowledged()) {
            facts.add(new Fact(
                    "Acknowledged",
                    r.ackBy() + " at " + AlertFormats.fullTime(r.ackAtMillis(), zone)
                            + (r.ackComment() == null || r.ackComment().isEmpty() ? "" : ": " + r.ackComment()),
                    "detailAck"));
        }
        if (r.snoozedAt(nowMillis)) {
            facts.add(new Fact(
                    "Snoozed",
                    "until " + AlertFormats.fullTime(r.snoozedUntilMillis(), zone) + " by " + r.snoozedBy(),
                    "detailSnooze"));
        }
        if (r.notifiedMillis() != 0) {
            facts.add(new Fact(
                    "Notified",
                    AlertFormats.fullTime(r.notifiedMillis(), zone)
                            + (r.escalatedMillis() != 0
                                    ? "; escalated " + AlertFormats.fullTime(r.escalatedMillis(), zone)
                                    : ""),
                    null));
        }
        if (r.eventCount() > 0) {
            facts.add(new Fact("Events", Integer.toString(r.eventCount()), null));
        }
        return facts;
    }

    /**
     * The series, rule and actions read for the alert shown. Read again for the same alert, they change the nodes
     * already there: the condition's text, the chart's points (its lines and legend stay while their names do), and
     * the actions only when an action was added.
     */
    void showDetail(AlertItem item, Detail d, long nowMillis) {
        if (shown == null || shown.alertId != item.id()) {
            return;
        }
        AlertRow r = item.row();
        String conditionText =
                d.rule().map(this::conditionText).orElse("The rule " + r.rule() + " is no longer in force.");
        String conditionClass = d.rule().isPresent() ? "methodology-line" : "muted";
        if (shown.condition == null) {
            getChildren().removeIf(n -> "detailLoading".equals(n.getId()));
            shown.error = wrapping(d.error(), "detailError");
            shown.error.getStyleClass().add("field-error");
            shown.condition = wrapping(conditionText, "detailCondition");
            shown.condition.getStyleClass().add(conditionClass);
            shown.chart = chart(r, d.series(), nowMillis);
            shown.actions = actions(d.actions());
            shown.actionsShown = d.actions();
            getChildren().addAll(shown.error, shown.condition, shown.chart.node(), shown.actions);
            return;
        }
        setWrapping(shown.error, d.error());
        setWrapping(shown.condition, conditionText);
        StyleClasses.setOneOf(shown.condition, CONDITION_CLASSES, conditionClass);
        if (!shown.chart.update(r, d.series(), nowMillis)) {
            DetailChart chart = chart(r, d.series(), nowMillis);
            getChildren().set(getChildren().indexOf(shown.chart.node()), chart.node());
            shown.chart = chart;
        }
        if (!d.actions().equals(shown.actionsShown)) {
            VBox actions = actions(d.actions());
            getChildren().set(getChildren().indexOf(shown.actions), actions);
            shown.actions = actions;
            shown.actionsShown = d.actions();
        }
    }

    private String conditionText(Rule rule) {
        return "When " + rule.condition().describe()
                + (rule.forDuration().isZero()
                        ? ""
                        : ", for " + AlertFormats.duration(rule.forDuration().toMillis()))
                + (rule.builtIn()
                        ? "  (built-in pack " + rule.pack() + ")"
                        : rule.origin().map(o -> "  (" + o + ")").orElse(""));
    }

    private DetailChart chart(AlertRow r, List<SeriesData> series, long nowMillis) {
        if (series.isEmpty()) {
            Label none = new Label("No stored series for this alert (an event rule, or the series is gone).");
            none.setId("detailNoSeries");
            none.getStyleClass().add("muted");
            return new DetailChart(null, "", List.of(), new VBox(4, none));
        }
        String metric = series.get(0).series().metric();
        TimeSeriesChart chart = new TimeSeriesChart(metric, "");
        chart.setId("detailChart");
        chart.setPrefHeight(220);
        chart.setMinHeight(180);
        chart.setZone(zone);
        chart.setGapMillis(java.time.Duration.ofMinutes(2).toMillis());
        List<String> names = lineNames(r, series);
        for (int i = 0; i < names.size(); i++) {
            Color color = i < shownSeries(series).size() ? SERIES_COLORS[i] : THRESHOLD_COLOR;
            chart.addLine(names.get(i), color, 1);
        }
        DetailChart detailChart = new DetailChart(chart, metric, names, chart);
        detailChart.fill(r, series, nowMillis);
        return detailChart;
    }

    private static List<SeriesData> shownSeries(List<SeriesData> series) {
        return series.stream().limit(SERIES_COLORS.length).toList();
    }

    /** The chart's line names: one per series shown, then the threshold's. */
    private static List<String> lineNames(AlertRow r, List<SeriesData> series) {
        List<String> names = new ArrayList<>();
        for (SeriesData s : shownSeries(series)) {
            names.add(lineName(s, series.size()));
        }
        if (!Double.isNaN(r.threshold()) && !series.isEmpty()) {
            names.add("threshold " + AlertFormats.value(r.threshold()));
        }
        return names;
    }

    /** The chart of the alert shown (or the line that says it has no series), kept while its lines stay the same. */
    private record DetailChart(TimeSeriesChart chart, String metric, List<String> lineNames, Node node) {
        /** Puts the points of a new read into the same lines; false when the lines would not be the same. */
        boolean update(AlertRow r, List<SeriesData> series, long nowMillis) {
            if (chart == null || series.isEmpty()) {
                return chart == null && series.isEmpty();
            }
            if (!series.get(0).series().metric().equals(metric)
                    || !AlertDetailPane.lineNames(r, series).equals(lineNames)) {
                return false;
            }
            fill(r, series, nowMillis);
            return true;
        }

        /** From an hour before the alert to now, or to 30 minutes after it resolved. */
        void fill(AlertRow r, List<SeriesData> series, long nowMillis) {
            long from = r.activeSinceMillis() - java.time.Duration.ofHours(1).toMillis();
            long to = r.resolvedAtMillis() != 0
                    ? r.resolvedAtMillis() + java.time.Duration.ofMinutes(30).toMillis()
                    : nowMillis;
            if (to <= from) {
                to = from + 60_000;
            }
            chart.setRangeKeepingZoom(from, to); // a zoom the user made stays while the series are read again
            List<ChartLine> lines = chart.lines();
            List<SeriesData> shown = shownSeries(series);
            for (int i = 0; i < shown.size(); i++) {
                SeriesData s = shown.get(i);
                lines.get(i).points().clear();
                lines.get(i).points().appendAll(s.epochMillis(), s.values(), s.size());
            }
            if (lines.size() > shown.size()) {
                // the threshold at the first series' own times: points further apart than the gap would not be joined
                PointBuffer threshold = lines.get(shown.size()).points();
                threshold.clear();
                SeriesData first = series.get(0);
                for (int k = 0; k < first.size(); k++) {
                    threshold.append(first.epochMillis()[k], r.threshold());
                }
            }
            chart.dataChanged();
        }
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

    private VBox actions(List<AuditEntry> entries) {
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

    /** One line of the facts: its name, its value, and the value's node id (null for none). */
    private record Fact(String name, String value, String id) {}

    /**
     * The facts' grid. The same facts (names, in order) with new values change the value labels' text; a fact added
     * or gone (acknowledged, snoozed, resolved) lays the grid out again.
     */
    private static final class FactGrid {
        final GridPane pane = new GridPane();
        private List<Fact> facts = List.of();
        private final List<Label> values = new ArrayList<>();

        FactGrid() {
            pane.setHgap(10);
            pane.setVgap(3);
        }

        void set(List<Fact> next) {
            if (sameLines(next)) {
                for (int i = 0; i < next.size(); i++) {
                    if (!next.get(i).value().equals(values.get(i).getText())) {
                        values.get(i).setText(next.get(i).value());
                    }
                }
                facts = next;
                return;
            }
            pane.getChildren().clear();
            values.clear();
            int row = 0;
            for (Fact f : next) {
                values.add(fact(pane, row++, f.name(), f.value(), f.id()));
            }
            facts = next;
        }

        private boolean sameLines(List<Fact> next) {
            if (next.size() != facts.size()) {
                return false;
            }
            for (int i = 0; i < next.size(); i++) {
                if (!next.get(i).name().equals(facts.get(i).name())
                        || !java.util.Objects.equals(
                                next.get(i).id(), facts.get(i).id())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The nodes of the local alert shown, changed in place while the same alert stays shown. */
    private static final class Shown {
        final long alertId;
        final String runbook;
        final Label title;
        final Label summary;
        final Label description;
        final FactGrid facts;
        Label error;
        Label condition;
        DetailChart chart;
        VBox actions;
        List<AuditEntry> actionsShown;

        Shown(long alertId, String runbook, Label title, Label summary, Label description, FactGrid facts) {
            this.alertId = alertId;
            this.runbook = runbook;
            this.title = title;
            this.summary = summary;
            this.description = description;
            this.facts = facts;
        }
    }

    private static Label fact(GridPane g, int row, String name, String value, String id) {
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
        return v;
    }

    private static Label wrapping(String text, String id) {
        Label l = new Label();
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        if (id != null) {
            l.setId(id);
        }
        setWrapping(l, text);
        return l;
    }

    /** A wrapping label's text; an empty one takes no room. Touches nothing that is already so. */
    private static void setWrapping(Label l, String text) {
        if (!text.equals(l.getText())) {
            l.setText(text);
        }
        boolean any = !text.isEmpty();
        if (l.isVisible() != any) {
            l.setVisible(any);
        }
        if (l.isManaged() != any) {
            l.setManaged(any);
        }
    }

    /** What Alertmanager holds about a fleet alert. */
    void showFleet(FleetItem item, long nowMillis) {
        shown = null;
        var a = item.alert();
        Label title = new Label(a.name() + " · " + item.severity() + " · " + item.state() + "  (Alertmanager)");
        title.setId("detailTitle");
        title.getStyleClass().add("alert-detail-title");
        title.setWrapText(true);
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(
                "Labels",
                a.labels().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")),
                "detailLabels"));
        facts.add(new Fact(
                "Since",
                AlertFormats.fullTime(a.startsAt().toEpochMilli(), zone) + " ("
                        + AlertFormats.duration(nowMillis - a.startsAt().toEpochMilli()) + ")",
                null));
        facts.add(new Fact("Receivers", String.join(", ", a.receivers()), null));
        if (item.acknowledgement().isPresent()) {
            var ack = item.acknowledgement().get();
            facts.add(new Fact(
                    "Acknowledged",
                    ack.createdBy() + " at "
                            + AlertFormats.fullTime(ack.startsAt().toEpochMilli(), zone)
                            + (ack.comment().isEmpty() ? "" : ": " + ack.comment()),
                    "detailAck"));
        } else if (a.silenced()) {
            facts.add(new Fact("Silenced by", String.join(", ", a.silencedBy()), null));
        }
        for (var e : a.annotations().entrySet()) {
            facts.add(new Fact(e.getKey(), e.getValue(), null));
        }
        FactGrid grid = new FactGrid();
        grid.set(facts);
        getChildren().setAll(title, grid.pane);
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
