package io.gridscope.reports.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.gridscope.testsupport.SharedTestData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CodeCarbon's method on the same inputs: emissions (kg) = energy (kWh) × PUE × the country's carbon intensity from
 * CodeCarbon's own {@code global_energy_mix.json} (g/kWh) ÷ 1000. Gridscope's report, with the site's {@code zone}
 * set to the country, must give the same kgCO2e to the gram. The intensity is read here from CodeCarbon's file in the
 * shared reference data, independently of the table Gridscope ships.
 */
class CodeCarbonMethodTest {
    static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-21T00:00:00Z");
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"DEU, DE, 1.4, 320", "FRA, France, 1.1, 250", "IND, IN, 1.6, 700", "USA, USA, 1.0, 185.5"})
    void sameKgCo2eAsCodeCarbon(String iso3, String zoneAsWritten, String pue, double watts) throws Exception {
        JsonNode mix = new ObjectMapper()
                .readTree(SharedTestData.require("reference/carbon/codecarbon/private_infra")
                        .resolve("global_energy_mix.json")
                        .toFile());
        BigDecimal intensity =
                new BigDecimal(mix.get(iso3).get("carbon_intensity").asText());

        // one GPU at a constant power for 24 h, read by its energy counter once a minute
        try (HistoryStore store =
                HistoryStore.open(dir, HistoryOptions.defaults().withClock(NOW))) {
            SeriesId energy = SeriesId.counter(
                    "gpu_energy_joules_total", Unit.JOULES, Labels.of("host", "ws1", "gpu_uuid", "GPU-1"));
            double joules = 0;
            for (int k = -1; k < 24 * 60; k++) {
                long t = FROM.toEpochMilli() + k * 60_000L;
                store.append(Snapshot.of("test", t, List.of(new Sample(energy, t, joules))));
                joules += watts * 60;
            }
            store.flush().get();
        }
        AccountingConfig config = AccountingFile.parse(
                "timezone = \"UTC\"\n[[site]]\nid = \"lab\"\nhosts = [\"ws1\"]\npue = " + pue + "\nzone = \""
                        + zoneAsWritten + "\"\n",
                Path.of("accounting.toml"),
                Currency.getInstance("EUR"));
        AccountingReport r;
        try (HistoryReader reader =
                HistoryReader.open(dir, HistoryOptions.defaults().withClock(NOW))) {
            r = new AccountingEngine(
                            config, new HistoryUsageSource(reader), SiteIntensities.of(config, reader::queryRange), NOW)
                    .report(new ReportRequest(FROM, TO, GroupBy.SITE, Currency.getInstance("EUR")));
        }
        BigDecimal kwh =
                BigDecimal.valueOf(watts).multiply(BigDecimal.valueOf(24)).movePointLeft(3);
        BigDecimal codeCarbonKg =
                kwh.multiply(new BigDecimal(pue)).multiply(intensity).movePointLeft(3);
        assertThat(r.total().operationalKg().setScale(3, RoundingMode.HALF_EVEN))
                .isEqualByComparingTo(codeCarbonKg.setScale(3, RoundingMode.HALF_EVEN));
        assertThat(r.methodology().sections().stream().flatMap(s -> s.lines().stream()))
                .anyMatch(l -> l.contains("site lab:")
                        && l.contains(intensity.stripTrailingZeros().toPlainString()));
    }
}
