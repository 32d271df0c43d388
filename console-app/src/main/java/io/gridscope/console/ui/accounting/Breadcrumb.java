package io.gridscope.console.ui.accounting;

import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/**
 * Where a drill-down is: "All teams › team ml-research, by GPU"; the first part goes back. Without a drill-down it
 * says how to open one. Ids: {@code <prefix>BreadcrumbAll} (the link back), {@code <prefix>Breadcrumb} (where).
 */
public final class Breadcrumb extends HBox {
    public Breadcrumb(ReportViewModel vm, String prefix, String what) {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("breadcrumb");
        Hyperlink all = new Hyperlink();
        all.setId(prefix + "BreadcrumbAll");
        all.setOnAction(e -> vm.drillUp());
        Label sep = new Label("›");
        Label here = new Label();
        here.setId(prefix + "Breadcrumb");
        here.getStyleClass().add("breadcrumb-here");
        Label note = new Label();
        note.setId(prefix + "DrillNote");
        note.getStyleClass().add("muted");
        Label hint = new Label("Double-click a team, project or user (or select it and press Open) to see its " + what
                + " by GPU or by host.");
        hint.getStyleClass().add("muted");
        Runnable update = () -> {
            var drill = vm.drillProperty().get();
            boolean in = drill.isPresent();
            all.setVisible(in);
            all.setManaged(in);
            sep.setVisible(in);
            sep.setManaged(in);
            here.setVisible(in);
            here.setManaged(in);
            boolean idleInside =
                    drill.filter(f -> !AccountingFormats.idle(f.value())).isPresent();
            note.setText(
                    idleInside
                            ? "(its busy time: the idle time of its GPUs is under "
                                    + io.gridscope.reports.accounting.AccountingEngine.IDLE
                                    + ", or shared out among the groups above)"
                            : "");
            note.setVisible(idleInside);
            note.setManaged(idleInside);
            hint.setVisible(!in && vm.groupByProperty().get().byOwner());
            hint.setManaged(hint.isVisible());
            drill.ifPresent(f -> {
                all.setText("All " + AccountingFormats.groupBy(f.by()) + "s");
                here.setText(AccountingFormats.groupBy(f.by()) + " " + f.value() + ", by "
                        + AccountingFormats.groupBy(vm.groupByProperty().get()));
            });
        };
        vm.drillProperty().addListener((o, a, b) -> update.run());
        vm.groupByProperty().addListener((o, a, b) -> update.run());
        update.run();
        getChildren().addAll(all, sep, here, note, hint);
    }
}
