package io.gridscope.reports.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountingFileTest {
    static final Path FILE = Path.of("/etc/gridscope/accounting.toml");
    static final Currency EUR = Currency.getInstance("EUR");

    static AccountingConfig parse(String text) throws ConfigException {
        return AccountingFile.parse(text, FILE, EUR);
    }

    static List<String> problems(String text) {
        try {
            parse(text);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigException.Problem::format).toList();
        }
        throw new AssertionError("expected the configuration to be refused:\n" + text);
    }

    @Test
    void aCompleteFileIsRead() throws Exception {
        AccountingConfig c = parse("""
                # prices of the Frankfurt room
                currency = "EUR"
                timezone = "Europe/Berlin"
                idle_threshold = 0.1
                share_idle = true

                [[site]]
                id = "fra"
                hosts = ["gpu-*", "login1"]
                pue = 1.35
                intensity = 900        # lbs per MWh
                intensity_unit = "lbs/MWh"
                intensity_basis = "marginal"

                [[electricity]]
                site = "fra"
                currency = "EUR"
                from = "2026-11-15T12:00"
                price_per_kwh = "0.2875"
                """);
        assertThat(c.timeZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(c.idleThresholdRatio()).isEqualByComparingTo("0.1");
        assertThat(c.shareIdle()).isTrue();
        Site fra = c.sites().get(0);
        assertThat(fra.holds("gpu-07")).isTrue();
        assertThat(fra.holds("login2")).isFalse();
        // 900 lbs/MWh × 0.45359237 = 408.233133 g/kWh exactly
        assertThat(fra.intensityFixedGramsPerKwh().orElseThrow()).isEqualByComparingTo("408.233133");
        assertThat(fra.intensityKind().describe()).isEqualTo("marginal, lifecycle");
        assertThat(c.electricity().get(0).effective().from()).isEqualTo(Instant.parse("2026-11-15T11:00:00Z"));
        assertThat(c.electricity().get(0).flatPerKwh().orElseThrow()).isEqualTo(new BigDecimal("0.2875"));
    }

    @Test
    void aNegativePriceNamesFileLineAndField() {
        assertThat(problems("""
                [[cloud]]
                host = "a100-*"
                currency = "USD"
                price_per_hour = -3.2
                """)).containsExactly(FILE + ":4: cloud.price_per_hour: cannot be negative, got -3.2");
    }

    @Test
    void aZeroLifetimeIsRefused() {
        assertThat(problems("""
                [[hardware]]
                gpu = "GPU-1"
                purchase_price = "30000"
                currency = "EUR"
                purchase_date = "2026-01-01"
                lifetime_years = 0
                """))
                .containsExactly(FILE + ":6: hardware.lifetime_years: a lifetime must be more than zero, got 0");
    }

    @Test
    void anUnknownCurrencyIsRefused() {
        assertThat(problems("""
                [[gpu_hour_default]]
                price_per_hour = "1.10"
                currency = "EUX"
                """))
                .containsExactly(FILE + ":3: gpu_hour_default.currency: unknown currency 'EUX': an ISO 4217 code such"
                        + " as EUR, USD or GBP");
        assertThat(problems("currency = \"euro\"\n")).hasSize(1);
    }

    @Test
    void overlappingEffectiveDatesAreRefused() {
        assertThat(problems("""
                [[site]]
                id = "fra"
                hosts = ["*"]

                [[electricity]]
                site = "fra"
                currency = "EUR"
                from = "2026-11-01"
                price_per_kwh = "0.30"

                [[electricity]]
                site = "fra"
                currency = "EUR"
                from = "2026-11-15"
                price_per_kwh = "0.32"
                """))
                .singleElement()
                .asString()
                .startsWith(FILE + ":11: electricity.from: overlaps the [[electricity]] on line 5 for the same site"
                        + " (fra)")
                .endsWith("end the first (to = …) where the second starts");
    }

    @Test
    void timeOfUseBandsMustCoverTheDay() {
        assertThat(problems("""
                [[site]]
                id = "fra"
                hosts = ["*"]
                [[electricity]]
                site = "fra"
                currency = "EUR"
                from = "2026-11-01"
                time_of_use = ["00:00-08:00=0.20",
                               "09:00-24:00=0.30"]
                """))
                .containsExactly(FILE + ":8: electricity.time_of_use: the bands must cover the day from 00:00 to 24:00"
                        + " without gaps or overlaps; expected a band starting at 08:00, found 09:00");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> p = problems("""
                idle_threshold = 5
                colour = "blue"
                [[site]]
                id = "x"
                hosts = ["*"]
                pue = 0.9
                [[electricity]]
                site = "y"
                currency = "EUR"
                from = "2026-13-01"
                price_per_kwh = "0.3"
                [[budget]]
                team = "a"
                project = "b"
                period = "week"
                amount = "10"
                currency = "EUR"
                [[hardware]]
                host = "h1"
                purchase_price = "100"
                residual_value = "200"
                currency = "EUR"
                purchase_date = "2026-01-01"
                lifetime_months = 36
                """);
        assertThat(p)
                .contains(FILE + ":1: idle_threshold: a utilisation ratio between 0 and 1 (0.05 = 5 %), got 5")
                .anyMatch(s -> s.startsWith(FILE + ":2: colour: unknown key"))
                .contains(FILE + ":6: site.pue: a PUE is at least 1.0 (facility energy ÷ IT energy), got 0.9")
                .anyMatch(s -> s.startsWith(FILE + ":10: electricity.from: '2026-13-01' is not a date"))
                .contains(FILE + ":12: budget.team: a budget belongs to a team or to a project (one of them)")
                .contains(FILE + ":15: budget.period: month or quarter, got week")
                .contains(FILE + ":21: hardware.residual_value: is more than the purchase price");
    }

    @Test
    void syntaxErrorsHaveTheirLine() {
        assertThat(problems("currency = \"EUR\"\n\n[[site]\n"))
                .containsExactly(FILE + ":3: an array-of-tables header must end with ]]");
        assertThat(problems("pue = 1.4 1.5\n")).singleElement().asString().contains(":1: unexpected text");
        assertThat(problems("x = {a = 1}\n")).singleElement().asString().contains("inline tables are not supported");
    }

    @Test
    void unknownReferencesAreRefused() {
        assertThat(problems("""
                [[electricity]]
                site = "nowhere"
                currency = "EUR"
                from = "2026-11-01"
                price_per_kwh = "0.3"
                """)).containsExactly(FILE + ":1: electricity.site: no [[site]] has id nowhere");
    }

    @Test
    void aMissingFileIsAnEmptyConfigurationAndAnOversizedOneIsRefused(@TempDir Path dir) throws Exception {
        AccountingConfig empty = AccountingFile.load(dir.resolve("accounting.toml"), EUR);
        assertThat(empty.sites()).isEmpty();
        assertThat(empty.file()).isEmpty();
        Path big = dir.resolve("big.toml");
        Files.write(big, new byte[(int) AccountingFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> AccountingFile.load(big, EUR))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at most " + AccountingFile.MAX_BYTES + " are read");
    }

    @Test
    void hardwareIsAmortisedOverTheHoursOfItsLife() throws Exception {
        AccountingConfig c = parse("""
                timezone = "UTC"
                [[hardware]]
                gpu_model = "NVIDIA A100*"
                on_hosts = "dgx-*"
                purchase_price = "35064"
                residual_value = "0"
                support_per_year = "0"
                currency = "EUR"
                purchase_date = "2026-01-01"
                lifetime_years = 4
                """);
        var h = c.hardware().get(0);
        assertThat(h.endOfLife()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(h.lifeSeconds()).isEqualTo(35_064L * 3600);
        assertThat(h.perSecond().times(BigDecimal.valueOf(3600)).amount()).isEqualByComparingTo("1");
    }

    @Test
    void countsTooLargeForTheirFieldAreProblemsNotCrashes() {
        // found by AccountingFileFuzzTest: a lifetime of 10^95 months threw ArithmeticException from intValueExact
        assertThat(problems("""
                [embodied]
                gpu_card_kgco2e = 150
                lifetime_months = 4855555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555
                """))
                .containsExactly(
                        FILE + ":3: embodied.lifetime_months: a whole number of months from 1 to 1200 (100 years),"
                                + " got 4855555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555");
        assertThat(problems("""
                [embodied]
                lifetime_months = 1201
                """)).singleElement().asString().contains("from 1 to 1200");
        assertThat(problems("""
                [[cloud]]
                host = "gpu-1"
                currency = "EUR"
                price_per_hour = "12"
                from = "2026-01-01"
                gpus = 3000000000
                """))
                .containsExactly(FILE + ":6: cloud.gpus: a whole number of GPUs from 1 to 1024, got 3000000000");
    }

    @Test
    void aControlCharacterInAStringIsAProblemWithItsLine() {
        // found by AccountingFileFuzzTest: a NUL in a path threw InvalidPathException out of the parser
        assertThat(problems("""
                [[site]]
                id = "fra"
                hosts = ["*"]
                intensity_profile = "/etc/gridscope/B\u0000hall.csv"
                """))
                .containsExactly(FILE + ":4: a string holds the control character U+0000, which TOML does not allow"
                        + " (only tab; a line break is written \\n)");
        assertThat(problems("[[site]]\nid = 'fr\u0007a'\n"))
                .singleElement()
                .asString()
                .contains(":2: ")
                .contains("U+0007");
        assertThat(problems("[[site]]\nid = \"fra\u007f\"\n"))
                .singleElement()
                .asString()
                .contains("U+007F");
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        // the example the README points to, in the repository (not the shared test data)
        Path example = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/accounting.example.toml");
        AccountingConfig c = AccountingFile.load(example, EUR);
        assertThat(c.sites()).hasSize(2);
        assertThat(c.electricity()).hasSize(2);
        assertThat(c.hardware()).hasSize(2);
        assertThat(c.allocation()).hasSize(3);
        assertThat(c.file()).contains(example);
    }

    @Test
    void aZoneWithoutIntensityIsRefusedNotReplacedByZero() {
        assertThat(problems("""
                [[site]]
                id = "lab"
                hosts = ["*"]
                zone = "Atlantis"
                """))
                .singleElement()
                .asString()
                .startsWith(FILE + ":4: site.zone: no built-in intensity for zone 'Atlantis'");
    }
}
