package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.HistoryStore;
import io.gridscope.history.LatestValue;
import io.gridscope.model.Labels;
import io.gridscope.model.Sample;
import io.gridscope.reports.accounting.AccountingFixture;
import io.gridscope.reports.accounting.AccountingSignals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountingPublisherTest {
    @TempDir
    Path tmp;

    @Test
    void storesBudgetStatusAndIdleCostForAlertRules() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        AccountingFixture.write(data);
        Path file = Files.writeString(tmp.resolve("accounting.toml"), AccountingFixture.CONFIG);
        // mid-afternoon of the fixture's second day, after GPU-a1's idle hours (40–44 = 16:00–20:00 on day 2)
        Clock clock = Clock.fixed(Instant.parse("2026-11-03T21:00:00Z"), ZoneOffset.UTC);
        try (HistoryStore store = HistoryStore.open(data, AccountingFixture.options());
                AccountingPublisher p = new AccountingPublisher(store, file, "console-1", clock)) {
            List<Sample> samples = p.runOnce();
            assertThat(p.lastProblem()).isEmpty();
            Map<String, Double> byKey = samples.stream()
                    .filter(s -> !s.series().metric().equals(AccountingSignals.GPU_COST_PER_DAY))
                    .collect(Collectors.toMap(
                            s -> s.series().metric()
                                    + s.series()
                                            .labels()
                                            .get("owner")
                                            .map(o -> " " + o)
                                            .orElse(""),
                            Sample::value));
            assertThat(byKey).containsEntry("budget_state team vision", 2.0);
            assertThat(byKey).containsEntry("budget_state team research", 0.0);
            // idle today: GPU-a1's 4 idle hours = 4.00 EUR amortisation + 0.11424 EUR electricity
            assertThat(byKey.get(AccountingSignals.IDLE_COST_TODAY))
                    .isCloseTo(4.11424, org.assertj.core.data.Offset.offset(1e-9));
            // each GPU's cost a day at today's run rate: its cost of the 21 hours so far × 24 / 21
            io.gridscope.reports.config.AccountingConfig config =
                    io.gridscope.reports.config.AccountingFile.load(file, java.util.Currency.getInstance("EUR"));
            io.gridscope.reports.accounting.AccountingReport today =
                    new io.gridscope.reports.accounting.AccountingEngine(
                                    config,
                                    new io.gridscope.reports.usage.HistoryUsageSource(store.reader()),
                                    AccountingIntensity.lookupFor(config, store.reader()),
                                    clock)
                            .report(new io.gridscope.reports.accounting.ReportRequest(
                                    Instant.parse("2026-11-03T00:00:00Z"),
                                    clock.instant(),
                                    io.gridscope.reports.accounting.GroupBy.GPU,
                                    config.currency()));
            List<Sample> perDay = samples.stream()
                    .filter(s -> s.series().metric().equals(AccountingSignals.GPU_COST_PER_DAY))
                    .toList();
            assertThat(perDay).hasSize(3).allSatisfy(s -> {
                assertThat(s.series().labels().get("currency")).hasValue("EUR");
                assertThat(s.series().labels().get("estimated")).hasValue("true");
                String uuid = s.series().labels().get("gpu_uuid").orElseThrow();
                double soFar = today.rows().stream()
                        .filter(r -> r.group().startsWith(uuid + " "))
                        .findFirst()
                        .orElseThrow()
                        .total()
                        .amount()
                        .doubleValue();
                assertThat(s.value()).isCloseTo(soFar * 24 / 21, org.assertj.core.data.Offset.offset(1e-9));
            });
            store.flush().get();
            List<LatestValue> stored = store.latest(AccountingSignals.BUDGET_STATE, Labels.of("owner", "team vision"));
            assertThat(stored).singleElement().extracting(LatestValue::value).isEqualTo(2.0);
        }
    }

    @Test
    void noFileNothingStoredAnInvalidFileIsAProblemNotACrash() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("d"));
        Path file = tmp.resolve("accounting.toml");
        try (HistoryStore store = HistoryStore.open(data);
                AccountingPublisher p = new AccountingPublisher(store, file, "h", Clock.systemUTC())) {
            assertThat(p.runOnce()).isEmpty();
            assertThat(p.lastProblem()).isEmpty();
            Files.writeString(file, "currency = \"EUX\"\n");
            assertThat(p.runOnce()).isEmpty();
            assertThat(p.lastProblem()).hasValueSatisfying(m -> assertThat(m).contains("unknown currency 'EUX'"));
        }
    }
}
