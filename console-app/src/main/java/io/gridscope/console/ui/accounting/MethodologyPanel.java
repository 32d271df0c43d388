package io.gridscope.console.ui.accounting;

import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.Methodology;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/**
 * How every figure of the report shown was made: the report's {@link Methodology}, section by section (data,
 * energy, carbon, cost, allocation, budgets), warnings last and marked. Collapsible; open by default.
 */
public final class MethodologyPanel extends TitledPane {
    private final VBox body = new VBox(4);

    /** The methodology of {@code report} as it changes. */
    public MethodologyPanel(ReadOnlyObjectProperty<AccountingReport> report, String id) {
        this(id);
        show(report.get() == null ? null : report.get().methodology());
        report.addListener((o, a, r) -> show(r == null ? null : r.methodology()));
    }

    /** Empty until {@link #show} is given a methodology. */
    public MethodologyPanel(String id) {
        setId(id);
        setText("Methodology: how every figure was made");
        setExpanded(true);
        getStyleClass().add("methodology");
        body.setFillWidth(true);
        setContent(body);
        show(null);
    }

    /** Shows {@code m}; null: there is no report yet. */
    public void show(Methodology m) {
        body.getChildren().clear();
        if (m == null) {
            Label none = new Label("No report yet.");
            none.getStyleClass().add("muted");
            body.getChildren().add(none);
            return;
        }
        for (Methodology.Section s : m.sections()) {
            Label title = new Label(s.title());
            title.getStyleClass().add("section-title");
            boolean warnings = s.title().equals(Methodology.WARNINGS);
            if (warnings) {
                title.getStyleClass().add("warning-text");
            }
            body.getChildren().add(title);
            for (String line : s.lines()) {
                Label l = new Label("• " + line);
                l.setWrapText(true);
                l.setMaxWidth(Double.MAX_VALUE);
                l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wraps instead of eliding
                l.getStyleClass().add(warnings ? "warning-text" : "methodology-line");
                body.getChildren().add(l);
            }
        }
    }
}
