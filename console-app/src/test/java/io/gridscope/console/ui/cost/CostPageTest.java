package io.gridscope.console.ui.cost;

import static io.gridscope.console.ui.ConsoleWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingFixture;
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
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Cost page on the real data path, over a history and an accounting file written by the test: a period chosen,
 * the grouping changed, the previous period compared, a team drilled into and back; and a report that cannot be
 * computed says why.
 */
class CostPageTest {
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

    @SuppressWarnings("unchecked")
    private TableView<CostRow> table() {
        return robot.lookup("#costTable").queryAs(TableView.class);
    }

    private void choosePeriod(String prefix) throws Exception {
        AccountingWindow.fire(window, "#" + prefix + "PeriodCustom");
        fx(() -> {
            robot.lookup("#" + prefix + "From").queryAs(DatePicker.class).setValue(AccountingWindow.FIRST);
            robot.lookup("#" + prefix + "To").queryAs(DatePicker.class).setValue(AccountingWindow.LAST);
            return null;
        });
    }

    private static ReportRequest request(GroupBy by) {
        return new ReportRequest(
                AccountingWindow.FIRST.atStartOfDay(ZoneOffset.UTC).toInstant(),
                AccountingWindow.LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                by,
                EUR);
    }

    private static ReportRow row(AccountingReport r, String group) {
        return r.rows().stream()
                .filter(x -> x.group().equals(group))
                .findFirst()
                .orElseThrow();
    }

    private static java.util.function.Predicate<List<CostRow>> showing(String... groups) {
        return rows -> rows.stream().map(CostRow::group).toList().containsAll(List.of(groups))
                && rows.size() == groups.length + 1;
    }

