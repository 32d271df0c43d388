package io.gridscope.console.ui.reports;

import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.console.ui.accounting.MethodologyPanel;
import io.gridscope.console.ui.accounting.ReportControls;
import io.gridscope.console.ui.accounting.ReportTables;
import io.gridscope.console.ui.reports.ReportsViewModel.Running;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.document.Chart;
import io.gridscope.reports.document.KeyFigure;
import io.gridscope.reports.document.Paper;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.ReportKind;
import io.gridscope.reports.document.Table;
import java.time.Month;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Reports page: choose a report (cost and carbon, GPU utilisation, budgets, on-call), its period (this month,
 * last month, a month, a quarter, custom days), the cost report's grouping, an optional filter and the currency;
 * preview it (built off the FX thread: key figures, notices, charts, every table in a tab of its own, the primary one
 * first, and the methodology, each figure as the exports write it); export it (CSV, XLSX, PDF, JSON, FOCUS) into a
 * file chosen in the desktop's save dialog, with progress and Cancel, and then open its folder. Node ids start with
 * {@code reports}: {@code reportsKind}, {@code reportsPeriodLastMonth}, {@code reportsPreview}, {@code reportsExport},
 * {@code reportsCancel}, {@code reportsFigures}, {@code reportsTables}, ….
 */
