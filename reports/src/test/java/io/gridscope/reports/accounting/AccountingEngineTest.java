package io.gridscope.reports.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.HistoryOptions;
import io.gridscope.history.HistoryReader;
import io.gridscope.history.HistoryStore;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.model.SeriesId;
import io.gridscope.model.Snapshot;
import io.gridscope.model.Unit;
import io.gridscope.reports.config.AccountingConfig;
import io.gridscope.reports.config.AccountingFile;
import io.gridscope.reports.usage.HistoryUsageSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coverage, host energy (RAPL measured, model estimated), shared idle: small worked examples. */
class AccountingEngineTest {
    static final Instant FROM = Instant.parse("2026-11-10T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-10T10:00:00Z");
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-11T00:00:00Z"), ZoneOffset.UTC);
    static final Currency EUR = Currency.getInstance("EUR");

    @TempDir
    Path dir;

    interface Minute {
        void samples(int k, long t, List<Sample> out);
    }

    void write(Minute m) throws Exception {
        try (HistoryStore store =
                HistoryStore.open(dir, HistoryOptions.defaults().withClock(NOW))) {
            for (int k = -1; k < 600; k++) {
                long t = FROM.toEpochMilli() + k * 60_000L;
                List<Sample> out = new ArrayList<>();
                m.samples(k, t, out);
                store.append(Snapshot.of("test", t, out));
            }
            store.flush().get();
        }
    }

    Map<String, ReportRow> report(String config, GroupBy by) throws Exception {
        AccountingConfig c = AccountingFile.parse(config, Path.of("accounting.toml"), EUR);
        try (HistoryReader reader =
                HistoryReader.open(dir, HistoryOptions.defaults().withClock(NOW))) {
            AccountingEngine e =
                    new AccountingEngine(c, new HistoryUsageSource(reader), IntensityLookup.FIXED_OR_WORLD, NOW);
            AccountingReport r = e.report(new ReportRequest(FROM, TO, by, EUR));
            return r.rows().stream().collect(Collectors.toMap(ReportRow::group, Function.identity()));
        }
    }

    /** kWh to the micro-watt-hour: past that, only the division's last digit of 34 differs. */
    static BigDecimal kwh(BigDecimal v) {
        return v.setScale(9, RoundingMode.HALF_EVEN);
    }

    static SeriesId energy(String host, String gpu) {
        return SeriesId.counter("gpu_energy_joules_total", Unit.JOULES, Labels.of("host", host, "gpu_uuid", gpu));
    }

    static SeriesId util(String host, String gpu) {
        return SeriesId.gauge("gpu_utilization_ratio", Unit.RATIO, Labels.of("host", host, "gpu_uuid", gpu));
    }

