package io.gridscope.console.ui.accounting;

import io.gridscope.reports.accounting.GroupBy;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
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

        HBox periodButtons =
                segmented(List.of(ReportPeriod.values()), ReportPeriod::label, vm.periodProperty(), prefix + "Period");
        HBox custom = days(prefix, vm.firstDayProperty(), vm.lastDayProperty());
        custom.visibleProperty().bind(vm.periodProperty().isEqualTo(ReportPeriod.CUSTOM));
        custom.managedProperty().bind(custom.visibleProperty());

        ChoiceBox<GroupBy> groupBy = groupBy(prefix + "GroupBy", vm.groupByProperty());
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

    /** A choice of grouping, "by team", "by GPU", …, bound to {@code property}. */
    public static ChoiceBox<GroupBy> groupBy(String id, ObjectProperty<GroupBy> property) {
        ChoiceBox<GroupBy> groupBy = new ChoiceBox<>();
        groupBy.setId(id);
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
        groupBy.valueProperty().bindBidirectional(property);
        return groupBy;
    }

    /**
     * A row of toggle buttons, one per value, of which exactly one is selected: {@code property}'s. Each button's id
     * is {@code idPrefix} and the value's name in camel case ("costPeriod" gives {@code costPeriodThisMonth}).
     */
    public static <P extends Enum<P>> HBox segmented(
            List<P> values, Function<P, String> label, ObjectProperty<P> property, String idPrefix) {
        ToggleGroup group = new ToggleGroup();
        HBox buttons = new HBox(2);
        buttons.getStyleClass().add("segmented");
        for (P p : values) {
            ToggleButton b = new ToggleButton(label.apply(p));
            b.setId(idPrefix + camel(p.name()));
            b.setUserData(p);
            b.setToggleGroup(group);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setSelected(property.get() == p);
            buttons.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                a.setSelected(true); // one is always chosen
            } else {
                property.set(values.get(0).getDeclaringClass().cast(t.getUserData()));
            }
        });
        property.addListener((o, a, p) -> group.getToggles().forEach(t -> t.setSelected(t.getUserData() == p)));
        return buttons;
    }

    /**
     * The first and the last day of a custom period, both included ({@code <prefix>From}, {@code <prefix>To}), in the
     * accounting time zone.
     */
    public static HBox days(String prefix, ObjectProperty<LocalDate> first, ObjectProperty<LocalDate> last) {
        DatePicker from = new DatePicker();
        from.setId(prefix + "From");
        from.setPrefWidth(122);
        from.valueProperty().bindBidirectional(first);
        from.setTooltip(new Tooltip("First day of the period (in the accounting time zone)"));
        DatePicker to = new DatePicker();
        to.setId(prefix + "To");
        to.setPrefWidth(122);
        to.valueProperty().bindBidirectional(last);
        to.setTooltip(new Tooltip("Last day of the period, included; the period never runs beyond now"));
        HBox custom = new HBox(4, from, new Label("to"), to);
        custom.setAlignment(Pos.CENTER_LEFT);
        return custom;
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
