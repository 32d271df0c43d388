package io.gridscope.console.ui.accounting;

import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.DailyPoint;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * A day-by-day stacked bar chart of one figure of a report's {@link DailyPoint}s (cost, operational or embodied
 * carbon), one stack per group: the largest groups each a colour of their own, the rest together as "other", idle
 * time always amber. A day on which a group has no figure has no bar for it (a gap, never a zero bar); every day of
 * the period has its place on the axis. Each bar's tooltip gives the exact figure as the page's formatter writes it
 * (money through {@code Money}); the bars' heights are for the eye only. Its own legend, in the same colours.
 */
public final class DailyChart extends VBox {
    /** Colours that read on the light and the dark theme; idle and "other" have their own. */
    public static final List<String> PALETTE =
            List.of("#2f6fdb", "#2e9d57", "#8e5bd6", "#1aa3a3", "#d6457a", "#9c6b3c", "#7d8b2d", "#5b6b85");

    public static final String IDLE_COLOUR = "#e0a100";
    public static final String OTHER_COLOUR = "#9aa3b2";
    static final int MAX_SERIES = PALETTE.size();

    private final StackedBarChart<String, Number> chart;
    private final CategoryAxis days = new CategoryAxis();
    private final NumberAxis values = new NumberAxis();
    private final FlowPane legend = new FlowPane(12, 4);
    private final Label empty = new Label();

    /** How one point's figure is read, and how a figure is written in a tooltip. */
    public record Figure(Function<DailyPoint, BigDecimal> value, Function<BigDecimal, String> format) {}

    public DailyChart(String id, String title, String unit) {
        super(4);
        setId(id);
        getStyleClass().addAll("card", "accounting-chart");
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        values.setLabel(unit);
        values.setForceZeroInRange(true);
        days.setAnimated(false);
        values.setAnimated(false);
        chart = new StackedBarChart<>(days, values);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCategoryGap(6);
        chart.setMinHeight(180);
        chart.setPrefHeight(260);
        legend.getStyleClass().add("chart-legend-flow");
        legend.setAlignment(Pos.CENTER_LEFT);
        empty.getStyleClass().add("muted");
        empty.setVisible(false);
        empty.setManaged(false);
        VBox.setVgrow(chart, Priority.ALWAYS);
        getChildren().addAll(heading, empty, chart, legend);
    }

    /** The value axis' label ("EUR", "kgCO2e"). */
    public void setUnit(String unit) {
        values.setLabel(unit);
    }

    /** The chart itself, for tests. */
    public StackedBarChart<String, Number> chart() {
        return chart;
    }

    /** Shows {@code report}'s daily figures; null clears the chart. */
    public void show(AccountingReport report, ZoneId zone, Figure figure) {
        chart.getData().clear();
        legend.getChildren().clear();
        if (report == null) {
            days.getCategories().clear();
            return;
        }
        LocalDate first = report.request().from().atZone(zone).toLocalDate();
        LocalDate last = report.request().to().minusNanos(1).atZone(zone).toLocalDate();
        Function<LocalDate, String> f = categoryLabel(first, last);
        List<String> categories = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            categories.add(f.apply(d));
        }
        days.setAutoRanging(true);
        days.setCategories(FXCollections.observableArrayList(categories));
        // group → day → figure; the largest groups keep a colour of their own
        Map<String, Map<LocalDate, BigDecimal>> byGroup = new LinkedHashMap<>();
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        for (DailyPoint p : report.daily()) {
            BigDecimal v = figure.value().apply(p);
            byGroup.computeIfAbsent(p.group(), g -> new TreeMap<>()).merge(p.day(), v, BigDecimal::add);
            totals.merge(p.group(), v, BigDecimal::add);
        }
        List<String> ranked = totals.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
        List<String> own = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String g : ranked) {
            if (AccountingFormats.idle(g) || own.size() < MAX_SERIES - 1 || ranked.size() <= MAX_SERIES) {
                own.add(g);
            } else {
                rest.add(g);
            }
        }
        // a group keeps its colour on every chart of the report: colours go by the report's rows (largest cost first)
        Map<String, String> colours = new LinkedHashMap<>();
        int next = 0;
        for (var row : report.rows()) {
            if (!AccountingFormats.idle(row.group()) && own.contains(row.group())) {
                colours.put(row.group(), PALETTE.get(next++ % PALETTE.size()));
            }
        }
        for (String g : own) {
            if (!colours.containsKey(g)) {
                colours.put(g, AccountingFormats.idle(g) ? IDLE_COLOUR : PALETTE.get(next++ % PALETTE.size()));
            }
        }
        for (String g : own) {
            addSeries(AccountingFormats.group(g), g, byGroup.get(g), colours.get(g), f, figure);
        }
        if (!rest.isEmpty()) {
            Map<LocalDate, BigDecimal> other = new TreeMap<>();
            rest.forEach(g -> byGroup.get(g).forEach((d, v) -> other.merge(d, v, BigDecimal::add)));
            addSeries("other (" + rest.size() + " groups)", "", other, OTHER_COLOUR, f, figure);
        }
        boolean nothing = report.daily().isEmpty();
        empty.setText(nothing ? "No measurements in this period: nothing to chart." : "");
        empty.setVisible(nothing);
        empty.setManaged(nothing);
    }

    /**
     * A day's name on the axis, unique in the period: up to 31 days, the day of the month alone ("19"), with the month
     * on the first day and on the first of a month ("18 Nov", "1 Dec"); longer periods "18 Nov", over a year the date.
     */
    public static Function<LocalDate, String> categoryLabel(LocalDate first, LocalDate last) {
        long days = last.toEpochDay() - first.toEpochDay() + 1;
        DateTimeFormatter dayMonth = DateTimeFormatter.ofPattern("d MMM", Locale.ROOT);
        if (days > 366) {
            return DateTimeFormatter.ISO_LOCAL_DATE::format;
        }
        if (days > 31) {
            return dayMonth::format;
        }
        return d ->
                d.equals(first) || d.getDayOfMonth() == 1 ? dayMonth.format(d) : Integer.toString(d.getDayOfMonth());
    }

    private void addSeries(
            String name,
            String group,
            Map<LocalDate, BigDecimal> points,
            String colour,
            Function<LocalDate, String> f,
            Figure figure) {
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName(name);
        for (var e : points.entrySet()) {
            String day = f.apply(e.getKey());
            XYChart.Data<String, Number> d =
                    new XYChart.Data<>(day, e.getValue().doubleValue());
            String tip = name + ", " + AccountingFormats.day(e.getKey()) + ": "
                    + figure.format().apply(e.getValue());
            d.nodeProperty().addListener((o, a, node) -> decorate(node, colour, tip));
            series.getData().add(d);
        }
        chart.getData().add(series);
        Rectangle swatch = new Rectangle(10, 10);
        swatch.setStyle("-fx-fill: " + colour + ";");
        Label item = new Label(name, swatch);
        item.getStyleClass().add("chart-legend-entry");
        if (!group.isEmpty() && !group.equals(name)) {
            item.setTooltip(new Tooltip(group));
        }
        legend.getChildren().add(item);
    }

    private static void decorate(Node node, String colour, String tip) {
        if (node == null) {
            return;
        }
        node.setStyle("-fx-bar-fill: " + colour + ";");
        Tooltip.install(node, new Tooltip(tip));
    }
}