    @Test
    void secondsAreTheDivisionOfMillisecondsByAThousandToTheScale() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        List<Double> millis =
                new ArrayList<>(List.of(0.0, 1.0, 1000.0, 60_000.0, 3_600_000.0, 2_700_000.0, 0.5, 999.999));
        for (int i = 0; i < 10_000; i++) {
            millis.add(r.nextDouble(0, 3_600_000));
            millis.add((double) r.nextLong(0, 3_600_001));
            millis.add(3_600_000 * r.nextDouble());
        }
        for (double m : millis) {
            BigDecimal b = BigDecimal.valueOf(m).round(AccountingEngine.MEASURE);
            // equals: the same value and the same scale
            assertThat(AccountingEngine.seconds(b))
                    .as("%s", b)
                    .isEqualTo(b.divide(AccountingEngine.MILLIS_PER_SECOND, io.gridscope.reports.money.Money.CALC));
        }
    }

    @Test
    void aGapIsShownAsCoverageNeverAsZeroAndTheCounterStillMeasuresAcrossIt() throws Exception {
        double[] c = {0};
        // 100 W; no reading in minutes 100–159 (one hour of ten): 90 % of the period measured
        write((k, t, out) -> {
            c[0] += 100 * 60;
            if (k < 100 || k >= 160) {
                out.add(new Sample(energy("h1", "G1"), t, c[0]));
                out.add(new Sample(util("h1", "G1"), t, 0.5));
            }
        });
        ReportRow row = report("timezone = \"UTC\"", GroupBy.GPU).get("G1 on h1");
        assertThat(row.coverage()).isEqualTo(0.9);
        // the counter saw all ten hours: 10 h × 100 W = 1 kWh, booked after the gap
        assertThat(kwh(row.itKwh())).isEqualByComparingTo("1");
        assertThat(row.energyBasis()).isEqualTo("measured");
    }

    @Test
    void hostEnergyIsMeasuredByRaplOrEstimatedByTheModelAndSaysWhich() throws Exception {
        SeriesId pkg = SeriesId.counter(
                "host_rapl_energy_joules_total",
                Unit.JOULES,
                Labels.of("host", "metered", "zone", "intel-rapl:0", "domain", "package"));
        SeriesId dram = SeriesId.counter(
                "host_rapl_energy_joules_total",
                Unit.JOULES,
                Labels.of("host", "metered", "zone", "intel-rapl:0:0", "domain", "dram"));
        SeriesId core = SeriesId.counter(
                "host_rapl_energy_joules_total",
                Unit.JOULES,
                Labels.of("host", "metered", "zone", "intel-rapl:0:1", "domain", "core"));
        SeriesId cpu =
                SeriesId.gauge("host_cpu_utilization_ratio", Unit.RATIO, Labels.of("host", "modelled", "cpu", "total"));
        SeriesId cores = SeriesId.gauge("host_cpu_logical_cores", Unit.NONE, Labels.of("host", "modelled"));
        SeriesId mem = SeriesId.gauge("host_memory_total_bytes", Unit.BYTES, Labels.of("host", "modelled"));
        double[] j = {0, 0, 0};
        write((k, t, out) -> {
            j[0] += 50 * 60; // package 50 W
            j[1] += 10 * 60; // dram 10 W
            j[2] += 40 * 60; // core: inside package, not added
            out.add(new Sample(pkg, t, j[0]));
            out.add(new Sample(dram, t, j[1]));
            out.add(new Sample(core, t, j[2]));
            out.add(new Sample(cpu, t, 0.5));
            out.add(new Sample(cores, t, 8));
            out.add(new Sample(mem, t, 64e9));
        });
        Map<String, ReportRow> rows = report("timezone = \"UTC\"", GroupBy.HOST);
        // RAPL: (50 + 10) W × 10 h = 0.6 kWh, measured
        assertThat(kwh(rows.get("metered").itKwh())).isEqualByComparingTo("0.6");
        assertThat(rows.get("metered").energyBasis()).isEqualTo("measured");
        // model: 8 × (0.74 + 0.5 × (3.5 − 0.74)) W + 64 GB × 0.392 W/GB = 16.96 + 25.088 = 42.048 W × 10 h
        assertThat(rows.get("modelled").itKwh().setScale(6, RoundingMode.HALF_EVEN))
                .isEqualByComparingTo("0.42048");
        assertThat(rows.get("modelled").energyBasis()).isEqualTo("estimated");
    }

    @Test
    void idleIsKeptApartOrSharedOutInProportionToCost() throws Exception {
        double[] c = {0, 0};
        write((k, t, out) -> {
            boolean idle = k >= 300; // G1 idle for the last 5 hours
            c[0] += (idle ? 50 : 300) * 60;
            c[1] += 300 * 60;
            out.add(new Sample(energy("h1", "G1"), t, c[0]));
            out.add(new Sample(util("h1", "G1"), t, idle ? 0.01 : 0.9));
            out.add(new Sample(energy("h2", "G2"), t, c[1]));
            out.add(new Sample(util("h2", "G2"), t, 0.9));
        });
        String base = """
                timezone = "UTC"
                [[gpu_hour_default]]
                price_per_hour = "1.00"
                currency = "EUR"
                [[allocation]]
                host = "h1"
                team = "a"
                [[allocation]]
                host = "h2"
                team = "b"
                """;
        Map<String, ReportRow> apart = report(base, GroupBy.TEAM);
        assertThat(apart.get("a").total().rounded()).isEqualByComparingTo("5.00");
        assertThat(apart.get("b").total().rounded()).isEqualByComparingTo("10.00");
        assertThat(apart.get(AccountingEngine.IDLE).total().rounded()).isEqualByComparingTo("5.00");
        assertThat(apart.get(AccountingEngine.IDLE).itKwh()).isEqualByComparingTo("0.25");

        Map<String, ReportRow> shared = report("share_idle = true\n" + base, GroupBy.TEAM);
        assertThat(shared).containsOnlyKeys("a", "b");
        // 5.00 of idle shared 5 : 10 → a gets 1.6667, b 3.3333
        assertThat(shared.get("a").total().rounded()).isEqualByComparingTo("6.67");
        assertThat(shared.get("b").total().rounded()).isEqualByComparingTo("13.33");
        assertThat(shared.get("b").idleCost().rounded()).isEqualByComparingTo("3.33");
        assertThat(shared.get("a").idleShare()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(kwh(shared.get("a").itKwh().add(shared.get("b").itKwh())))
                .isEqualByComparingTo(
                        new BigDecimal("1.5").add(new BigDecimal("3")).add(new BigDecimal("0.25")));
    }
}
