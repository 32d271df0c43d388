package io.gridscope.reports.document;

import static io.gridscope.reports.document.DocumentFixture.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.history.records.AlertRow;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.ReportRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documents of the hand-computed fixture carry the fixture's figures (see AccountingFixtureTest). */
class ReportBuilderTest {
    @TempDir
    static Path dir;

    static DocumentFixture fixture;
    static final List<AlertRow> ALERTS = new ArrayList<>();

    static AlertRow alert(long id, String severity, String fired, String acked, String resolved, long escalated) {
        long f = Instant.parse(fired).toEpochMilli();
        long a = acked == null ? 0 : Instant.parse(acked).toEpochMilli();
        long r = resolved == null ? 0 : Instant.parse(resolved).toEpochMilli();
        return new AlertRow(
                id,
                "GpuTooHot",
                "fp" + id,
                "host=fra-1",
                severity,
                r == 0 ? "firing" : "resolved",
                f,
                f,
                r,
                f,
                90,
                85,
                "GPU hot",
                "",
                "",
                1,
                f,
                escalated,
                0,
                a == 0 ? "" : "ada",
                a,
                a == 0 ? "" : "on it",
                0,
                "");
    }

    @BeforeAll
    static void open() throws Exception {
        ALERTS.add(alert(1, "critical", "2026-11-02T01:00:00Z", "2026-11-02T01:04:00Z", "2026-11-02T02:00:00Z", 0));
        ALERTS.add(alert(2, "critical", "2026-11-02T05:00:00Z", "2026-11-02T05:30:00Z", "2026-11-02T05:40:00Z", 1));
        ALERTS.add(alert(3, "warning", "2026-11-03T10:00:00Z", null, null, 0));
        ALERTS.add(alert(4, "warning", "2026-11-01T10:00:00Z", null, "2026-11-02T10:00:00Z", 0)); // before the period
        fixture = DocumentFixture.open(dir, Optional.of((from, to) -> ALERTS));
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void theCostReportByTeamHoldsTheHandComputedFigures() {
        ReportDocument d = fixture.cost(GroupBy.TEAM);
        Table t = d.primary();
        assertThat(t.id()).isEqualTo("By team");
        assertThat(cell(t, "research", "total_cost")).isEqualTo("39.39");
        assertThat(cell(t, "research", "it_kwh")).isEqualTo("9.600");
        assertThat(cell(t, "research", "facility_kwh")).isEqualTo("13.440");
        assertThat(cell(t, "research", "operational_kgco2e")).isEqualTo("4.032");
        assertThat(cell(t, "research", "embodied_kgco2e")).isEqualTo("0.360");
        assertThat(cell(t, "platform", "total_cost")).isEqualTo("8.63");
        assertThat(cell(t, AccountingEngine.IDLE, "total_cost")).isEqualTo("4.11");
        assertThat(cell(t, "nlp", "fallback")).isEqualTo("18.00");
        assertThat(cell(t, "nlp", "energy_basis")).isEqualTo("estimated");
        assertThat(cell(t, "vision", "cloud")).isEqualTo("131.04");
        assertThat(cell(t, "vision", "budget_status")).isEqualTo("over");
        assertThat(cell(t, "vision", "budget_spent")).isEqualTo("202.95");
        assertThat(cell(t, "nlp", "budget")).as("a gap, not a zero").isEmpty();
        assertThat(cell(t, "total", "total_cost")).isEqualTo("211.63");
        assertThat(d.keyFigures().getFirst().value().plain()).isEqualTo("211.63");
        assertThat(d.notices()).isEmpty();
        assertThat(d.tables()).extracting(Table::id).containsExactly("By team", "By day", "Idle", "By site", "Budgets");
        assertThat(d.charts()).extracting(Chart::id).containsExactly("cost_by_day", "carbon_by_site", "budget_burn");
        assertThat(d.methodology().sections().getFirst().title()).isEqualTo("Reading this report");
    }

    @Test
    void theDayAndSiteTablesAddUpToTheTotals() {
        ReportDocument d = fixture.cost(GroupBy.TEAM);
        Table days = d.table("By day").orElseThrow();
        assertThat(days.rows()).allSatisfy(r -> assertThat(r.getFirst()).isInstanceOf(Value.Day.class));
        java.math.BigDecimal sum = days.rows().stream()
                .map(r -> ((Value.Number) r.get(2)).number())
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
        assertThat(sum).isBetween(new java.math.BigDecimal("211.60"), new java.math.BigDecimal("211.66"));
        Table sites = d.table("By site").orElseThrow();
        assertThat(DocumentFixture.row(sites, "fra")).isNotEmpty();
        assertThat(DocumentFixture.row(sites, "us-east")).isNotEmpty();
        assertThat(cell(sites, "total", "cost")).isEqualTo("211.63");
        Chart carbon = d.charts().get(1);
        assertThat(carbon.xLabels()).containsExactly("fra", "us-east");
        Chart cost = d.charts().getFirst();
        assertThat(cost.xLabels()).containsExactly("2026-11-02", "2026-11-03");
    }

    @Test
    void utilisationPerGpuWithIdleHours() {
        ReportDocument d = fixture.build(ReportKind.UTILISATION, GroupBy.TEAM);
        Table t = d.primary();
        assertThat(t.rows()).hasSize(3);
        String a1 = t.rows().stream()
                .map(r -> r.getFirst().plain())
                .filter(s -> s.contains("a1") || s.contains("A1"))
                .findFirst()
                .orElseThrow();
        assertThat(cell(t, a1, "period_hours")).isEqualTo("48.00");
        assertThat(cell(t, a1, "idle_hours")).isEqualTo("4.00");
        assertThat(cell(t, a1, "busy_hours")).isEqualTo("44.00");
        assertThat(cell(t, a1, "idle_cost")).isEqualTo("4.11");
        assertThat(cell(t, "total", "idle_hours")).isEqualTo("4.00");
        assertThat(cell(t, "total", "period_hours")).isEqualTo("144.00");
    }

    @Test
    void utilisationWithAFilterListsOnlyItsGpus() {
        ReportDocument d = fixture.build(new ReportSpec(
                ReportKind.UTILISATION,
                DocumentFixture.PERIOD,
                GroupBy.TEAM,
                DocumentFixture.EUR,
                Optional.of(new ReportRequest.Filter(GroupBy.HOST, "cloud-1")),
                List.of()));
        assertThat(d.primary().rows())
                .singleElement()
                .satisfies(r -> assertThat(r.get(2).plain()).isEqualTo("cloud-1"));
    }

    @Test
    void budgetsOfTheTeamsWithTheirBurn() {
        ReportDocument d = fixture.build(ReportKind.BUDGETS, GroupBy.TEAM);
        Table t = d.primary();
        assertThat(cell(t, "team vision", "spent")).isEqualTo("202.95");
        assertThat(cell(t, "team vision", "status")).isEqualTo("over");
        assertThat(cell(t, "team research", "status")).isEqualTo("on track");
        assertThat(d.charts()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Chart.Type.LINES);
            assertThat(c.xLabels()).hasSize(30).startsWith("2026-11-01");
            assertThat(c.limit()).isPresent();
        });
    }

    @Test
    void onCallTimesToAcknowledgeAndResolvePerSeverity() {
        ReportDocument d = fixture.build(ReportKind.ON_CALL, GroupBy.TEAM);
        Table sev = d.primary();
        assertThat(cell(sev, "critical", "fired")).isEqualTo("2");
        assertThat(cell(sev, "critical", "tta_median_min")).isEqualTo("4.0");
        assertThat(cell(sev, "critical", "tta_p90_min")).isEqualTo("30.0");
        assertThat(cell(sev, "critical", "ttr_median_min")).isEqualTo("40.0");
        assertThat(cell(sev, "critical", "escalated")).isEqualTo("1");
        assertThat(cell(sev, "warning", "fired"))
                .as("the alert that fired before the period is not counted")
                .isEqualTo("1");
        assertThat(cell(sev, "warning", "tta_median_min")).isEmpty();
        assertThat(cell(sev, "total", "open_at_end")).isEqualTo("1");
        Table list = d.table("Alerts").orElseThrow();
        assertThat(list.rows()).hasSize(3);
        assertThat(list.rows().get(2).get(6)).isEqualTo(Value.missing("not acknowledged"));
    }

    @Test
    void aPeriodWithoutDataSaysSoAndShowsNoZeros() {
        ReportDocument d = fixture.build(new ReportSpec(
                ReportKind.COST,
                ReportingPeriod.days(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), ZoneOffset.UTC),
                GroupBy.TEAM,
                DocumentFixture.EUR));
        assertThat(d.notices()).singleElement().asString().startsWith("No data:");
        assertThat(d.primary().rows()).isEmpty();
        assertThat(d.primary().total()).isEmpty();
        assertThat(d.keyFigures().getFirst().value()).isInstanceOf(Value.Missing.class);
    }

    @Test
    void aFilterKeepsOnlyItsGroup() {
        ReportDocument d = fixture.build(new ReportSpec(
                ReportKind.COST,
                DocumentFixture.PERIOD,
                GroupBy.GPU,
                DocumentFixture.EUR,
                Optional.of(new ReportRequest.Filter(GroupBy.TEAM, "vision")),
                List.of()));
        assertThat(d.scope()).contains("only team vision");
        // vision: the cloud GPU, and bob's share of GPU-a2 (bob → vision)
        assertThat(d.primary().rows()).hasSize(2);
        assertThat(cell(d.primary(), "total", "total_cost")).isEqualTo("138.15");
    }

    @Test
    void progressCanCancel() {
        assertThatThrownBy(() -> fixture.builder()
                        .build(
                                new ReportSpec(
                                        ReportKind.COST, DocumentFixture.PERIOD, GroupBy.TEAM, DocumentFixture.EUR),
                                p -> {
                                    if (p > 0.3) {
                                        throw new CancellationException("cancelled");
                                    }
                                }))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void csvAndJsonWriteTheSameFigures() throws Exception {
        ReportDocument d = fixture.cost(GroupBy.TEAM);
        var csv = new ByteArrayOutputStream();
        DocumentFormat.CSV.write(d, Paper.A4, csv);
        var records = org.apache.commons.csv.CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setCommentMarker('#')
                .get()
                .parse(new java.io.StringReader(csv.toString(StandardCharsets.UTF_8)))
                .getRecords();
        assertThat(records).extracting(r -> r.get("group")).contains("research", "vision", "total");
        assertThat(records.stream()
                        .filter(r -> r.get("group").equals("total"))
                        .findFirst()
                        .orElseThrow()
                        .get("total_cost"))
                .isEqualTo("211.63");
        assertThat(csv.toString(StandardCharsets.UTF_8)).contains("# Reading this report: Figures are computed");
        var json = new ByteArrayOutputStream();
        DocumentFormat.JSON.write(d, Paper.A4, json);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toByteArray());
        assertThat(tree.at("/tables/0/total/total_cost").asText()).isEqualTo("211.63");
        assertThat(tree.at("/key_figures/0/value").asText()).isEqualTo("211.63");
        assertThat(tree.at("/tables/0/rows").size()).isEqualTo(5);
        var text = new ByteArrayOutputStream();
        DocumentFormat.TABLE.write(d, Paper.A4, text);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("211.63").contains("Total cost (EUR)");
    }
}