public final class ReportsPage extends VBox {
    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ROOT);

    private final ReportsViewModel vm;
    private final ExportDialog dialog;
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final VBox notices = new VBox(6);
    private final FlowPane figures = new FlowPane(10, 10);
    private final VBox charts = new VBox(10);
    private final TabPane tables = new TabPane();
    private final MethodologyPanel methodology = new MethodologyPanel("reportsMethodology");
    private final VBox documentBox = new VBox(10);

    public ReportsPage(ReportsViewModel vm, ShellViewModel shell, ExportDialog dialog) {
        super(10);
        this.vm = Objects.requireNonNull(vm);
        this.dialog = Objects.requireNonNull(dialog);
        setPadding(new Insets(12, 16, 12, 16));
        getStyleClass().addAll("page", "accounting-page", "reports-page");
        // the window's scroll pane fits a page to its height, down to the page's minimum: never less than it needs
        setMinHeight(Region.USE_PREF_SIZE);

        Label heading = new Label("Reports");
        heading.getStyleClass().add("page-title");

        Label error = ReportTables.banner("reportsError", "error-banner");
        error.textProperty().bind(vm.errorProperty());
        Label configNotice = ReportTables.banner("reportsConfigNotice", "notice");
        configNotice.textProperty().bind(vm.configNoticeProperty());
        Label stale = ReportTables.banner("reportsStale", "muted");
        stale.textProperty()
                .bind(Bindings.when(vm.staleProperty())
                        .then("The choices above changed since this preview: Preview shows them, Export writes them.")
                        .otherwise(""));

        buildDocument();
        getChildren().addAll(heading, choices(), actions(), exportResult(), error, configNotice, stale, documentBox);
        vm.documentProperty().addListener((o, a, d) -> show(d));
        show(vm.documentProperty().get());
        shell.pageProperty().addListener((o, a, p) -> {
            if (p == Page.REPORTS) {
                vm.showing();
            }
        });
        vm.showing();
    }

    // ------------------------------------------------------------------------------------------------ choices

    private Region choices() {
        FlowPane row = new FlowPane(10, 6);
        row.getStyleClass().add("report-controls");
        row.setAlignment(Pos.CENTER_LEFT);

        ChoiceBox<ReportKind> kind = new ChoiceBox<>();
        kind.setId("reportsKind");
        kind.getItems().setAll(ReportKind.values());
        kind.setConverter(converter(ReportsPage::kindName));
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        Tooltip about = new Tooltip();
        about.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.kindProperty().get() == null
                                ? ""
                                : vm.kindProperty().get().title(),
                        vm.kindProperty()));
        kind.setTooltip(about);

        HBox periodButtons = ReportControls.segmented(
                List.of(ReportsPeriod.values()), ReportsPeriod::label, vm.periodProperty(), "reportsPeriod");

        ChoiceBox<Month> month = new ChoiceBox<>();
        month.setId("reportsMonth");
        month.getItems().setAll(Month.values());
        month.setConverter(converter(m -> m.getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
        month.valueProperty().bindBidirectional(vm.monthProperty());
        HBox monthPicker = new HBox(4, month, year("reportsMonthYear"));
        shownFor(monthPicker, ReportsPeriod.MONTH);

        ChoiceBox<Integer> quarter = new ChoiceBox<>();
        quarter.setId("reportsQuarter");
        quarter.getItems().setAll(1, 2, 3, 4);
        quarter.setConverter(converter(q -> "Q" + q));
        quarter.valueProperty().bindBidirectional(vm.quarterProperty());
        HBox quarterPicker = new HBox(4, quarter, year("reportsQuarterYear"));
        shownFor(quarterPicker, ReportsPeriod.QUARTER);

        HBox custom = ReportControls.days("reports", vm.firstDayProperty(), vm.lastDayProperty());
        shownFor(custom, ReportsPeriod.CUSTOM);

        ChoiceBox<GroupBy> groupBy = ReportControls.groupBy("reportsGroupBy", vm.groupByProperty());
        groupBy.setTooltip(new Tooltip("What each row of the cost report is"));
        groupBy.visibleProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> ReportsViewModel.grouped(vm.kindProperty().get()), vm.kindProperty()));
        groupBy.managedProperty().bind(groupBy.visibleProperty());

        row.getChildren()
                .addAll(kind, periodButtons, monthPicker, quarterPicker, custom, groupBy, filter(), currency());
        return row;
    }

    private Spinner<Integer> year(String id) {
        Spinner<Integer> year = new Spinner<>();
        year.setId(id);
        SpinnerValueFactory.IntegerSpinnerValueFactory years = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                2000, 2100, vm.yearProperty().get());
        year.setValueFactory(years);
        years.valueProperty().bindBidirectional(vm.yearProperty());
        year.setEditable(true);
        year.setPrefWidth(82);
        return year;
    }

    private void shownFor(Node n, ReportsPeriod p) {
        n.visibleProperty().bind(vm.periodProperty().isEqualTo(p));
        n.managedProperty().bind(n.visibleProperty());
        if (n instanceof HBox h) {
            h.setAlignment(Pos.CENTER_LEFT);
        }
    }

    /** "all groups" or "only team …", with the groups of the last preview grouped that way to choose from. */
    private Region filter() {
        ChoiceBox<String> by = new ChoiceBox<>();
        by.setId("reportsFilterBy");
        String all = "all groups";
        by.getItems().add(all);
        for (GroupBy g : GroupBy.values()) {
            by.getItems().add("only " + AccountingFormats.groupBy(g));
        }
        by.setValue(
                vm.filterByProperty().get() == null
                        ? all
                        : "only "
                                + AccountingFormats.groupBy(
                                        vm.filterByProperty().get()));
        by.valueProperty().addListener((o, a, v) -> {
            int i = by.getItems().indexOf(v);
            vm.filterByProperty().set(i <= 0 ? null : GroupBy.values()[i - 1]);
        });
        by.setTooltip(new Tooltip("Keep only what is allocated to one team, project, user, host, GPU or site"));

        ComboBox<String> value = new ComboBox<>(vm.filterValues());
        value.setId("reportsFilterValue");
        value.setEditable(true);
        value.setPrefWidth(120);
        value.setPromptText("e.g. vision");
        value.valueProperty().bindBidirectional(vm.filterValueProperty());
        value.disableProperty().bind(vm.filterByProperty().isNull());
        value.setTooltip(new Tooltip("The group to keep; a cost preview grouped the same way lists its groups here"));

        HBox box = new HBox(4, by, value);
        box.setAlignment(Pos.CENTER_LEFT);
        box.visibleProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> ReportsViewModel.filterable(vm.kindProperty().get()), vm.kindProperty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Region currency() {
        ComboBox<String> currency = new ComboBox<>(vm.currencies());
        currency.setId("reportsCurrency");
        currency.setEditable(true);
        currency.setPrefWidth(86);
        currency.valueProperty().bindBidirectional(vm.currencyProperty());
        currency.promptTextProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.defaultCurrencyProperty().get().isEmpty()
                                ? "currency"
                                : vm.defaultCurrencyProperty().get(),
                        vm.defaultCurrencyProperty()));
        currency.setTooltip(new Tooltip("The report's currency (ISO 4217); empty: the accounting file's"));
        // the on-call report holds no money
        currency.visibleProperty().bind(vm.kindProperty().isNotEqualTo(ReportKind.ON_CALL));
        currency.managedProperty().bind(currency.visibleProperty());
        return currency;
    }

    // ------------------------------------------------------------------------------------------------ actions

    private Region actions() {
        Button preview = new Button("Preview");
        preview.setId("reportsPreview");
        preview.setOnAction(e -> vm.preview());
        preview.setTooltip(new Tooltip("Build the report and show it below"));

        Button export = new Button("Export…");
        export.setId("reportsExport");
        export.setOnAction(e -> export());
        export.setTooltip(new Tooltip("Build the report and write it to a file: CSV, XLSX, PDF, JSON or FOCUS"));

        ChoiceBox<Paper> paper = new ChoiceBox<>();
        paper.setId("reportsPaper");
        paper.getItems().setAll(Paper.values());
        paper.setConverter(converter(p -> p == Paper.A4 ? "PDF on A4" : "PDF on Letter"));
        paper.valueProperty().bindBidirectional(vm.paperProperty());
        paper.setTooltip(new Tooltip("The paper a PDF export is laid out on"));

        ChoiceBox<Boolean> focus = new ChoiceBox<>();
        focus.setId("reportsFocusPeriod");
        focus.getItems().setAll(false, true);
        focus.setConverter(converter(hourly -> hourly ? "FOCUS rows per hour" : "FOCUS rows per day"));
        focus.setValue(vm.focusHourlyProperty().get());
        focus.valueProperty()
                .addListener((o, a, hourly) -> vm.focusHourlyProperty().set(hourly));
        vm.focusHourlyProperty().addListener((o, a, hourly) -> focus.setValue(hourly));
        focus.setTooltip(new Tooltip("The charge period of a FOCUS export's rows (cost report only)"));
        focus.visibleProperty().bind(vm.kindProperty().isEqualTo(ReportKind.COST));
        focus.managedProperty().bind(focus.visibleProperty());

        ProgressBar progress = new ProgressBar();
        progress.setId("reportsProgress");
        progress.setPrefWidth(160);
        progress.progressProperty().bind(vm.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("reportsCancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.setTooltip(new Tooltip("Stop building: an export then writes nothing"));
        var busy = vm.runningProperty().isNotEqualTo(Running.NONE);
        for (Node n : List.of(progress, cancel)) {
            n.visibleProperty().bind(busy);
            n.managedProperty().bind(n.visibleProperty());
        }
        Label status = new Label();
        status.setId("reportsStatus");
        status.getStyleClass().add("muted");
        status.textProperty().bind(vm.statusProperty());

        HBox row = new HBox(10, preview, export, paper, focus, progress, cancel, status);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Region exportResult() {
        Label message = new Label();
        message.setId("reportsExportResult");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(vm.exportMessageProperty());
        vm.exportFailedProperty().addListener((o, a, failed) -> styleResult(message, failed));
        styleResult(message, vm.exportFailedProperty().get());
        Hyperlink open = new Hyperlink("Open folder");
        open.setId("reportsOpenFolder");
        open.setOnAction(e -> vm.openFolder());
        open.visibleProperty().bind(vm.exportFolderProperty().isNotEmpty());
        open.managedProperty().bind(open.visibleProperty());
        HBox row = new HBox(8, message, open);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(vm.exportMessageProperty().isNotEmpty());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    private static void styleResult(Label message, boolean failed) {
        message.getStyleClass().removeAll("field-error", "export-done");
        message.getStyleClass().add(failed ? "field-error" : "export-done");
    }

    private void export() {
        var target = dialog.choose(
                getScene() == null ? null : getScene().getWindow(),
                vm.exportFormats(),
                vm.formatProperty().get(),
                vm.lastFolder(),
                vm::suggestedFileName);
        target.ifPresent(t -> vm.export(t.file(), t.format()));
    }

    // ------------------------------------------------------------------------------------------------ document

    private void buildDocument() {
        title.setId("reportsTitle");
        title.getStyleClass().add("summary-figure");
        title.setWrapText(true);
        subtitle.setId("reportsSubtitle");
        subtitle.getStyleClass().add("muted");
        subtitle.setWrapText(true);
        notices.setId("reportsNotices");
        figures.setId("reportsFigures");
        charts.setId("reportsCharts");
        tables.setId("reportsTables");
        tables.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tables.getStyleClass().add("report-tabs");
        documentBox.getChildren().addAll(title, subtitle, notices, figures, charts, tables, methodology);
    }

    private void show(ReportDocument d) {
        documentBox.setVisible(d != null);
        documentBox.setManaged(d != null);
        if (d == null) {
            methodology.show(null);
            return;
        }
        title.setText(d.title() + " — " + d.periodLabel());
        subtitle.setText(AccountingFormats.period(d.from(), d.to(), d.zone()) + " ("
                + d.zone().getId() + ")"
                + (d.scope().isEmpty() ? "" : " · " + d.scope()) + " · generated "
                + GENERATED.format(d.generatedAt().atZone(d.zone())));

        notices.getChildren().clear();
        for (int i = 0; i < d.notices().size(); i++) {
            Label n = ReportTables.banner("reportsNotice" + i, "notice");
            n.setText(d.notices().get(i));
            notices.getChildren().add(n);
        }
        notices.setVisible(!d.notices().isEmpty());
        notices.setManaged(!d.notices().isEmpty());

        figures.getChildren().clear();
        for (KeyFigure k : d.keyFigures()) {
            figures.getChildren().add(figure(k));
        }

        charts.getChildren().clear();
        HBox pair = null;
        for (Chart c : d.charts()) {
            DocumentChart chart = new DocumentChart(c);
            chart.setPrefWidth(0);
            chart.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(chart, Priority.ALWAYS);
            if (wide(c)) {
                charts.getChildren().add(new HBox(chart));
            } else if (pair == null) {
                pair = new HBox(10, chart);
                charts.getChildren().add(pair);
            } else {
                pair.getChildren().add(chart);
                pair = null;
            }
        }
        if (pair != null && pair.getChildren().size() == 1) {
            // alone on its row: as wide as it would be beside another
            ((Region) pair.getChildren().getFirst())
                    .maxWidthProperty()
                    .bind(charts.widthProperty().subtract(10).divide(2));
        }
        charts.setVisible(!d.charts().isEmpty());
        charts.setManaged(!d.charts().isEmpty());

        String selected = tables.getSelectionModel().getSelectedItem() == null
                ? null
                : tables.getSelectionModel().getSelectedItem().getText();
        List<Tab> tabs = new ArrayList<>();
        for (Table t : d.tables()) {
            DocumentTable table = new DocumentTable(t);
            Tab tab = new Tab(t.id());
            tab.setId("reportsTab-" + DocumentTexts.slug(t.id()));
            tab.setTooltip(new Tooltip(t.title()));
            // only the tab shown holds its table: the tabs are as tall as the table shown, not as the longest
            tab.selectedProperty().addListener((o, was, shown) -> tab.setContent(shown ? table : null));
            tabs.add(tab);
        }
        tables.getTabs().setAll(tabs);
        tabs.stream()
                .filter(t -> t.getText().equals(selected))
                .findFirst()
                .ifPresentOrElse(
                        t -> tables.getSelectionModel().select(t),
                        () -> tables.getSelectionModel().selectFirst());

        methodology.show(d.methodology());
    }

    /** A chart with many bars or points (a day each) gets a row of its own; others share one, two by two. */
    private static boolean wide(Chart c) {
        return c.xLabels().size() > 16;
    }

    private static Region figure(KeyFigure k) {
        Label label = new Label(k.label());
        label.getStyleClass().add("muted");
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        Label value = new Label(DocumentTexts.figure(k.column(), k.value()));
        value.setId("figure-" + k.key());
        value.getStyleClass().add("key-figure-value");
        String gap = DocumentTexts.gap(k.value());
        if (!gap.isEmpty()) {
            value.getStyleClass().add("gap-cell");
            value.setTooltip(new Tooltip(gap));
        }
        VBox card = new VBox(2, label, value);
        if (!k.note().isEmpty()) {
            Label note = new Label(k.note());
            note.getStyleClass().addAll("muted", "key-figure-note");
            note.setWrapText(true);
            note.setMinHeight(Region.USE_PREF_SIZE);
            card.getChildren().add(note);
        }
        card.getStyleClass().addAll("card", "key-figure");
        card.setPrefWidth(200);
        card.setMaxWidth(200);
        return card;
    }

    /** The report's name in the choice: "Cost and carbon", "GPU utilisation", "Budgets", "On-call". */
    static String kindName(ReportKind k) {
        return switch (k) {
            case COST -> "Cost and carbon";
            case UTILISATION -> "GPU utilisation";
            case BUDGETS -> "Budgets";
            case ON_CALL -> "On-call";
        };
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("chosen from the list");
            }
        };
    }
}
