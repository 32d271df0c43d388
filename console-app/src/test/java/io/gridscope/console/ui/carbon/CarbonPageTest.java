package io.gridscope.console.ui.carbon;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingFixture;
import io.gridscope.console.app.AccountingService;
import io.gridscope.console.ui.AccountingWindow;
import io.gridscope.console.ui.ConsoleWindow;
import io.gridscope.console.ui.accounting.AccountingFormats;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.accounting.ReportRow;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.function.Predicate;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The Carbon page on the real data path over a written history and accounting file: a period chosen, grouped by
 * site with each site's intensity source, compared with the previous period, a team opened and closed again.
 */
class CarbonPageTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    @TempDir
    Path home;

    private ConsoleWindow window;
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
    }

    private static ReportRequest request(GroupBy by) {
        return new ReportRequest(
                AccountingWindow.FIRST.atStartOfDay(ZoneOffset.UTC).toInstant(),
                AccountingWindow.LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                by,
                EUR);
    }

    private static Predicate<List<CarbonRow>> showing(String... groups) {
        return rows -> rows.size() == groups.length + 1
                && rows.stream().map(CarbonRow::group).toList().containsAll(List.of(groups));
    }

    private void groupBy(GroupBy by) throws Exception {
        fx(() -> {
            robot.lookup("#carbonGroupBy").<ChoiceBox<GroupBy>>query().setValue(by);
            return null;
        });
    }

    @Test
    void aPeriodIsChosenRegroupedComparedAndATeamOpenedAndClosed() throws Exception {
        String toml = AccountingFixture.accountingToml();
        AccountingWindow.write(home, toml);
        AccountingReport sites = AccountingWindow.expected(home, toml, request(GroupBy.SITE));
        window = AccountingWindow.open(home, "CARBON");

        AccountingWindow.fire(window, "#carbonPeriodCustom");
        fx(() -> {
            robot.lookup("#carbonFrom").queryAs(DatePicker.class).setValue(AccountingWindow.FIRST);
            robot.lookup("#carbonTo").queryAs(DatePicker.class).setValue(AccountingWindow.LAST);
            return null;
        });
        AccountingWindow.awaitRows(
                window,
                "#carbonTable",
                showing(AccountingFixture.NLP, AccountingFixture.VISION, AccountingEngine.IDLE));

        groupBy(GroupBy.SITE);
        List<CarbonRow> rows = AccountingWindow.awaitRows(window, "#carbonTable", showing("fra", "sto"));
        CarbonRow fra =
                rows.stream().filter(r -> r.group().equals("fra")).findFirst().orElseThrow();
        ReportRow expected = sites.rows().stream()
                .filter(r -> r.group().equals("fra"))
                .findFirst()
                .orElseThrow();
        assertThat(fra.operationalKg()).isEqualTo(AccountingFormats.kg(expected.operationalKg()));
        assertThat(fra.embodiedKg()).isEqualTo(AccountingFormats.kg(expected.embodiedKg()));
        assertThat(fra.facilityKwh()).isEqualTo(AccountingFormats.energy(expected.facilityKwh()));
        assertThat(fra.intensitySource())
                .isEqualTo("fixed value for site fra (line 7) — 380 gCO2e/kWh (average, lifecycle)");
        assertThat(fra.fallbackIntensity()).isFalse();
        CarbonRow sto =
                rows.stream().filter(r -> r.group().equals("sto")).findFirst().orElseThrow();
        assertThat(sto.intensitySource()).startsWith("world average 475 gCO2e/kWh");
        assertThat(sto.fallbackIntensity()).isTrue();
        AccountingWindow.rowOf(window, "#carbonTable", sto);
        assertThat(fx(() -> robot.lookup("#carbonTable .estimated").queryAll().stream()
                        .map(n -> ((javafx.scene.control.Labeled) n).getText())
                        .toList()))
                .as("the fallback intensity is marked")
                .anyMatch(t -> t.startsWith("world average"));
        assertThat(fx(() -> robot.lookup("#carbonSummary").queryAs(Label.class).getText()))
                .startsWith("Operational " + AccountingFormats.kg(sites.total().operationalKg()) + " kgCO2e · embodied "
                        + AccountingFormats.kg(sites.total().embodiedKg()) + " kgCO2e");
        StackedBarChart<?, ?> operational = robot.lookup("#carbonChart .chart").queryAs(StackedBarChart.class);
        StackedBarChart<?, ?> embodied = robot.lookup("#embodiedChart .chart").queryAs(StackedBarChart.class);
        assertThat(fx(() -> operational.getData().size())).isEqualTo(2);
        assertThat(fx(() -> embodied.getData().size()))
                .as("embodied carbon apart")
                .isEqualTo(2);

        AccountingWindow.fire(window, "#carbonCompare");
        AccountingReport before =
                AccountingWindow.expected(home, toml, AccountingService.previousPeriod(request(GroupBy.SITE)));
        rows = AccountingWindow.awaitRows(
                window,
                "#carbonTable",
                r -> r.size() == 3 && !r.getLast().delta().isEmpty());
        assertThat(rows.getLast().delta())
                .isEqualTo(AccountingFormats.delta(sites.totalKgCo2e(), before.totalKgCo2e(), "kgCO2e"))
                .contains(" kgCO2e)");

        groupBy(GroupBy.TEAM);
        rows = AccountingWindow.awaitRows(window, "#carbonTable", showing("nlp", "vision", AccountingEngine.IDLE));
        CarbonRow vision = rows.stream()
                .filter(r -> r.group().equals("vision"))
                .findFirst()
                .orElseThrow();
        assertThat(vision.intensitySource())
                .as("a team spans every site")
                .startsWith("fra 380 · sto ")
                .endsWith(" (world average) gCO2e/kWh");
        fx(() -> {
            @SuppressWarnings("unchecked")
            TableView<CarbonRow> t = robot.lookup("#carbonTable").queryAs(TableView.class);
            t.getSelectionModel().select(vision);
            return null;
        });
        AccountingWindow.fire(window, "#carbonDrill");
        rows = AccountingWindow.awaitRows(
                window,
                "#carbonTable",
                r -> r.size() == 4
                        && r.stream()
                                        .filter(x -> x.group().startsWith("GPU-11111111"))
                                        .count()
                                == 2);
        assertThat(rows.subList(0, 3)).extracting(CarbonRow::label).contains("gpu-node-1 (CPU, memory)");
        assertThat(rows.subList(0, 3)).allMatch(r -> r.intensitySource().startsWith("fixed value for site fra"));
        assertThat(fx(() ->
                        robot.lookup("#carbonBreadcrumb").queryAs(Label.class).getText()))
                .isEqualTo("team vision, by GPU");
        assertThat(fx(() -> robot.lookup("#carbonDrill").queryAs(Button.class).isDisabled()))
                .as("one level deep")
                .isTrue();

        AccountingWindow.fire(window, "#carbonBreadcrumbAll");
        AccountingWindow.awaitRows(window, "#carbonTable", showing("nlp", "vision", AccountingEngine.IDLE));
    }
}