    @Test
    void aPeriodIsChosenRegroupedComparedAndATeamDrilledIntoAndBack() throws Exception {
        String toml = AccountingFixture.accountingToml();
        AccountingWindow.write(home, toml);
        AccountingReport teams = AccountingWindow.expected(home, toml, request(GroupBy.TEAM));
        window = AccountingWindow.open(home, "COST");

        choosePeriod("cost");
        List<CostRow> rows = AccountingWindow.awaitRows(
                window, "#costTable", showing(AccountingFixture.NLP, AccountingFixture.VISION, AccountingEngine.IDLE));
        // the page shows the engine's figures for the chosen days, rounded to the cent only when shown
        CostRow nlp =
                rows.stream().filter(r -> r.group().equals("nlp")).findFirst().orElseThrow();
        assertThat(nlp.totalCost())
                .isEqualTo(row(teams, "nlp").total().rounded().toPlainString());
        assertThat(nlp.coverage()).isEqualTo("100 %");
        assertThat(nlp.basis())
                .as("GPUs by their energy counters, the host by the power model")
                .startsWith("partly estimated (");
        CostRow total = rows.getLast();
        assertThat(total.total()).isTrue();
        assertThat(total.totalCost()).isEqualTo(teams.totalCost().rounded().toPlainString());
        assertThat(fx(() -> robot.lookup("#costSummary").queryAs(Label.class).getText()))
                .startsWith("Total " + teams.totalCost().format());
        assertThat(fx(() -> robot.lookup("#costPeriod").queryAs(Label.class).getText()))
                .isEqualTo(AccountingFormats.period(
                                request(GroupBy.TEAM).from(),
                                request(GroupBy.TEAM).to(),
                                ZoneOffset.UTC)
                        + " (UTC)");
        // idle time kept apart and marked as waste
        CostRow idle = rows.stream()
                .filter(r -> r.group().equals(AccountingEngine.IDLE))
                .findFirst()
                .orElseThrow();
        AccountingWindow.rowOf(window, "#costTable", idle);
        assertThat(fx(() -> robot.lookup("#costTable .idle-row").queryAll().size()))
                .isEqualTo(1);
        assertThat(fx(() -> robot.lookup("#costTable .idle-row .idle-warning")
                        .queryAll()
                        .size()))
                .as("its idle cost and idle share cells")
                .isEqualTo(2);
        // a stack per team per day, a gauge for nlp's budget, the methodology open beside
        StackedBarChart<?, ?> chart = robot.lookup("#costChart .chart").queryAs(StackedBarChart.class);
        assertThat(fx(() -> chart.getData().size())).isEqualTo(3);
        assertThat(fx(() -> chart.getData().getFirst().getData().size())).isEqualTo(2);
        assertThat(robot.lookup("#budget-nlp").tryQuery()).isPresent();
        assertThat(fx(() -> robot.lookup("#costMethodology")
                        .queryAs(TitledPane.class)
                        .isExpanded()))
                .isTrue();
        assertThat(fx(() -> robot.lookup("#costMethodology .label").queryAll().stream()
                        .map(n -> ((Label) n).getText())
                        .toList()))
                .contains("Carbon", "Cost", "Warnings")
                .anyMatch(l -> l.contains("electricity at site fra: 0.30 EUR/kWh flat"));

        // another grouping
        fx(() -> {
            robot.lookup("#costGroupBy").<ChoiceBox<GroupBy>>query().setValue(GroupBy.PROJECT);
            return null;
        });
        AccountingWindow.awaitRows(window, "#costTable", showing("llm", "detector", AccountingEngine.IDLE));
        assertThat(fx(() -> table().getColumns().getFirst().getText())).isEqualTo("Project");
        fx(() -> {
            robot.lookup("#costGroupBy").<ChoiceBox<GroupBy>>query().setValue(GroupBy.TEAM);
            return null;
        });
        AccountingWindow.awaitRows(window, "#costTable", showing("nlp", "vision", AccountingEngine.IDLE));

        // the previous two days beside them
        AccountingWindow.fire(window, "#costCompare");
        AccountingReport before = AccountingWindow.expected(
                home, toml, io.gridscope.console.app.AccountingService.previousPeriod(request(GroupBy.TEAM)));
        rows = AccountingWindow.awaitRows(
                window,
                "#costTable",
                r -> r.size() == 4 && r.stream().allMatch(c -> !c.delta().isEmpty()));
        String expectedDelta = AccountingFormats.delta(teams.totalCost(), before.totalCost());
        assertThat(rows.getLast().delta())
                .isEqualTo(expectedDelta)
                .matches("(new|[+±-]\\d+ %) \\([+-]\\d+\\.\\d\\d EUR\\)");
        TableColumn<CostRow, ?> deltaColumn = fx(() -> table().getColumns().getLast());
        assertThat(fx(deltaColumn::isVisible)).isTrue();
        assertThat(fx(deltaColumn::getText)).isEqualTo("vs previous");
        assertThat(fx(() -> robot.lookup("#costSummary").queryAs(Label.class).getText()))
                .endsWith(": " + expectedDelta);

        // into the team nlp, by GPU
        CostRow nlpNow =
                rows.stream().filter(r -> r.group().equals("nlp")).findFirst().orElseThrow();
        Node nlpRow = AccountingWindow.rowOf(window, "#costTable", nlpNow);
        AccountingWindow.doubleClick(nlpRow);
        List<CostRow> gpus = AccountingWindow.awaitRows(
                window, "#costTable", r -> r.size() == 4 && r.getFirst().group().startsWith("GPU-22222222"));
        assertThat(gpus.subList(0, 3))
                .extracting(CostRow::label)
                .filteredOn(l -> l.startsWith("GPU-"))
                .hasSize(2)
                .allMatch(l -> l.startsWith("GPU-22222222…") && l.endsWith("(NVIDIA H100 80GB HBM3) on gpu-node-2"));
        assertThat(gpus.subList(0, 3)).extracting(CostRow::label).contains("gpu-node-2 (CPU, memory)");
        AccountingReport nlpByGpu = AccountingWindow.expected(
                home, toml, request(GroupBy.TEAM).withFilter(GroupBy.TEAM, "nlp", GroupBy.GPU));
        assertThat(gpus.getLast().totalCost())
                .as("what nlp's GPUs and host cost while busy (their idle time is under (idle))")
                .isEqualTo(nlpByGpu.totalCost().rounded().toPlainString());
        assertThat(nlpByGpu.total().idleCost().isZero()).isTrue();
        assertThat(fx(() -> robot.lookup("#costDrillNote").queryAs(Label.class).getText()))
                .contains("the idle time of its GPUs is under (idle)");
        assertThat(fx(() -> robot.lookup("#costBreadcrumb").queryAs(Label.class).getText()))
                .isEqualTo("team nlp, by GPU");
        // … and by host
        fx(() -> {
            robot.lookup("#costGroupBy").<ChoiceBox<GroupBy>>query().setValue(GroupBy.HOST);
            return null;
        });
        AccountingWindow.awaitRows(window, "#costTable", showing(AccountingFixture.NODE_2));

        // and back
        AccountingWindow.fire(window, "#costBreadcrumbAll");
        AccountingWindow.awaitRows(window, "#costTable", showing("nlp", "vision", AccountingEngine.IDLE));
        assertThat(fx(() -> robot.lookup("#costBreadcrumbAll")
                        .queryAs(Hyperlink.class)
                        .isVisible()))
                .isFalse();
        assertThat(fx(() ->
                        robot.lookup("#costGroupBy").<ChoiceBox<GroupBy>>query().getValue()))
                .isEqualTo(GroupBy.TEAM);

        // the Overview shows today's figures, computed off the FX thread
        AccountingWindow.fire(window, "#nav-overview");
        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#todayAccounting")
                                .tryQuery()
                                .map(n -> ((Label) n).getText())
                                .orElse(""))
                        .matches("Today so far: -?\\d+\\.\\d\\d EUR · [\\d,.]+ kgCO2e, ≈ -?\\d+\\.\\d\\d EUR/h.*"));
    }

    @Test
    void aReportThatNeedsAMissingExchangeRateSaysSoInThePage() throws Exception {
        String toml = AccountingFixture.accountingToml()
                .replace("site = \"sto\"\ncurrency = \"EUR\"", "site = \"sto\"\ncurrency = \"SEK\"");
        AccountingWindow.write(home, toml);
        window = AccountingWindow.open(home, "COST");

        choosePeriod("cost");

        WaitForAsyncUtils.waitFor(
                30,
                TimeUnit.SECONDS,
                () -> fx(() -> robot.lookup("#costError").queryAs(Label.class).getText())
                        .startsWith("no exchange rate from SEK to EUR at "));
        assertThat(fx(() -> robot.lookup("#costError").queryAs(Label.class).isVisible()))
                .isTrue();
        assertThat(fx(() -> robot.lookup("#costTable")
                        .queryAs(TableView.class)
                        .getItems()
                        .size()))
                .as("no figures rather than wrong ones")
                .isZero();
    }
}
