package io.gridscope.console.app.fleet;

import static io.gridscope.console.app.fleet.FleetTestData.CONFIG;
import static io.gridscope.console.app.fleet.FleetTestData.CPU_HOST;
import static io.gridscope.console.app.fleet.FleetTestData.FROM;
import static io.gridscope.console.app.fleet.FleetTestData.HOST;
import static io.gridscope.console.app.fleet.FleetTestData.MODEL;
import static io.gridscope.console.app.fleet.FleetTestData.NOW;
import static io.gridscope.console.app.fleet.FleetTestData.TO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridscope.collectors.prometheus.query.PromQueryClient;
import io.gridscope.collectors.prometheus.query.QueryData;
import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.GroupBy;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.accounting.ReportRow;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.usage.HistoryUsageSource;
import io.gridscope.reports.usage.UsageSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet path gives a host the same report whether its measurements sit in the local history or on a real
 * Prometheus server: the samples of {@link FleetTestData}, under dcgm-exporter and node_exporter names in Prometheus
 * (loaded with {@code promtool}) and under Gridscope's names in a local {@link HistoryStore}, through the same {@link
 * AccountingEngine} and configuration.
 */
class FleetAcceptanceTest {
    @TempDir
    static Path dir;

    private static BackfilledPrometheus prometheus;
    private static PromQueryClient client;
    private static HistoryReader reader;
    private static AccountingConfig config;

    @BeforeAll
    static void load() throws Exception {
        BackfilledPrometheus.requireBinary("promtool");
        BackfilledPrometheus.requireBinary("prometheus");
        Path local = Files.createDirectories(dir.resolve("local"));
        Path om = dir.resolve("fleet.om");
        FleetTestData.write(local, om);
        prometheus = BackfilledPrometheus.start(dir, om);
        client = prometheus.client("fleet");
        reader = HistoryReader.open(local, HistoryOptions.defaults().withClock(NOW));
        config = AccountingFile.parse(CONFIG, Path.of("accounting.toml"), Currency.getInstance("EUR"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (client != null) {
            client.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static Map<String, ReportRow> report(UsageSource source, GroupBy by) {
        AccountingEngine engine = new AccountingEngine(config, source, IntensityLookup.FIXED_OR_WORLD, NOW);
        AccountingReport r = engine.report(new ReportRequest(FROM, TO, by, Currency.getInstance("EUR")));
        return r.rows().stream().collect(Collectors.toMap(ReportRow::group, Function.identity()));
    }

    @Test
    void theLocalHistoryHoldsTheHandComputedEnergy() {
        Map<String, ReportRow> gpus = report(new HistoryUsageSource(reader), GroupBy.GPU);
        // 2 h × 300 W + 1 h × 60 W + 3 h × 250 W, less the 7 s × 250 W before the driver reload
        assertThat(gpus.get("GPU-f1 (" + MODEL + ") on " + HOST).itKwh().doubleValue())
                .isCloseTo(1.41 - 1750 / 3.6e6, within(1e-9));
        assertThat(gpus.get("GPU-f2 (" + MODEL + ") on " + HOST).itKwh().doubleValue())
                .isCloseTo(1.2, within(1e-9));
        assertThat(gpus.get(HOST + " (CPU, memory)").energyBasis()).isEqualTo("measured");
        assertThat(gpus.get(CPU_HOST + " (CPU, memory)").energyBasis()).isEqualTo("estimated");
    }

    @Test
    void prometheusAndTheLocalHistoryGiveTheSameReportPerGpuHostTeamAndSite() {
        try (PrometheusUsageSource fleet = new PrometheusUsageSource(client, Duration.ofMinutes(2))) {
            HistoryUsageSource local = new HistoryUsageSource(reader);
            for (GroupBy by : List.of(GroupBy.GPU, GroupBy.HOST, GroupBy.TEAM, GroupBy.SITE)) {
                Map<String, ReportRow> expected = report(local, by);
                Map<String, ReportRow> actual = report(fleet, by);
                assertThat(actual.keySet()).as("groups by " + by).isEqualTo(expected.keySet());
                assertThat(expected).as("groups by " + by).isNotEmpty();
                for (String group : expected.keySet()) {
                    assertSame(by + " " + group, actual.get(group), expected.get(group));
                }
            }
        }
    }

    @Test
    void promqlIncreaseWouldNotGiveTheseFigures() throws Exception {
        // increase() measures from the first reading inside its window and extrapolates to the edges
        QueryData.Vector v = (QueryData.Vector) client.query(
                        "sum(increase(" + PrometheusUsageSource.DCGM_ENERGY + "{UUID=\"GPU-f1\"}[6h])) / 1000 / 3.6e6",
                        TO)
                .data();
        double naiveKwh = v.samples().getFirst().value();
        assertThat(Math.abs(naiveKwh - (1.41 - 1750 / 3.6e6))).isGreaterThan(1e-4);
    }

    private static void assertSame(String what, ReportRow actual, ReportRow expected) {
        assertThat(actual.itKwh().doubleValue())
                .as(what + " IT kWh")
                .isCloseTo(expected.itKwh().doubleValue(), within(1e-9));
        assertThat(actual.facilityKwh().doubleValue())
                .as(what + " facility kWh")
                .isCloseTo(expected.facilityKwh().doubleValue(), within(1e-9));
        assertThat(actual.total().rounded())
                .as(what + " cost")
                .isEqualByComparingTo(expected.total().rounded());
        assertThat(actual.electricity().rounded())
                .as(what + " electricity")
                .isEqualByComparingTo(expected.electricity().rounded());
        assertThat(actual.idleCost().rounded())
                .as(what + " idle")
                .isEqualByComparingTo(expected.idleCost().rounded());
        assertThat(grams(actual.operationalGrams()))
                .as(what + " operational gCO2e")
                .isEqualTo(grams(expected.operationalGrams()));
        assertThat(grams(actual.embodiedGrams()))
                .as(what + " embodied gCO2e")
                .isEqualTo(grams(expected.embodiedGrams()));
        assertThat(actual.coverage()).as(what + " coverage").isCloseTo(expected.coverage(), within(1e-12));
        assertThat(actual.energyBasis()).as(what + " basis").isEqualTo(expected.energyBasis());
    }

    private static String grams(BigDecimal g) {
        return g.setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }
}
