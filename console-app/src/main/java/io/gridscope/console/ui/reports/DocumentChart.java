package io.gridscope.console.ui.reports;

import io.gridscope.console.ui.accounting.DailyChart;
import io.gridscope.reports.document.Chart;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

/**
 * A chart of a report document, drawn as the PDF draws it: stacked bars (a segment per series), plain bars, or lines
 * with a dashed series (a forecast) and a horizontal limit (the budget). A missing value is a gap (no bar, a break in
 * the line), never a zero. Each bar's and point's tooltip gives the figure as the document holds it; the heights are
 * for the eye. Colours as the Cost page's charts (a group keeps its colour, idle time amber, "other" grey), with a
 * legend of its own. Its id is {@code chart-<id>} ("chart-cost_by_day").
 */
final class DocumentChart extends VBox {
    static final String LIMIT_COLOUR = "#cf3b3b";

    private final Chart chart;
    private final Map<String, String> colours = new HashMap<>();
    private final FlowPane legend = new FlowPane(12, 4);
    private final XYChart<?, ?> xy;

    DocumentChart(Chart c) {
        super(4);
        this.chart = c;
        setId("chart-" + c.id());
        getStyleClass().addAll("card", "accounting-chart", "document-chart");
        Label title = new Label(c.title());
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        legend.getStyleClass().add("chart-legend-flow");
        legend.setAlignment(Pos.CENTER_LEFT);
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel(c.unit());
        y.setForceZeroInRange(true);
        x.setAnimated(false);
        y.setAnimated(false);
        Function<String, String> label = labels(c.xLabels());
        List<String> categories = c.xLabels().stream().map(label).toList();
        x.setCategories(FXCollections.observableArrayList(categories));
        double gap = c.xLabels().size() > 20 ? 3 : 8;
        if (sideways(c)) {
            // long names (GPUs on their hosts) read across, one bar a row, the first on top
            x.setCategories(FXCollections.observableArrayList(categories.reversed()));
            BarChart<Number, String> bars = new BarChart<>(y, x);
            bars.setCategoryGap(4);
            bars.setPrefHeight(Math.max(160, 60 + 26 * categories.size()));
            xy = bars;
        } else {
            XYChart<String, Number> chart = switch (c.type()) {
                case STACKED_BARS -> {
                    StackedBarChart<String, Number> stacked = new StackedBarChart<>(x, y);
                    stacked.setCategoryGap(gap);
                    yield stacked;
                }
                case BARS -> {
                    BarChart<String, Number> bars = new BarChart<>(x, y);
                    bars.setCategoryGap(gap);
                    yield bars;
                }
                case LINES -> new LineChart<>(x, y);
            };
            chart.setPrefHeight(250);
            xy = chart;
        }
        xy.setAnimated(false);
        xy.setLegendVisible(false);
        xy.setMinHeight(Region.USE_PREF_SIZE);
        VBox.setVgrow(xy, Priority.ALWAYS);
        getChildren().addAll(title, xy, legend);
        if (c.isEmpty()) {
            Label none = new Label("Nothing to chart in this period.");
            none.getStyleClass().add("muted");
            getChildren().add(1, none);
            return;
        }
        int next = 0;
        for (Chart.Series s : c.series()) {
            colours.put(s.name(), colourOf(s, next));
            if (!colours.get(s.name()).equals(DailyChart.IDLE_COLOUR)
                    && !colours.get(s.name()).equals(DailyChart.OTHER_COLOUR)
                    && !sharesColour(s)) {
                next++;
            }
        }
        for (Chart.Series s : c.series()) {
            if (xy instanceof BarChart<?, ?> bars && bars.getXAxis() instanceof NumberAxis) {
                @SuppressWarnings("unchecked")
                BarChart<Number, String> across = (BarChart<Number, String>) bars;
                addBarsAcross(across, s, categories);
            } else if (c.type() == Chart.Type.LINES) {
                addLine(s, categories);
            } else {
                addBars(s, categories);
            }
            legend.getChildren().add(legendEntry(s.name(), colours.get(s.name()), s.dashed(), c.type()));
        }
        c.limit().ifPresent(l -> addLimit(l, categories));
    }

    /** Plain bars whose names are long ("GPU-5a1c2d3e… on gpu-node-2") are drawn across. */
    private static boolean sideways(Chart c) {
        return c.type() == Chart.Type.BARS && c.xLabels().stream().anyMatch(l -> l.length() > 12);
    }

    @SuppressWarnings("unchecked")
    private XYChart<String, Number> upright() {
        return (XYChart<String, Number>) xy;
    }

    /**
     * Days on the axis as the Cost page writes them ("3", "1 Dec", "18 Nov"); any other label (a site, a GPU, a
     * month) as it is.
     */
    private static Function<String, String> labels(List<String> xLabels) {
        List<LocalDate> days = new ArrayList<>();
        try {
            for (String s : xLabels) {
                days.add(LocalDate.parse(s));
            }
        } catch (DateTimeParseException notDays) {
            return Function.identity();
        }
        if (days.isEmpty()) {
            return Function.identity();
        }
        Function<LocalDate, String> f = DailyChart.categoryLabel(days.getFirst(), days.getLast());
        Map<String, String> names = new LinkedHashMap<>();
        for (LocalDate d : days) {
            names.put(d.toString(), f.apply(d));
        }
        if (names.values().stream().distinct().count() != names.size()) {
            return Function.identity(); // shortened names would not be unique
        }
        return names::get;
    }

    /** A dashed series named after another ("vision forecast" after "vision") is drawn in that one's colour. */
    private boolean sharesColour(Chart.Series s) {
        return s.dashed() && owner(s) != null;
    }

