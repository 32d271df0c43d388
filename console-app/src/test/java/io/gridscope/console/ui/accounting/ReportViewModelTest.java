package io.gridscope.console.ui.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AccountingFixture;
import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.AccountingService.ReportResult;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.Methodology;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.config.ConfigException;
import io.gridscope.reports.money.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The period, grouping, comparison and drill-down an accounting page asks for, and what it shows of the answers. */
class ReportViewModelTest {
    private static final Instant NOW = Instant.parse("2026-03-18T10:30:00Z");

    private final FakeAccounting accounting = new FakeAccounting();
    private ReportViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        accounting.state.set(FakeAccounting.valid(AccountingFixture.accountingToml()));
        vm = new ReportViewModel(accounting, "cost", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static AccountingReport report(ReportRequest r, String... groups) {
        List<ReportRow> rows =
                java.util.Arrays.stream(groups).map(g -> row(g, "10")).toList();
        return new AccountingReport(r, rows, row("total", "30"), List.of(), new Methodology(List.of()), NOW);
    }

    static ReportRow row(String group, String total) {
        Money eur = Money.of(total, "EUR");
        Money zero = Money.of("0", "EUR");
        return new ReportRow(
                group,
                BigDecimal.TEN,
                BigDecimal.TEN,
                BigDecimal.ZERO,
                BigDecimal.ONE,
                BigDecimal.ONE,
                eur,
                zero,
                zero,
                zero,
                eur,
                zero,
                BigDecimal.ZERO,
                1,
                BigDecimal.ZERO,
                false,
                Optional.empty());
    }

    private void answer(FakeAccounting.Request req, String... groups) {
        req.answer().accept(new ReportResult(Optional.of(report(req.request(), groups)), Optional.empty(), ""));
    }

    @Test
    void thisMonthRunsFromItsFirstDayToNowInTheAccountingTimeZone() {
        vm.refresh();
        ReportRequest r = accounting.last().request();
        assertThat(r.from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(r.to()).isEqualTo(NOW);
        assertThat(r.groupBy()).isEqualTo(GroupBy.TEAM);
        assertThat(r.currency().getCurrencyCode()).isEqualTo("EUR");
        assertThat(vm.periodTextProperty().get()).isEqualTo("1 Mar 2026 – 18 Mar 2026 (UTC)");
        assertThat(vm.busyProperty().get()).isTrue();
    }

    @Test
    void lastMonthIsTheWholeMonthAndCustomDaysEndWithTheLastDayIncluded() throws Exception {
        accounting.state.set(FakeAccounting.valid(
                AccountingFixture.accountingToml().replace("timezone = \"UTC\"", "timezone = \"Europe/Berlin\"")));
        vm.periodProperty().set(ReportPeriod.LAST_MONTH);
        ReportRequest r = accounting.last().request();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(r.from())
                .isEqualTo(LocalDate.of(2026, 2, 1).atStartOfDay(berlin).toInstant());
        assertThat(r.to())
                .isEqualTo(LocalDate.of(2026, 3, 1).atStartOfDay(berlin).toInstant());

        vm.periodProperty().set(ReportPeriod.CUSTOM);
        vm.firstDayProperty().set(LocalDate.of(2026, 3, 2));
        vm.lastDayProperty().set(LocalDate.of(2026, 3, 8));
        r = accounting.last().request();
        assertThat(r.from())
                .isEqualTo(LocalDate.of(2026, 3, 2).atStartOfDay(berlin).toInstant());
        assertThat(r.to())
                .isEqualTo(LocalDate.of(2026, 3, 9).atStartOfDay(berlin).toInstant());

        vm.lastDayProperty().set(LocalDate.of(2026, 3, 1));
        assertThat(vm.errorProperty().get())
                .isEqualTo("Period: the last day (2026-03-01) is before the first (2026-03-02)");
    }

    @Test
    void drillingIntoATeamShowsItByGpuThenByHostAndBackRestoresTheTeams() {
        vm.refresh();
        answer(accounting.last(), "nlp", "vision");
        assertThat(vm.canDrill("nlp")).isTrue();

        vm.drillDown("nlp");
        ReportRequest drilled = accounting.last().request();
        assertThat(drilled.groupBy()).isEqualTo(GroupBy.GPU);
        assertThat(drilled.filter()).contains(new ReportRequest.Filter(GroupBy.TEAM, "nlp"));
        assertThat(vm.canDrill("GPU-1")).as("one level deep").isFalse();

        vm.groupByProperty().set(GroupBy.HOST);
        assertThat(accounting.last().request().groupBy()).isEqualTo(GroupBy.HOST);
        assertThat(accounting.last().request().filter()).contains(new ReportRequest.Filter(GroupBy.TEAM, "nlp"));

        int before = accounting.requests.size();
        vm.drillUp();
        assertThat(accounting.requests).hasSize(before + 1);
        assertThat(accounting.last().request().groupBy()).isEqualTo(GroupBy.TEAM);
        assertThat(accounting.last().request().filter()).isEmpty();
        assertThat(vm.drillProperty().get()).isEmpty();
    }

    @Test
    void onlyTheAnswerToTheNewestRequestIsShown() {
        vm.refresh();
        FakeAccounting.Request first = accounting.last();
        vm.groupByProperty().set(GroupBy.PROJECT);
        FakeAccounting.Request second = accounting.last();

        answer(second, "llm");
        answer(first, "nlp");

        assertThat(vm.reportProperty().get().rows())
                .extracting(ReportRow::group)
                .containsExactly("llm");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void comparingAsksForThePreviousPeriodAndNamesIt() {
        vm.compareProperty().set(true);
        assertThat(accounting.last().withPrevious()).isTrue();
        assertThat(vm.previousPeriodTextProperty().get()).isEqualTo("11 Feb 2026 – 28 Feb 2026");
    }

    @Test
    void aReportThatCannotBeComputedShowsWhyAndNoFigures() {
        vm.refresh();
        answer(accounting.last(), "nlp");
        vm.refresh();
        accounting
                .last()
                .answer()
                .accept(new ReportResult(Optional.empty(), Optional.empty(), "no exchange rate from SEK to EUR"));
        assertThat(vm.reportProperty().get()).isNull();
        assertThat(vm.errorProperty().get()).isEqualTo("no exchange rate from SEK to EUR");
    }

    @Test
    void anInvalidFileKeepsTheFiguresAndSaysWhatIsWrong() throws Exception {
        vm.refresh();
        answer(accounting.last(), "nlp");
        ConfigState valid = accounting.state.get();
        int requests = accounting.requests.size();
        accounting.state.set(new ConfigState(
                "",
                valid.file(),
                true,
                "pue = oops",
                List.of(new ConfigException.Problem(
                        "/config/accounting.toml", 12, "site.pue", "'oops' is not a number")),
                valid.inForce(),
                valid.inForceText(),
                valid.inForceSince()));
        assertThat(accounting.requests)
                .as("the configuration in force has not changed")
                .hasSize(requests);
        assertThat(vm.reportProperty().get()).isNotNull();
        assertThat(vm.noticeProperty().get())
                .contains("stays in force")
                .contains("/config/accounting.toml:12: site.pue: 'oops' is not a number");
    }

    @Test
    void withoutAnAccountingThereIsNoRequestAndTheReasonIsShown() {
        accounting.state.set(new ConfigState(
                "This data path keeps no local history to account over.",
                Optional.empty(),
                false,
                "",
                List.of(),
                Optional.empty(),
                "",
                Optional.empty()));
        int requests = accounting.requests.size();
        vm.refresh();
        assertThat(accounting.requests).hasSize(requests);
        assertThat(vm.errorProperty().get()).isEqualTo("This data path keeps no local history to account over.");
    }

    @Test
    void theChoicesAreRememberedBetweenRuns() {
        io.gridscope.console.app.UiSettings settings = io.gridscope.console.app.UiSettings.empty();
        settings.put("accounting.carbon.period", "CUSTOM");
        settings.put("accounting.carbon.from", "2026-03-02");
        settings.put("accounting.carbon.to", "2026-03-08");
        settings.put("accounting.carbon.groupBy", "SITE");
        settings.put("accounting.carbon.compare", "true");
        ReportViewModel carbon = new ReportViewModel(accounting, "carbon", Clock.fixed(NOW, ZoneOffset.UTC), settings);
        carbon.refresh();
        ReportRequest r = accounting.last().request();
        assertThat(r.from()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2026-03-09T00:00:00Z"));
        assertThat(r.groupBy()).isEqualTo(GroupBy.SITE);
        assertThat(accounting.last().withPrevious()).isTrue();

        carbon.groupByProperty().set(GroupBy.TEAM);
        answer(accounting.last(), "nlp");
        carbon.drillDown("nlp");
        carbon.periodProperty().set(ReportPeriod.LAST_MONTH);
        assertThat(settings.get("accounting.carbon.groupBy"))
                .as("the grouping before the drill-down")
                .contains("TEAM");
        assertThat(settings.get("accounting.carbon.period")).contains("LAST_MONTH");
        assertThat(settings.get("accounting.cost.period"))
                .as("each page its own")
                .isEmpty();
    }
}
