package io.gridscope.console.app;

import static io.gridscope.reports.document.DocumentFixture.cell;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.HistoryReader;
import io.gridscope.history.records.AlertRow;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.document.DocumentFixture;
import io.gridscope.reports.document.KeyFigure;
import io.gridscope.reports.document.ReportDocument;
import io.gridscope.reports.document.Table;
import io.gridscope.reports.document.Value;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-call report on its real alert source: {@link HistoryAlertSource} over a history in a temp directory holding
 * the alerts of {@link OnCallAlertFixture}, whose figures are worked out by hand there.
 */
class HistoryAlertSourceTest {
    @TempDir
    Path dir;

    private DocumentFixture fixture;
    private HistoryReader alerts;
    private List<Long> ids;

    @BeforeEach
    void setUp() throws Exception {
        // the report reads the alerts through the source on the history opened below, once they are written
        fixture = DocumentFixture.open(dir, Optional.of(new HistoryAlertSource(() -> alerts)));
        ids = OnCallAlertFixture.write(dir);
        alerts = HistoryReader.open(dir, AccountingFixture.options());
    }

    @AfterEach
    void tearDown() {
        alerts.close();
        fixture.close();
    }

    private ReportDocument report() {
        return fixture.build(OnCallAlertFixture.spec());
    }

    @Test
    void keepsTheAlertsThatFiredInThePeriodInAnyStateNow() {
        List<AlertRow> fired = new HistoryAlertSource(() -> alerts)
                .firedBetween(OnCallAlertFixture.PERIOD.from(), OnCallAlertFixture.PERIOD.to());
        assertThat(ids).hasSize(10);
        assertThat(fired)
                .extracting(AlertRow::id)
                .as("not the one fired before the period, the one never fired, the one fired after")
                .containsExactlyInAnyOrder(
                        ids.get(0), ids.get(1), ids.get(2), ids.get(3), ids.get(4), ids.get(5), ids.get(6));
        assertThat(fired).extracting(AlertRow::state).containsOnly("resolved", "firing");
    }

    @Test
    void timesToAcknowledgeAndResolvePerSeverityAreTheHandComputedOnes() {
        ReportDocument d = report();
        Table sev = d.primary();
        assertThat(sev.rows()).extracting(r -> r.getFirst().plain()).containsExactly("critical", "warning", "info");
        Map<String, List<String>> expected = Map.of(
                // fired, acknowledged, %, TTA median, TTA p90, resolved, TTR median, TTR p90, open at end, escalated
                "critical", List.of("3", "2", "66.7", "6.0", "20.0", "2", "50.0", "90.0", "1", "2"),
                "warning", List.of("3", "1", "33.3", "3.0", "3.0", "1", "25.0", "25.0", "2", "0"),
                "info", List.of("1", "1", "100.0", "1.0", "1.0", "1", "10.0", "10.0", "0", "0"),
                "total", List.of("7", "4", "57.1", "3.0", "20.0", "4", "25.0", "90.0", "3", "2"));
        List<String> columns = List.of(
                "fired",
                "acknowledged",
                "acknowledged_percent",
                "tta_median_min",
                "tta_p90_min",
                "resolved",
                "ttr_median_min",
                "ttr_p90_min",
                "open_at_end",
                "escalated");
        expected.forEach((severity, values) -> {
            for (int i = 0; i < columns.size(); i++) {
                assertThat(cell(sev, severity, columns.get(i)))
                        .as(severity + " " + columns.get(i))
                        .isEqualTo(values.get(i));
            }
        });

        Map<String, String> figures = d.keyFigures().stream()
                .collect(Collectors.toMap(KeyFigure::key, f -> f.value().plain()));
        assertThat(figures)
                .containsEntry("fired", "7")
                .containsEntry("critical", "3")
                .containsEntry("acknowledged", "57.1")
                .containsEntry("tta_median", "3.0")
                .containsEntry("ttr_median", "25.0")
                .containsEntry("open_at_end", "3");
        assertThat(d.notices()).noneMatch(n -> n.startsWith("No alert fired"));

        Table list = d.table("Alerts").orElseThrow();
        assertThat(list.rows())
                .extracting(r -> r.get(1).plain())
                .as("in firing order")
                .containsExactly(
                        "HostMemoryPressure",
                        "SourceDown",
                        "FilesystemNearlyFull",
                        "IdleCostHigh",
                        "DataDiskNearlyFull",
                        "HistoryWritesFailing",
                        "BudgetForecastOver");
        List<Value> open = list.rows().get(5);
        assertThat(open.get(6)).isEqualTo(Value.missing("not acknowledged"));
        assertThat(open.get(11)).isEqualTo(Value.missing("still open"));
        assertThat(open.get(12).plain()).isEqualTo("yes");
    }

    @Test
    void aPeriodWithMoreAlertsThanTheCapIsRefused() {
        HistoryAlertSource small = new HistoryAlertSource(() -> alerts, 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> small.firedBetween(OnCallAlertFixture.PERIOD.from(), OnCallAlertFixture.PERIOD.to()))
                .isInstanceOf(UserFacingException.class)
                .hasMessageContaining("More than 5 alerts");
    }
}
