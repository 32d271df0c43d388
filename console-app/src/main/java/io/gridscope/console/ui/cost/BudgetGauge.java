package io.gridscope.console.ui.cost;

import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.reports.accounting.BudgetStatus;
import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A budget at a glance: a bar of what was spent, the budget's limit as a line and the forecast for the whole budget
 * period as a marker, coloured by state (on track, at risk, over); the figures in words below, the forecast's method
 * in the tooltip. The bar's scale is the largest of budget, spend and forecast, so each stays on it.
 */
public final class BudgetGauge extends VBox {
    private final Region spent = new Region();
    private final Region limit = new Region();
    private final Region forecast = new Region();
    private final Pane bar = new Pane() {
        @Override
        protected void layoutChildren() {
            double w = getWidth();
            double h = getHeight();
            spent.resizeRelocate(0, 0, w * spentRatio, h);
            limit.resizeRelocate(Math.min(w - 2, w * limitRatio), -3, 2, h + 6);
            forecast.resizeRelocate(Math.max(0, Math.min(w - 8, w * forecastRatio - 4)), h + 1, 8, 5);
        }
    };
    private double spentRatio;
    private double limitRatio;
    private double forecastRatio;

    public BudgetGauge(String group, BudgetStatus b, ZoneId zone) {
        super(3);
        getStyleClass()
                .addAll(
                        "budget-gauge",
                        "budget-" + b.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        setId("budget-" + group.replaceAll("[^A-Za-z0-9_-]", "_"));
        BigDecimal scale =
                b.budget().amount().max(b.spent().amount()).max(b.forecast().amount());
        spentRatio = ratio(b.spent(), scale);
        limitRatio = ratio(b.budget(), scale);
        forecastRatio = ratio(b.forecast(), scale);
        Label title = new Label(b.owner() + " · " + b.budget().format() + " per " + b.period());
        title.getStyleClass().add("budget-title");
        Label when = new Label(AccountingFormats.period(b.periodStart(), b.periodEnd(), zone) + ", to "
                + b.asOf()
                        .atZone(zone)
                        .toLocalDate()
                        .format(java.time.format.DateTimeFormatter.ofPattern("d MMM", java.util.Locale.ROOT)));
        when.getStyleClass().add("muted");
        bar.getStyleClass().add("budget-track");
        bar.setPrefHeight(12);
        bar.setMinHeight(12);
        bar.setMaxHeight(12);
        spent.getStyleClass().add("budget-spent");
        limit.getStyleClass().add("budget-limit");
        forecast.getStyleClass().add("budget-forecast");
        bar.getChildren().addAll(spent, limit, forecast);
        Label state = new Label("spent " + b.spent().format() + " ("
                + (Double.isInfinite(b.usedRatio()) ? "no budget" : AccountingFormats.percent(b.usedRatio()))
                + ") · forecast " + b.forecast().format() + " · " + b.state().label());
        state.getStyleClass().add("budget-state");
        state.setWrapText(true);
        state.setMinHeight(Region.USE_PREF_SIZE);
        Region gap = new Region();
        gap.setMinHeight(4);
        getChildren().addAll(title, when, bar, gap, state);
        Tooltip.install(
                this,
                new Tooltip(b.owner() + ": budget " + b.budget().format() + " per " + b.period() + ", "
                        + AccountingFormats.period(b.periodStart(), b.periodEnd(), zone) + ".\nSpent "
                        + b.spent().format() + " to "
                        + b.asOf().atZone(zone).toLocalDateTime().withNano(0)
                        + ".\nForecast " + b.forecast().format() + " (▲ below the bar): " + b.forecastMethod()
                        + ".\nThe line is the budget."));
    }

    private static double ratio(Money m, BigDecimal scale) {
        if (scale.signum() <= 0) {
            return 0;
        }
        // geometry only: the figures themselves are written by Money
        return Math.clamp(m.amount().divide(scale, Money.CALC).doubleValue(), 0, 1);
    }
}
