package io.gridscope.console.ui.accounting;

import io.gridscope.console.app.AccountingService.TodaySummary;
import io.gridscope.reports.accounting.AccountingReport;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * Today's cost and carbon so far, for the Overview: "Today so far: 12.34 EUR · 3.2 kgCO2e, ≈ 0.52 EUR/h", with how
 * much was measured when not all of it was, or why there are no figures. Computed off the FX thread about every
 * minute ({@code AccountingService}); this only shows it.
 */
public final class TodaySummaryView extends HBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final Label text = new Label();

    public TodaySummaryView(ReadOnlyObjectProperty<TodaySummary> today) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().addAll("card", "today-accounting");
        Label caption = new Label("Cost & carbon");
        caption.getStyleClass().add("section-title");
        text.setId("todayAccounting");
        text.setWrapText(true);
        getChildren().addAll(caption, text);
        show(today.get());
        today.addListener((o, a, t) -> show(t));
    }

    private void show(TodaySummary t) {
        text.getStyleClass().removeAll("warning-text", "muted");
        if (t == null) {
            text.setText("Today so far: computing…");
            text.getStyleClass().add("muted");
            text.setTooltip(null);
            return;
        }
        if (t.report().isEmpty()) {
            text.setText("Today so far: no figures. " + t.error());
            text.getStyleClass().add("warning-text");
            text.setTooltip(new Tooltip(t.error()));
            return;
        }
        AccountingReport r = t.report().get();
        double coverage = r.total().coverage();
        String rate = t.costPerHour().map(m -> ", ≈ " + m.format() + "/h").orElse("");
        text.setText("Today so far: " + r.totalCost().format() + " · " + AccountingFormats.kg(r.totalKgCo2e())
                + " kgCO2e" + rate
                + (AccountingFormats.partial(coverage) ? " (" + AccountingFormats.coverage(coverage) + ")" : ""));
        ZoneId zone = ZoneId.systemDefault();
        text.setTooltip(new Tooltip("Since midnight in the accounting time zone, to "
                + TIME.format(r.computedAt().atZone(zone)) + ": operational "
                + AccountingFormats.kg(r.total().operationalKg()) + " kgCO2e + embodied "
                + AccountingFormats.kg(r.total().embodiedKg()) + " kgCO2e; the rate is today's cost ÷ hours so far."
                + " Refreshed every minute; see the Cost and Carbon pages for how."));
    }
}
