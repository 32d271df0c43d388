package io.gridscope.console.ui.accounting;

import io.gridscope.reports.accounting.GroupBy;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/**
 * The controls above an accounting page: period (this month, last month, custom days), group-by, compare with the
 * previous period, refresh, and whether a report is being computed. Node ids start with the
 * page's {@code prefix}: {@code costPeriodThisMonth}, {@code costFrom}, {@code costGroupBy}, {@code costCompare}, ….
 */
public final class ReportControls extends FlowPane {
    public ReportControls(ReportViewModel vm, String prefix) {
        super(10, 6);
        getStyleClass().add("report-controls");
        setAlignment(Pos.CENTER_LEFT);

        ToggleGroup periods = new ToggleGroup();
        HBox periodButtons = new HBox(2);
        periodButtons.getStyleClass().add("segmented");
        for (ReportPeriod p : ReportPeriod.values()) {
            ToggleButton b = new ToggleButton(p.label());
            b.setId(prefix + "Period" + camel(p.name()));
            b.setUserData(p);
            b.setToggleGroup(periods);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setSelected(vm.periodProperty().get() == p);
            periodButtons.getChildren().add(b);
        }
        periods.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true); // one period is always chosen
            } else {
                vm.periodProperty().set((ReportPeriod) t.getUserData());
            }
        });
        vm.periodProperty()
                .addListener((o, a, p) -> periods.getToggles().forEach(t -> t.setSelected(t.getUserData() == p)));

        DatePicker from = new DatePicker();
        from.setId(prefix + "From");
        from.setPrefWidth(122);
        from.valueProperty().bindBidirectional(vm.firstDayProperty());
        from.setTooltip(new Tooltip("First day of the period (in the accounting time zone)"));
        DatePicker to = new DatePicker();
        to.setId(prefix + "To");
        to.setPrefWidth(122);
        to.valueProperty().bindBidirectional(vm.lastDayProperty());
        to.setTooltip(new Tooltip("Last day of the period, included; the period never runs beyond now"));
        Label dash = new Label("to");
        HBox custom = new HBox(4, from, dash, to);
        custom.setAlignment(Pos.CENTER_LEFT);
        custom.visibleProperty().bind(vm.periodProperty().isEqualTo(ReportPeriod.CUSTOM));
        custom.managedProperty().bind(custom.visibleProperty());

        ChoiceBox<GroupBy> groupBy = new ChoiceBox<>();
        groupBy.setId(prefix + "GroupBy");
        groupBy.getItems().setAll(GroupBy.values());
        groupBy.setConverter(new StringConverter<>() {
            @Override
            public String toString(GroupBy g) {
                return g == null ? "" : "by " + AccountingFormats.groupBy(g);
            }

            @Override
            public GroupBy fromString(String s) {
                return GroupBy.parse(s.replaceFirst("^by ", ""));
            }
        });
        groupBy.valueProperty().bindBidirectional(vm.groupByProperty());
        groupBy.setTooltip(new Tooltip("What each row and each stack in the chart is"));

        CheckBox compare = new CheckBox("Compare with previous period");
        compare.setId(prefix + "Compare");
        compare.selectedProperty().bindBidirectional(vm.compareProperty());
        compare.setTooltip(new Tooltip("Also compute the period of the same length just before, and show the change"));

        Button refresh = new Button("Refresh");
        refresh.setId(prefix + "Refresh");
        refresh.setOnAction(e -> vm.refresh());
        refresh.setTooltip(new Tooltip("Compute again with the newest measurements"));

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.setMaxSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        Label status = new Label();
        status.setId(prefix + "Status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(vm.statusProperty());

        getChildren().addAll(periodButtons, custom, groupBy, compare, refresh, busy, status);
    }

    private static String camel(String constant) {
        StringBuilder b = new StringBuilder();
        for (String part : constant.split("_")) {
            b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    /**
     * The page's heading: its title, the period shown and the report currency ({@code <prefix>Period}, {@code
     * <prefix>Currency}).
     */
    public static HBox heading(String title, ReportViewModel vm, String prefix) {
        Label t = new Label(title);
        t.getStyleClass().add("page-title");
        Label period = new Label();
        period.setId(prefix + "Period");
        period.getStyleClass().add("muted");
        period.textProperty().bind(vm.periodTextProperty());
        Label currency = new Label();
        currency.setId(prefix + "Currency");
        currency.getStyleClass().add("muted");
        currency.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> vm.currencyProperty().get().isEmpty()
                                ? ""
                                : "· currency " + vm.currencyProperty().get(),
                        vm.currencyProperty()));
        HBox h = new HBox(10, t, period, currency);
        h.setAlignment(Pos.BASELINE_LEFT);
        return h;
    }
}