    private String owner(Chart.Series s) {
        for (Chart.Series other : chart.series()) {
            if (other != s && !other.dashed() && s.name().startsWith(other.name() + " ")) {
                return other.name();
            }
        }
        return null;
    }

    private String colourOf(Chart.Series s, int next) {
        if (s.name().equals(io.gridscope.reports.accounting.AccountingEngine.IDLE)) {
            return DailyChart.IDLE_COLOUR;
        }
        if (s.name().equals("other")) {
            return DailyChart.OTHER_COLOUR;
        }
        if (sharesColour(s)) {
            String o = owner(s);
            return colours.getOrDefault(o, DailyChart.PALETTE.get(next % DailyChart.PALETTE.size()));
        }
        return DailyChart.PALETTE.get(next % DailyChart.PALETTE.size());
    }

    private String tip(Chart.Series s, int i) {
        return s.name() + ", " + chart.xLabels().get(i) + ": "
                + DocumentTexts.chartValue(s.values().get(i), chart.unit());
    }

    private void addBars(Chart.Series s, List<String> categories) {
        upright().getData().add(bars(s, categories, XYChart.Data::new));
    }

    private void addBarsAcross(BarChart<Number, String> chart, Chart.Series s, List<String> categories) {
        chart.getData().add(bars(s, categories, (category, value) -> new XYChart.Data<>(value, category)));
    }

    /** One bar per value of {@code s}, in its colour, with its tooltip; none for a gap. */
    private <X, Y> XYChart.Series<X, Y> bars(
            Chart.Series s, List<String> categories, BiFunction<String, Number, XYChart.Data<X, Y>> data) {
        XYChart.Series<X, Y> series = new XYChart.Series<>();
        series.setName(s.name());
        String colour = colours.get(s.name());
        for (int i = 0; i < categories.size(); i++) {
            BigDecimal v = s.values().get(i);
            if (v == null) {
                continue; // a gap: no bar
            }
            XYChart.Data<X, Y> d = data.apply(categories.get(i), v.doubleValue());
            String tip = tip(s, i);
            d.nodeProperty().addListener((o, a, node) -> decorate(node, "-fx-bar-fill: " + colour + ";", tip));
            series.getData().add(d);
        }
        return series;
    }

    /** One line per run of values without a gap, all in the series' colour; dashed for a forecast. */
    private void addLine(Chart.Series s, List<String> categories) {
        String colour = colours.get(s.name());
        String stroke =
                "-fx-stroke: " + colour + "; -fx-stroke-width: 2;" + (s.dashed() ? " -fx-stroke-dash-array: 7 5;" : "");
        String symbol = s.dashed()
                ? "-fx-background-color: " + colour + ", white; -fx-background-insets: 0, 1.5; -fx-padding: 3;"
                : "-fx-background-color: " + colour + "; -fx-padding: 2.5;";
        XYChart.Series<String, Number> run = null;
        for (int i = 0; i < categories.size(); i++) {
            BigDecimal v = s.values().get(i);
            if (v == null) {
                run = null; // a gap breaks the line
                continue;
            }
            if (run == null) {
                run = new XYChart.Series<>();
                run.setName(s.name());
                XYChart.Series<String, Number> r = run;
                r.nodeProperty().addListener((o, a, node) -> {
                    if (node != null) {
                        node.setStyle(stroke);
                    }
                });
                upright().getData().add(r);
            }
            XYChart.Data<String, Number> d = new XYChart.Data<>(categories.get(i), v.doubleValue());
            String tip = tip(s, i);
            d.nodeProperty().addListener((o, a, node) -> decorate(node, symbol, tip));
            run.getData().add(d);
        }
    }

    private void addLimit(Chart.Limit l, List<String> categories) {
        if (chart.type() != Chart.Type.LINES || categories.isEmpty()) {
            legend.getChildren().add(new Label(l.label() + ": " + DocumentTexts.chartValue(l.value(), chart.unit())));
            return;
        }
        XYChart.Series<String, Number> line = new XYChart.Series<>();
        line.setName(l.label());
        String tip = l.label() + ": " + DocumentTexts.chartValue(l.value(), chart.unit());
        for (String c : categories) {
            XYChart.Data<String, Number> d = new XYChart.Data<>(c, l.value().doubleValue());
            d.nodeProperty()
                    .addListener(
                            (o, a, node) -> decorate(node, "-fx-background-color: transparent; -fx-padding: 2;", tip));
            line.getData().add(d);
        }
        line.nodeProperty().addListener((o, a, node) -> {
            if (node != null) {
                node.setStyle("-fx-stroke: " + LIMIT_COLOUR + "; -fx-stroke-width: 1.5; -fx-stroke-dash-array: 2 4;");
            }
        });
        upright().getData().add(line);
        legend.getChildren()
                .add(legendEntry(
                        l.label() + " (" + DocumentTexts.chartValue(l.value(), chart.unit()) + ")",
                        LIMIT_COLOUR,
                        true,
                        Chart.Type.LINES));
    }

    private static void decorate(Node node, String style, String tip) {
        if (node == null) {
            return;
        }
        node.setStyle(style);
        Tooltip.install(node, new Tooltip(tip));
    }

    private static Label legendEntry(String name, String colour, boolean dashed, Chart.Type type) {
        Node swatch;
        if (type == Chart.Type.LINES) {
            Line line = new Line(0, 0, 16, 0);
            line.setStyle("-fx-stroke: " + colour + "; -fx-stroke-width: 2;"
                    + (dashed ? " -fx-stroke-dash-array: 4 3;" : ""));
            swatch = line;
        } else {
            Rectangle r = new Rectangle(10, 10);
            r.setStyle("-fx-fill: " + colour + ";");
            swatch = r;
        }
        Label item = new Label(name, swatch);
        item.getStyleClass().add("chart-legend-entry");
        return item;
    }
}
